/**
 * <nat-event-log>: every event up to the current one, newest last, as one listbox (a single tab
 * stop): ↑ ↓ PageUp PageDown Home End move a cursor (aria-activedescendant), Enter or a click
 * seeks to that event and selects its packet; a packet's "#4" chip selects it without seeking.
 * Events are numbered "12.", packets "#4", everywhere.
 */
import { LitElement, css, html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { TraceEvent } from '../model/index.ts';
import { narrate } from '../app/narrate.ts';
import { t } from '../i18n/index.ts';
import type { Lang, StringKey } from '../i18n/index.ts';
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
    cursor: { state: true },
  };

  locale: Lang = 'es';
  events: readonly TraceEvent[] = [];
  index = 0;
  /** The event the keyboard cursor is on (follows `index` until the user moves it). */
  private cursor = 0;
  private followed = -1;

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
        font-size: var(--fs-xs);
        border-top: 1px solid var(--line);
      }
      ol:focus-visible {
        outline: 2px solid var(--accent);
        outline-offset: -2px;
      }
      ol:focus-visible li.active {
        outline: 1px dashed var(--accent);
        outline-offset: -1px;
      }
      li {
        cursor: pointer;
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
        color: var(--muted);
      }
      .help {
        margin: 0;
        padding: 3px 10px;
        font-size: var(--fs-xs);
        color: var(--faint);
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
        font: var(--fs-xs) var(--mono);
        color: var(--muted);
        word-break: break-all;
        white-space: pre-wrap;
      }
      .inspect {
        font: var(--fs-xs) var(--mono);
        padding: 1px 6px;
        border: 1px solid var(--line);
        border-radius: 4px;
        color: var(--muted);
      }
      .inspect:hover {
        border-color: var(--accent);
      }
    `,
  ];

  override willUpdate(): void {
    if (this.index !== this.followed) {
      this.followed = this.index;
      this.cursor = this.index;
    }
  }

  override updated(changed: Map<string, unknown>): void {
    const ol = this.renderRoot.querySelector('ol');
    if (!ol) return;
    if (changed.has('index') || changed.has('events')) ol.scrollTop = ol.scrollHeight;
    const li = ol.querySelector<HTMLElement>('li.active');
    if (!li) return;
    if (li.offsetTop < ol.scrollTop) ol.scrollTop = li.offsetTop;
    else if (li.offsetTop + li.offsetHeight > ol.scrollTop + ol.clientHeight)
      ol.scrollTop = li.offsetTop + li.offsetHeight - ol.clientHeight;
  }

  /** The packet an event is about, if any. */
  private static packetOf(e: TraceEvent | undefined): number | undefined {
    if (!e) return undefined;
    return 'packet' in e ? e.packet.id : e.type === 'translated' ? e.after.id : undefined;
  }

  /** Seeks to event `i` and selects its packet, if it has one. */
  private go(i: number): void {
    this.cursor = i;
    emit(this, 'nat-playback', { type: 'SEEK', index: i });
    const pid = NatEventLog.packetOf(this.events[i - 1]);
    if (pid !== undefined) emit(this, 'nat-select-packet', { id: pid });
  }

  private onKey(e: KeyboardEvent, first: number): void {
    const last = this.index;
    const moves: Record<string, number> = {
      ArrowUp: this.cursor - 1,
      ArrowDown: this.cursor + 1,
      PageUp: this.cursor - 10,
      PageDown: this.cursor + 10,
      Home: first,
      End: last,
    };
    const to = moves[e.key];
    if (to === undefined && e.key !== 'Enter') return;
    // The log's keys are its own: the page's shortcuts (Home, End, Enter) must not also fire.
    e.preventDefault();
    e.stopPropagation();
    if (to !== undefined) this.cursor = Math.max(first, Math.min(last, to));
    else if (this.cursor >= first) this.go(this.cursor);
  }

  override render() {
    const from = Math.max(0, this.index - LOG_WINDOW);
    const shown = this.events.slice(from, this.index);
    const tr = (k: StringKey, p?: Record<string, string | number>) => t(this.locale, k, p);
    return html`<section class="panel" aria-labelledby="log-h">
      <h2 id="log-h">${tr('eventLog')}</h2>
      <p class="help" id="log-help">${tr('logHelp')}</p>
      <ol
        role="listbox"
        tabindex="0"
        aria-labelledby="log-h"
        aria-describedby="log-help"
        aria-activedescendant=${ifDefined(shown.length ? `ev-${this.cursor}` : undefined)}
        @keydown=${(e: KeyboardEvent) => this.onKey(e, from + 1)}
      >
        ${shown.map((e, k) => {
          const i = from + k + 1;
          const n = narrate(this.locale, e);
          const pid = NatEventLog.packetOf(e);
          return html`<li
            role="option"
            id="ev-${i}"
            aria-selected=${i === this.index ? 'true' : 'false'}
            class="${i === this.index ? 'current' : ''} ${i === this.cursor ? 'active' : ''}"
            data-index=${i}
            @click=${() => this.go(i)}
          >
            <span class="n"
              ><span class="sr-only">${tr('eventNumber', { n: i })}</span
              ><span aria-hidden="true">${i}.</span></span
            >
            <span class="t ${n.tone}">${n.title}<code>${n.detail}</code></span>
            ${
              pid === undefined
                ? ''
                : html`<span
                    class="inspect"
                    data-packet=${pid}
                    title=${tr('inspect', { id: pid })}
                    @click=${(ev: Event) => {
                      ev.stopPropagation();
                      emit(this, 'nat-select-packet', { id: pid });
                    }}
                    >#${pid}</span
                  >`
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
