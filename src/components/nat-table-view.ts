/**
 * <nat-table-view>: one router's live NAT state under its name: the mappings (RFC 4787 view:
 * internal ⇄ external, whom the filter admits, a lifetime countdown; recently expired ones greyed
 * with their time) and the conntrack-style flows (original and reply tuples, as `conntrack -L`),
 * with rows marked as they appear, refresh and expire; the router's NAT picker on top.
 */
import { LitElement, html } from 'lit';
import { formatEndpoint } from '../model/index.ts';
import type { BindingView, FlowView, NatPolicy, NatView, TraceEvent } from '../model/index.ts';
import { conntrackLine } from '../model/nat-tables.ts';
import type { ExpiredMapping } from '../app/expired.ts';
import type { NatChoice } from '../app/url-state.ts';
import { nodeName } from '../app/narrate.ts';
import { t } from '../i18n/index.ts';
import type { Lang, StringKey } from '../i18n/index.ts';
import { bindingNote } from '../i18n/reasons.ts';
import { panelStyles } from './styles.ts';
import { tableStyles } from './nat-table-view.styles.ts';
import './nat-picker.ts';

const ep = formatEndpoint;

/** Who a mapping's filter lets in, by the policy's filtering rule. */
export function permits(b: BindingView, filtering: NatPolicy['filtering']): string[] | 'any' {
  if (filtering === 'endpoint-independent') return 'any';
  const list = b.remotes.map((r) => (filtering === 'address-dependent' ? `${r.ip}:*` : ep(r)));
  return [...new Set(list)];
}

/** One conntrack tuple as a cell: source, then → destination. */
function tuple(t: FlowView['original'], which: 'original' | 'reply') {
  return html`<td class=${which}>
    <div>${ep(t.src)}</div>
    <div>→ ${ep(t.dst)}</div>
  </td>`;
}

/** One router's tables. */
export class NatTableView extends LitElement {
  static override properties = {
    locale: { type: String },
    view: { attribute: false },
    policy: { attribute: false },
    choice: { attribute: false },
    now: { type: Number },
    event: { attribute: false },
    expired: { attribute: false },
    flowsOpen: { type: Boolean },
  };

  locale: Lang = 'es';
  view: NatView | undefined;
  policy: NatPolicy | undefined;
  choice: NatChoice | undefined;
  now = 0;
  event: TraceEvent | undefined;
  /** Mappings of this router that expired a short while ago (src/app/expired.ts). */
  expired: readonly ExpiredMapping[] = [];
  /** Whether the flows table starts open (Linux presets). */
  flowsOpen = false;

  static override styles = [panelStyles, tableStyles];

  private mark(kind: 'binding' | 'flow', id: number): string {
    const e = this.event;
    if (!e || !this.view || !('node' in e) || e.node !== this.view.node) return '';
    if (kind === 'binding') {
      if (e.type === 'mapping-created' && e.binding.id === id) return 'new';
      if (e.type === 'mapping-refreshed' && e.bindingId === id) return 'refreshed';
      if (e.type === 'translated' && e.bindingId === id) return 'used';
    } else if (e.type === 'flow-created' && e.flow.id === id) return 'new';
    return '';
  }

  private countdown(expiresAt: number) {
    const left = Math.max(0, expiresAt - this.now);
    const life = Math.max(this.policy?.lifetimeMs ?? 1, this.policy?.streamLifetimeMs ?? 1, left);
    return html`<span
      class="ttl"
      title=${t(this.locale, 'expiresIn', { s: (left / 1000).toFixed(1) })}
    >
      <span class="bar"><i style="width:${(left / life) * 100}%"></i></span>
      <span class="secs">${(left / 1000).toFixed(1)} s</span>
    </span>`;
  }

  override render() {
    const v = this.view;
    if (!v) return html``;
    const tr = (k: StringKey, p?: Record<string, string | number>) => t(this.locale, k, p);
    const filtering = this.policy?.filtering ?? 'address-port-dependent';
    const e = this.event;
    const gone = [...this.expired];
    if (e?.type === 'mapping-expired' && e.node === v.node)
      if (!gone.some((x) => x.binding.id === e.binding.id))
        gone.push({ binding: e.binding, at: e.t });
    const expiredF = e?.type === 'flow-expired' && e.node === v.node ? e.flow : undefined;
    return html`<section class="panel" aria-labelledby="h-${v.node}" data-router=${v.node}>
      <header>
        <h3 id="h-${v.node}">
          ${nodeName(this.locale, v.node)} <span class="ip">${v.externalIp}</span>
        </h3>
        ${
          this.choice
            ? html`<nat-picker
                .locale=${this.locale}
                .router=${v.node}
                .choice=${this.choice}
              ></nat-picker>`
            : ''
        }
      </header>
      <div class="scroll" tabindex="0" role="region" aria-label=${tr('bindings')}>
        <table class="bindings" aria-label=${tr('bindings')}>
          <caption>
            ${tr('bindings')}
          </caption>
          <thead>
            <tr>
              <th scope="col">${tr('internalCol')} ⇄ ${tr('externalCol')} · ${tr('expiresCol')}</th>
              <th scope="col">${tr('permitsCol')}</th>
            </tr>
          </thead>
          <tbody>
            ${
              v.bindings.length === 0 && gone.length === 0
                ? html`<tr class="empty">
                    <td colspan="2">${tr('noBindings')}</td>
                  </tr>`
                : ''
            }
            ${v.bindings.map((b) => {
              const p = permits(b, filtering);
              return html`<tr class="binding ${this.mark('binding', b.id)}" data-binding=${b.id}>
                <td>
                  <div>${ep(b.internal)}</div>
                  <div>⇄ <b>${ep(b.external)}</b></div>
                  ${b.keyRemote ? html`<div class="sub">${tr('keyCol')} ${ep(b.keyRemote)}</div>` : ''}
                  ${b.note ? html`<div class="note">${bindingNote(this.locale, b)}</div>` : ''}
                  ${this.countdown(b.expiresAt)}
                </td>
                <td>
                  ${p === 'any' ? html`<i>${tr('anyRemote')}</i>` : p.map((r) => html`<div>${r}</div>`)}
                </td>
              </tr>`;
            })}
            ${gone.map(
              (x) =>
                html`<tr class="binding expired" data-expired=${x.binding.id}>
                  <td>
                    <div class="gone">${ep(x.binding.internal)}</div>
                    <div class="gone">⇄ ${ep(x.binding.external)}</div>
                    <div class="when">
                      ${tr('expiredAt', { time: Math.round(x.at / 100) / 10 })}
                    </div>
                  </td>
                  <td>✕ ${tr('expired')}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <details ?open=${this.flowsOpen}>
        <summary>${tr('showFlows', { n: v.flows.length })}</summary>
        <div class="scroll" tabindex="0" role="region" aria-label=${tr('flows')}>
          <table class="flows" aria-label=${tr('flows')}>
            <thead>
              <tr>
                <th scope="col">${tr('originalTuple')}</th>
                <th scope="col">${tr('replyTuple')}</th>
                <th scope="col">${tr('stateCol')}</th>
              </tr>
            </thead>
            <tbody>
              ${
                v.flows.length === 0 && !expiredF
                  ? html`<tr class="empty">
                      <td colspan="3">${tr('noFlows')}</td>
                    </tr>`
                  : ''
              }
              ${v.flows.map(
                (f) =>
                  html`<tr
                    class="flow ${f.kind} ${this.mark('flow', f.id)}"
                    data-flow=${f.id}
                    data-origin=${f.origin}
                    title=${conntrackLine(f, this.now)}
                  >
                    ${tuple(f.original, 'original')} ${tuple(f.reply, 'reply')}
                    <td>
                      <div class="state ${f.replied ? 'ok' : ''}">
                        ${f.kind === 'local' ? 'local ' : ''}${f.replied ? '[ASSURED]' : '[UNREPLIED]'}
                      </div>
                      ${this.countdown(f.expiresAt)}
                    </td>
                  </tr>`,
              )}
              ${
                expiredF
                  ? html`<tr class="flow expired">
                      ${tuple(expiredF.original, 'original')} ${tuple(expiredF.reply, 'reply')}
                      <td>✕ ${tr('expired')}</td>
                    </tr>`
                  : ''
              }
            </tbody>
          </table>
        </div>
      </details>
    </section>`;
  }
}

customElements.define('nat-table-view', NatTableView);

declare global {
  interface HTMLElementTagNameMap {
    'nat-table-view': NatTableView;
  }
}
