/**
 * <nat-terminal>: one actor's terminal (Server, Alice or Bob): the commands as typed, with a
 * prompt, and what they printed; the lines of the current event highlighted, the newest command
 * typed out, and the pane kept scrolled to the bottom. Clicking a line seeks to its event. Under
 * the output, a prompt line where the student types commands (Enter runs, ↑ ↓ history, ^C):
 * they are sent up as `nat-type`; a line the model refuses comes back and shows its error.
 */
import { LitElement, html } from 'lit';
import type { IndexedLine } from '../app/timeline.ts';
import type { TypingView } from '../app/typed.ts';
import { nodeName } from '../app/narrate.ts';
import { commandErrorText } from '../i18n/commands.ts';
import { t } from '../i18n/index.ts';
import type { Lang } from '../i18n/index.ts';
import { emit } from './events.ts';
import { panelStyles } from './styles.ts';
import { terminalStyles } from './nat-terminal.styles.ts';

/** One terminal pane. */
export class NatTerminal extends LitElement {
  static override properties = {
    locale: { type: String },
    actor: { type: String },
    lines: { attribute: false },
    index: { type: Number },
    stepStart: { type: Number },
    typing: { attribute: false },
    draft: { state: true },
  };

  locale: Lang = 'es';
  actor = '';
  lines: readonly IndexedLine[] = [];
  /** The current event index. */
  index = 0;
  /** Index of the command that started the current step: it and later lines are highlighted. */
  stepStart = Infinity;
  /** What the app says about typing: a refused line, whose command undo removes. */
  typing: TypingView = {};
  /** The text in the prompt. */
  private draft = '';
  /** Lines entered here, oldest first, and where ↑ ↓ stand in them. */
  private readonly history: string[] = [];
  private cursor = 0;

  static override styles = [panelStyles, terminalStyles];

  override updated(): void {
    const pre = this.renderRoot.querySelector('pre');
    if (pre) pre.scrollTop = pre.scrollHeight;
  }

  /** Sends a line up (the app runs it or says why not) and keeps it in the history. */
  private enter(line: string): void {
    if (line.trim() === '') return;
    if (this.history.at(-1) !== line) this.history.push(line);
    this.cursor = this.history.length;
    this.draft = '';
    emit(this, 'nat-type', { actor: this.actor, line: line.trim() });
  }

  private readonly onKey = (e: KeyboardEvent): void => {
    const input = e.target as HTMLInputElement;
    if (e.key === 'Enter') {
      e.preventDefault();
      this.enter(input.value);
    } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      const n = this.history.length;
      this.cursor = Math.max(0, Math.min(n, this.cursor + (e.key === 'ArrowUp' ? -1 : 1)));
      this.draft = this.history[this.cursor] ?? '';
      input.value = this.draft;
    } else if (e.ctrlKey && !e.shiftKey && e.key.toLowerCase() === 'c') {
      // Ctrl+C interrupts, as in a terminal, unless text is selected to copy.
      if (input.selectionStart !== input.selectionEnd) return;
      e.preventDefault();
      this.enter('^C');
    }
  };

  /** The refused line and its error, when it was typed here at the frame shown. */
  private refused() {
    const r = this.typing.refused;
    if (!r || r.actor !== this.actor || r.index !== this.index) return '';
    const why = r.refusal;
    const text =
      'message' in why
        ? why.message
        : 'limit' in why
          ? t(this.locale, why.limit, { max: why.max })
          : commandErrorText(this.locale, why);
    return html`<span class="line command rejected" data-testid="refused"
        ><span class="prompt">${this.actor}$ </span><span class="text">${r.line}</span></span
      ><span class="line stderr" role="alert">${text}</span>`;
  }

  private prompt(name: string) {
    const tr = (k: Parameters<typeof t>[1]) => t(this.locale, k, { actor: name });
    const id = `cmd-${this.actor}`;
    return html`<form @submit=${(e: Event) => e.preventDefault()}>
      <label class="sr-only" for=${id}>${tr('typeCommandLabel')}</label>
      <span class="ps1" aria-hidden="true">${this.actor}$</span>
      <input
        id=${id}
        type="text"
        autocomplete="off"
        autocapitalize="off"
        spellcheck="false"
        enterkeyhint="send"
        maxlength="300"
        placeholder=${tr('typeCommandHint')}
        .value=${this.draft}
        @input=${(e: Event) => (this.draft = (e.target as HTMLInputElement).value)}
        @keydown=${this.onKey}
      />
      <button
        type="button"
        title=${tr('interruptHelp')}
        aria-label=${tr('interruptHelp')}
        @click=${() => this.enter('^C')}
      >
        ^C
      </button>
      ${
        this.typing.lastActor === this.actor
          ? html`<button
              type="button"
              data-action="undo-typed"
              title=${tr('undoTypedHelp')}
              aria-label=${tr('undoTypedHelp')}
              @click=${() => emit(this, 'nat-type', { undo: true })}
            >
              ↶
            </button>`
          : ''
      }
    </form>`;
  }

  override render() {
    const tone = `var(--${this.actor === 'bob' || this.actor === 'alice' ? this.actor : 'server'})`;
    const name = nodeName(this.locale, this.actor);
    const prompt = `${this.actor}$ `;
    const last = this.lines.at(-1);
    return html`<section class="panel" style="--tone:${tone}" data-actor=${this.actor}>
      <header>
        <span class="dot" aria-hidden="true"></span>
        <h3>${name}</h3>
      </header>
      <pre tabindex="0" role="log" aria-label=${t(this.locale, 'terminalOf', { actor: name })}>${
        this.lines.length === 0
          ? html`<span class="empty">${t(this.locale, 'noCommands')}</span>`
          : this.lines.map(
              (l) =>
                html`<span
                  class="line ${l.kind} ${l.index >= this.stepStart ? 'current' : ''} ${
                    l.kind === 'command' && l === last && l.index === this.index ? 'typing' : ''
                  }"
                  data-index=${l.index}
                  @click=${() => emit(this, 'nat-playback', { type: 'SEEK', index: l.index })}
                  >${
                    l.kind === 'command'
                      ? html`<span class="prompt">${prompt}</span
                          ><span class="text">${l.text}</span>`
                      : l.text.replace(/\n$/, '')
                  }</span
                >`,
            )
      }${this.refused()}<span class="cursor" aria-hidden="true"></span></pre>
      ${this.typing.readOnly ? '' : this.prompt(name)}
    </section>`;
  }
}

customElements.define('nat-terminal', NatTerminal);

declare global {
  interface HTMLElementTagNameMap {
    'nat-terminal': NatTerminal;
  }
}
