/**
 * <lesson-terminal>: a terminal block: the commands as typed (`alice$ ...`), and "Run in the
 * simulator", which opens an embedded simulator and types them into its terminals in order.
 */
import { LitElement, html } from 'lit';
import { t } from '../i18n/index.ts';
import type { Lang } from '../i18n/index.ts';
import type { TerminalBlock } from '../lessons/types.ts';
import { lessonStyles } from './lesson.styles.ts';
import type { LessonSimulator } from './lesson-simulator.ts';

/** A terminal block. */
export class LessonTerminal extends LitElement {
  static override properties = {
    block: { attribute: false },
    locale: { type: String },
    open: { state: true },
  };

  block: TerminalBlock | undefined;
  locale: Lang = 'es';
  private open = false;

  static override styles = [lessonStyles];

  private async run(): Promise<void> {
    const b = this.block;
    if (!b) return;
    await import('./lesson-simulator.ts');
    this.open = true;
    await this.updateComplete;
    const sim = this.renderRoot.querySelector<LessonSimulator>('lesson-simulator');
    await sim?.updateComplete;
    sim?.typeLines(b.lines);
  }

  override render() {
    const b = this.block;
    if (!b) return html``;
    return html`<div class="block">
      <h3 class="kind">${t(this.locale, 'terminalHeading')}</h3>
      <pre
        tabindex="0"
        aria-label=${t(this.locale, 'terminalHeading')}
      ><code>${b.lines.map((l) => html`<span class="line"><span class="actor">${l.actor}$</span> ${l.command}</span>`)}</code></pre>
      <div class="controls">
        <button data-action="run" @click=${() => void this.run()}>
          ${t(this.locale, 'terminalRun')}
        </button>
        ${this.open ? html`<span class="muted" role="status">${t(this.locale, 'terminalRan')}</span>` : ''}
      </div>
      ${this.open ? html`<lesson-simulator .setup=${b.setup} .locale=${this.locale}></lesson-simulator>` : ''}
    </div>`;
  }
}

customElements.define('lesson-terminal', LessonTerminal);

declare global {
  interface HTMLElementTagNameMap {
    'lesson-terminal': LessonTerminal;
  }
}
