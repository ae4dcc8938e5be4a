/**
 * <nat-event-log>: every event up to the current one, newest last, as a keyboard-reachable list:
 * activating an entry seeks there, and packet events offer the inspector.
 */
import { LitElement, css, html } from 'lit';
import type { TraceEvent } from '../model/index.ts';
import { narrate } from '../app/narrate.ts';
import { t } from '../i18n/index.ts';
import type { Lang } from '../i18n/index.ts';
import { emit } from './events.ts';
import { panelStyles } from './styles.ts';

/** How many recent events the log renders (older ones are reachable with the timeline). */
export const LOG_WINDOW = 200;

/** The event log. */
export class NatEventLog extends LitElement {
  static override properties = {
    locale: { type: String },
    events: { attribute: false },
    index: { type: Number },
  };

  locale: Lang = 'es';
  events: readonly TraceEvent[] = [];
  index = 0;

  static override styles = [
    panelStyles,
    css`
      section {
        padding: 8px 0 0;
        display: flex;
        flex-direction: column;
        min-height: 0;
      }
      h2 {
        padding: 0 10px 6px;
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
        overflow: auto;
        max-height: var(--log-max, 260px);
        font-size: 12px;
        border-top: 1px solid var(--line);
      }
      li {
        display: grid;
        grid-template-columns: 34px 1fr auto;
        gap: 4px;
        padding: 3px 8px;
        border-bottom: 1px solid color-mix(in srgb, var(--line) 60%, transparent);
        align-items: start;
      }
      li.current {
        background: color-mix(in srgb, var(--accent) 12%, transparent);
      }
      .n {
        font-family: var(--mono);
        color: var(--faint);
        background: none;
        border: 0;
        padding: 0;
        min-height: 0;
        text-align: left;
      }
      .t.nat {
        color: var(--nat);
      }
      .t.ok {
        color: var(--ok);
      }
      .t.bad {
        color: var(--bad);
      }
      code {
        display: block;
        font: 11px var(--mono);
        color: var(--muted);
        word-break: break-all;
        white-space: pre-wrap;
      }
      button.inspect {
        font-size: 11px;
        min-height: 22px;
        padding: 0 6px;
      }
    `,
  ];

  override updated(): void {
    const ol = this.renderRoot.querySelector('ol');
    if (ol) ol.scrollTop = ol.scrollHeight;
  }

  override render() {
    const from = Math.max(0, this.index - LOG_WINDOW);
    const shown = this.events.slice(from, this.index);
    return html`<section class="panel" aria-labelledby="log-h">
      <h2 id="log-h">${t(this.locale, 'eventLog')}</h2>
      <ol>
        ${shown.map((e, k) => {
          const i = from + k + 1;
          const n = narrate(this.locale, e);
          const pid =
            'packet' in e ? e.packet.id : e.type === 'translated' ? e.after.id : undefined;
          return html`<li class=${i === this.index ? 'current' : ''} data-index=${i}>
            <button
              class="n"
              aria-label="#${i}"
              @click=${() => emit(this, 'nat-playback', { type: 'SEEK', index: i })}
            >
              ${i}
            </button>
            <span class="t ${n.tone}">${n.title}<code>${n.detail}</code></span>
            ${
              pid === undefined
                ? ''
                : html`<button
                    class="inspect"
                    aria-label=${t(this.locale, 'inspect', { id: pid })}
                    title=${t(this.locale, 'inspect', { id: pid })}
                    @click=${() => emit(this, 'nat-select-packet', { id: pid })}
                  >
                    #${pid}
                  </button>`
            }
          </li>`;
        })}
      </ol>
    </section>`;
  }
}

customElements.define('nat-event-log', NatEventLog);

declare global {
  interface HTMLElementTagNameMap {
    'nat-event-log': NatEventLog;
  }
}
