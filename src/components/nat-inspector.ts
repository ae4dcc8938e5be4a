/**
 * <nat-inspector>: the selected packet's IPv4 and UDP headers, its hops so far (with every NAT
 * rewrite), the payload as text and hex, and for STUN payloads the codec's annotated fields.
 */
import { LitElement, css, html } from 'lit';
import { formatEndpoint } from '../model/index.ts';
import type { TraceEvent } from '../model/index.ts';
import { inspectPacket } from '../app/inspect.ts';
import type { Inspection } from '../app/inspect.ts';
import { narrate } from '../app/narrate.ts';
import { t } from '../i18n/index.ts';
import type { Lang, StringKey } from '../i18n/index.ts';
import { emit } from './events.ts';
import { panelStyles } from './styles.ts';

/** The packet inspector. */
export class NatInspector extends LitElement {
  static override properties = {
    locale: { type: String },
    history: { attribute: false },
  };

  locale: Lang = 'es';
  /** The selected packet's events so far, oldest first (empty: nothing selected). */
  history: readonly { index: number; event: TraceEvent }[] = [];

  static override styles = [
    panelStyles,
    css`
      section {
        padding: 8px 10px;
        max-height: 72vh;
        overflow: auto;
      }
      header {
        display: flex;
        justify-content: space-between;
        align-items: center;
        gap: 6px;
      }
      h4 {
        margin: 10px 0 4px;
        font-size: var(--fs-xs);
        color: var(--accent);
        font-weight: 600;
      }
      dl {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 1px 10px;
        margin: 0;
        font-size: var(--fs-xs);
      }
      dt {
        color: var(--muted);
      }
      dd {
        margin: 0;
        font-family: var(--mono);
      }
      ol {
        margin: 0;
        padding-left: 18px;
        font-size: var(--fs-xs);
      }
      ol li code {
        display: block;
        color: var(--muted);
        font-size: var(--fs-xs);
        word-break: break-all;
      }
      pre {
        margin: 0;
        font: var(--fs-xs)/1.4 var(--mono);
        background: #0a0e13;
        padding: 6px;
        border-radius: 4px;
        overflow-x: auto;
      }
      .hint {
        color: var(--faint);
        font-size: var(--fs-xs);
        margin: 6px 0 0;
      }
      .stun {
        font-size: var(--fs-xs);
      }
      .field {
        display: grid;
        grid-template-columns: minmax(90px, auto) 1fr;
        gap: 0 8px;
        border-bottom: 1px solid var(--line);
        padding: 2px 0;
      }
      .field .label {
        color: var(--muted);
      }
      .field .value {
        font-family: var(--mono);
        font-size: var(--fs-xs);
        word-break: break-word;
      }
      .field .hex {
        grid-column: 1 / -1;
        font: var(--fs-xs) var(--mono);
        color: var(--faint);
        word-break: break-all;
      }
      .note {
        color: var(--nat);
      }
      .error {
        color: var(--bad);
        font-size: var(--fs-xs);
      }
    `,
  ];

  private fields(rows: Inspection['ip']) {
    return html`<dl>
      ${rows.map(
        (f) =>
          html`<dt>${t(this.locale, f.label)}</dt>
            <dd>${f.value}</dd>`,
      )}
    </dl>`;
  }

  override render() {
    const tr = (k: StringKey, p?: Record<string, string | number>) => t(this.locale, k, p);
    const lastWithPacket = [...this.history]
      .reverse()
      .map((h) => h.event)
      .find((e) => 'packet' in e || e.type === 'translated');
    if (!lastWithPacket) {
      return html`<section class="panel">
        <h2>${tr('inspector')}</h2>
        <p class="hint">${tr('inspectorHint')}</p>
      </section>`;
    }
    const packet =
      lastWithPacket.type === 'translated'
        ? lastWithPacket.after
        : 'packet' in lastWithPacket
          ? lastWithPacket.packet
          : undefined;
    if (!packet) return html``;
    const info = inspectPacket(packet);
    return html`<section class="panel" data-testid="inspector" data-packet=${packet.id}>
      <header>
        <h2>${tr('inspector')} · #${packet.id}</h2>
        <button
          aria-label=${tr('close')}
          @click=${() => emit(this, 'nat-select-packet', { id: undefined })}
        >
          ✕
        </button>
      </header>
      <div class="mono" style="margin-top:4px">
        ${formatEndpoint(packet.src)} → ${formatEndpoint(packet.dst)}
      </div>
      <h4>${tr('ipHeader')}</h4>
      ${this.fields(info.ip)}
      <h4>${tr('udpHeader')}</h4>
      ${this.fields([...info.udp, { label: 'checksum', value: tr('notModeled'), bits: 16 }])}
      <h4>${tr('payload')} · ${tr('bytes', { n: packet.payload.length })}</h4>
      <pre>${info.dump.map((r) => `${r.offset}  ${r.hex.padEnd(23)}  ${r.ascii}\n`).join('')}</pre>
      ${
        info.stun
          ? info.stun.ok
            ? html`<h4>${tr('stunMessage')} · ${info.stun.summary}</h4>
                <div class="stun" data-testid="stun">
                  ${info.stun.rows.map(
                    (r) =>
                      html`<div
                        class="field"
                        style="padding-left:${r.depth * 12}px"
                        title="offset ${r.offset}, ${r.length} B · ${r.rfc}"
                      >
                        <span class="label">${r.label}</span>
                        <span class="value"
                          >${r.text}${r.note ? html` <span class="note">(${r.note})</span>` : ''}</span
                        >
                        <code class="hex">@${r.offset} ${r.hex}</code>
                      </div>`,
                  )}
                </div>`
            : html`<p class="error">${tr('stunError', { error: info.stun.error })}</p>`
          : ''
      }
      <h4>${tr('hops')}</h4>
      <ol>
        ${this.history.map(({ index, event }) => {
          const n = narrate(this.locale, event);
          return html`<li value=${index}>${n.title}<code>${n.detail}</code></li>`;
        })}
      </ol>
    </section>`;
  }
}

customElements.define('nat-inspector', NatInspector);

declare global {
  interface HTMLElementTagNameMap {
    'nat-inspector': NatInspector;
  }
}
