/**
 * <nat-terminal>: one actor's terminal (Server, Alice or Bob): the commands as typed, with a
 * prompt, and what they printed; the lines of the current event highlighted, the newest command
 * typed out, and the pane kept scrolled to the bottom. Clicking a line seeks to its event.
 */
import { LitElement, css, html } from 'lit';
import type { IndexedLine } from '../app/timeline.ts';
import { nodeName } from '../app/narrate.ts';
import { t } from '../i18n/index.ts';
import type { Lang } from '../i18n/index.ts';
import { emit } from './events.ts';
import { panelStyles } from './styles.ts';

/** One terminal pane. */
export class NatTerminal extends LitElement {
  static override properties = {
    locale: { type: String },
    actor: { type: String },
    lines: { attribute: false },
    index: { type: Number },
    stepStart: { type: Number },
  };

  locale: Lang = 'es';
  actor = '';
  lines: readonly IndexedLine[] = [];
  /** The current event index. */
  index = 0;
  /** Index of the command that started the current step: it and later lines are highlighted. */
  stepStart = Infinity;

  static override styles = [
    panelStyles,
    css`
      section {
        display: flex;
        flex-direction: column;
        height: 100%;
        overflow: hidden;
      }
      header {
        display: flex;
        align-items: center;
        gap: 6px;
        padding: 5px 10px;
        border-bottom: 1px solid var(--line);
      }
      header .dot {
        width: 8px;
        height: 8px;
        border-radius: 50%;
        background: var(--tone, var(--server));
      }
      pre {
        margin: 0;
        padding: 6px 10px 10px;
        font: 11.5px/1.45 var(--mono);
        overflow: auto;
        flex: 1;
        min-height: 110px;
        max-height: var(--terminal-max, 220px);
        background: #0a0e13;
        border-radius: 0 0 8px 8px;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      .line {
        display: block;
        cursor: pointer;
        border-left: 2px solid transparent;
        padding-left: 4px;
        margin-left: -6px;
      }
      .line.command .prompt {
        color: var(--tone, var(--server));
        user-select: none;
      }
      .line.command {
        color: #f2f5f8;
      }
      .line.stdout {
        color: #b7c2cd;
        white-space: pre;
      }
      .line.stderr {
        color: var(--bad);
      }
      .line.current {
        border-left-color: var(--accent);
        background: color-mix(in srgb, var(--accent) 10%, transparent);
      }
      .line.typing .text {
        display: inline-block;
        overflow: hidden;
        vertical-align: bottom;
        animation: type 0.5s steps(30, end);
      }
      @keyframes type {
        from {
          max-width: 0;
        }
        to {
          max-width: 100%;
        }
      }
      .empty {
        color: var(--faint);
        font-style: italic;
      }
      .cursor {
        display: inline-block;
        width: 7px;
        height: 13px;
        background: var(--muted);
        vertical-align: text-bottom;
        opacity: 0.6;
      }
    `,
  ];

  override updated(): void {
    const pre = this.renderRoot.querySelector('pre');
    if (pre) pre.scrollTop = pre.scrollHeight;
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
      }<span class="cursor" aria-hidden="true"></span></pre>
    </section>`;
  }
}

customElements.define('nat-terminal', NatTerminal);

declare global {
  interface HTMLElementTagNameMap {
    'nat-terminal': NatTerminal;
  }
}
