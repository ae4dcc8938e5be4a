/**
 * <lab-connect>: "Connect to a lab" in the course bar: the hub URL, token and room (from the
 * fields, from `?hub=ws://…&token=…&room=…` as `agujero server` prints it, or remembered for the
 * tab in sessionStorage), the connection's state, the agents that joined (alice, bob, their nc
 * and the addresses the lab knows them by: LAN, public, what the Server saw), and
 * "Open a saved run" (a file picker; <lab-replay> shows it). The token leaves the address bar
 * once read.
 */
import { LitElement, css, html } from 'lit';
import { isHubUrl, isRoom, labHub } from '../app/hub-client.ts';
import type { HubTarget } from '../app/hub-client.ts';
import { OPENED_WITH } from '../app/opened-with.ts';
import { t } from '../i18n/index.ts';
import type { Lang, StringKey } from '../i18n/index.ts';
import type { AgentInfo } from '../protocol/messages.ts';
import type { LabRunEvent } from '../protocol/lab-run.ts';
import { PunchWatch } from '../app/punch-watch.ts';

const STORE = 'agujero.lab';
/** The room field's pattern (HTML compiles it with the `v` flag: the dash is escaped). */
const ROOM_PATTERN = '[A-Za-z0-9\\-]{1,32}';
/** The address as the page was opened: the course app rewrites it (dropping hub and token) later. */

/** The target the URL or this tab's storage names, if any. */
export function rememberedTarget(search: string): HubTarget | undefined {
  const q = new URLSearchParams(search);
  const url = q.get('hub');
  const room = (r: unknown): { room?: string } =>
    typeof r === 'string' && isRoom(r) ? { room: r } : {};
  if (url && isHubUrl(url)) return { url, token: q.get('token') ?? '', ...room(q.get('room')) };
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORE) ?? 'null') as HubTarget | null;
    if (saved && typeof saved.url === 'string' && isHubUrl(saved.url)) {
      const token = typeof saved.token === 'string' ? saved.token : '';
      return { url: saved.url, token, ...room(saved.room) };
    }
  } catch {
    // nothing remembered
  }
  return undefined;
}

/** The course bar's lab connection. */
export class LabConnect extends LitElement {
  static override properties = {
    locale: { type: String },
    problem: { state: true },
  };

  locale: Lang = 'es';
  private problem = '';
  private readonly onChange = (): void => this.requestUpdate();
  /** Punches streamed by `agujero punch --hub` in this room. */
  private readonly punches = new PunchWatch();
  private readonly onEvent = (e: Event): void => {
    if (this.punches.add((e as CustomEvent<LabRunEvent>).detail)) this.requestUpdate();
  };

  static override styles = css`
    details {
      position: relative;
      font-size: var(--fs-s, 14px);
    }
    summary {
      cursor: pointer;
      padding: 4px 8px;
      border: 1px solid var(--line, #889);
      border-radius: 6px;
      list-style: none;
    }
    .panel {
      position: absolute;
      right: 0;
      z-index: 20;
      width: min(340px, 90vw);
      padding: 10px;
      background: var(--panel, #fff);
      color: var(--text, #111);
      border: 1px solid var(--line, #889);
      border-radius: 8px;
      display: grid;
      gap: 6px;
    }
    label {
      display: grid;
      gap: 2px;
    }
    input {
      font: inherit;
    }
    .bad {
      color: var(--bad, #b00);
    }
    ul {
      margin: 0;
      padding-left: 18px;
    }
    /* Narrow screens: the bar wraps and the button sits at the left; open the panel rightwards. */
    @media (max-width: 600px) {
      .panel {
        left: 0;
        right: auto;
        width: min(340px, calc(100vw - 24px));
      }
    }
    .addresses {
      display: block;
      color: var(--muted, #555);
      font-size: 0.9em;
      overflow-wrap: anywhere;
    }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    labHub.addEventListener('change', this.onChange);
    labHub.addEventListener('event', this.onEvent);
    if (labHub.status === 'idle') {
      const target = rememberedTarget(OPENED_WITH);
      if (target) this.connect(target);
    }
    const q = new URLSearchParams(location.search);
    if (q.has('token')) {
      q.delete('token');
      history.replaceState(history.state, '', `?${q.toString()}${location.hash}`);
    }
  }

  override disconnectedCallback(): void {
    labHub.removeEventListener('change', this.onChange);
    labHub.removeEventListener('event', this.onEvent);
    super.disconnectedCallback();
  }

  private connect(target: HubTarget): void {
    if (!isHubUrl(target.url)) {
      this.problem = t(this.locale, 'labBadUrl');
      return;
    }
    if (target.room !== undefined && !isRoom(target.room)) {
      this.problem = t(this.locale, 'labBadRoom');
      return;
    }
    this.problem = '';
    this.punches.clear();
    sessionStorage.setItem(STORE, JSON.stringify(target));
    labHub.connect(target);
  }

  private submit(e: Event): void {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const room = String(data.get('room') ?? '').trim();
    this.connect({
      url: String(data.get('url') ?? ''),
      token: String(data.get('token') ?? ''),
      ...(room ? { room } : {}),
    });
  }

  private openFile(e: Event): void {
    const file = (e.target as HTMLInputElement).files?.[0];
    // The panel closes: the replay opens below it and the reader's next look is there.
    if (file) this.renderRoot.querySelector('details')?.removeAttribute('open');
    // <lab-replay> loads after the page: wait for it, or a file picked early would go unheard.
    if (file)
      void import('./lab-replay.ts').then(() =>
        window.dispatchEvent(new CustomEvent('lab-replay-file', { detail: file })),
      );
  }

  /** What the lab knows an agent by: LAN, public, and what the Server saw of it. */
  private addresses(a: AgentInfo) {
    const l = this.locale;
    const parts = [
      ...(a.lan?.length ? [t(l, 'labAgentLan', { lan: a.lan.join(', ') })] : []),
      ...(a.public ? [t(l, 'labAgentPublic', { ip: a.public })] : []),
      ...(a.saw ?? []).map((x) =>
        t(l, 'labAgentSaw', { local: x.local, seen: `${x.seen.ip}:${x.seen.port}` }),
      ),
    ];
    return parts.length ? html`<span class="addresses">${parts.join(' · ')}</span>` : '';
  }

  /** Each role's latest streamed punch: its phase and datagrams so far. */
  private punchList() {
    const l = this.locale;
    const list = this.punches.list();
    if (!list.length) return '';
    return html`<ul class="punches" aria-live="polite">
      ${list.map(
        (p) =>
          html`<li data-role=${p.role} data-phase=${p.phase ?? ''}>
            ${t(l, 'labPunch', {
              role: p.role,
              phase: p.phase ? t(l, `labPhase_${p.phase}` as StringKey) : '…',
              sent: p.sent,
              received: p.received,
            })}
          </li>`,
      )}
    </ul>`;
  }

  override render() {
    const l = this.locale;
    const s = labHub.status;
    const agents = labHub.agents;
    const room = labHub.target?.room;
    const summary =
      s !== 'connected'
        ? t(l, 'labConnect')
        : room
          ? t(l, 'labConnectedRoom', { room, n: agents.length })
          : t(l, 'labConnected', { n: agents.length });
    const status = t(l, `labStatus_${s}` as StringKey, { why: labHub.lastError });
    return html`<details>
      <summary data-lab-status=${s}>${summary}</summary>
      <div class="panel">
        <form @submit=${this.submit}>
          <label
            >${t(l, 'labHubUrl')}
            <input name="url" type="url" .value=${labHub.target?.url ?? ''} required
          /></label>
          <label
            >${t(l, 'labToken')}
            <input name="token" type="password" .value=${labHub.target?.token ?? ''}
          /></label>
          <label
            >${t(l, 'labRoom')}
            <input
              name="room"
              .value=${room ?? ''}
              pattern=${ROOM_PATTERN}
              maxlength="32"
              autocomplete="off"
              spellcheck="false"
          /></label>
          <button type="submit">${t(l, 'labDoConnect')}</button>
          ${
            s === 'idle'
              ? ''
              : html`<button type="button" @click=${() => labHub.disconnect()}>
                  ${t(l, 'labDisconnect')}
                </button>`
          }
        </form>
        <p role="status">${status}</p>
        ${this.problem ? html`<p class="bad" role="alert">${this.problem}</p>` : ''}
        ${
          s === 'connected'
            ? agents.length
              ? html`<ul class="agents">
                  ${agents.map(
                    (a) =>
                      html`<li data-role=${a.role}>
                        ${t(l, 'labAgent', {
                          role: a.role,
                          variant: a.nc.variant,
                          keep: a.nc.keep ? ' (-k)' : '',
                        })}
                        ${this.addresses(a)}
                      </li>`,
                  )}
                </ul>`
              : html`<p>${t(l, 'labNoAgents')}</p>`
            : ''
        }
        ${this.punchList()}
        <label
          >${t(l, 'labOpenRun')}
          <input
            type="file"
            accept="application/json,.json,.pcap,.pcapng,.cap"
            @change=${this.openFile}
        /></label>
      </div>
    </details>`;
  }
}

customElements.define('lab-connect', LabConnect);

declare global {
  interface HTMLElementTagNameMap {
    'lab-connect': LabConnect;
  }
}
