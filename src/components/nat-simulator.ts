/**
 * <nat-simulator>: the simulator page's layout: scenario and seed, the playback bar, the stage,
 * one NAT table per router, the three terminals, and a side column with goals, the packet
 * inspector and the event log. It renders what nat-app hands it and forwards events up.
 */
import { LitElement, html } from 'lit';
import { resolveNat } from '../model/index.ts';
import type { NatPolicy } from '../model/index.ts';
import type { RunRecord } from '../app/timeline.ts';
import type { TypingView } from '../app/typed.ts';
import { packetsAt } from '../app/packets.ts';
import { recentlyExpired } from '../app/expired.ts';
import { laneOrder } from '../app/sequence.ts';
import { natSpec } from '../app/url-state.ts';
import type { NatChoice } from '../app/url-state.ts';
import { scenarioTitle } from '../app/titles.ts';
import { PRESETS } from '../model/index.ts';
import { t } from '../i18n/index.ts';
import type { Lang, StringKey } from '../i18n/index.ts';
import { panelStyles } from './styles.ts';
import { simulatorStyles } from './nat-simulator.styles.ts';
import './nat-controls.ts';
import './nat-stage.ts';
import './nat-table-view.ts';
import './nat-terminal.ts';
import './nat-goals.ts';
import './nat-inspector.ts';
import './nat-event-log.ts';
import './nat-sequence.ts';
import './nat-pcapng-download.ts';

/** The simulator page. */
export class NatSimulator extends LitElement {
  static override properties = {
    locale: { type: String },
    timeline: { attribute: false },
    index: { type: Number },
    playing: { type: Boolean },
    speed: { type: Number },
    scenarioId: { type: String },
    choices: { attribute: false },
    selected: { type: Number },
    hopMs: { type: Number },
    typing: { attribute: false },
    presenting: { type: Boolean, reflect: true },
    panels: { attribute: false },
    embedded: { type: Boolean, reflect: true },
    stageView: { state: true },
    marked: { attribute: false },
  };

  locale: Lang = 'es';
  timeline: RunRecord | undefined;
  /** Presentation mode: the inspector, the event log and the key hints step aside. */
  presenting = false;
  index = 0;
  playing = false;
  speed = 1;
  scenarioId = 'walkthrough';
  /** The NAT shown for every router of the scenario. */
  choices: Readonly<Record<string, NatChoice>> = {};
  selected: number | undefined;
  hopMs = 600;
  /** What the terminals show about typing (a refused line, who can undo). */
  typing: TypingView = {};
  /**
   * The panels shown (a lesson's embedded simulator): any of topology, sequence, tables,
   * terminals, goals (the side column); undefined shows everything.
   */
  panels: readonly string[] | undefined;
  /** Inside a lesson: the terminals are not docked to the window's bottom. */
  embedded = false;
  /** Packets drawn marked on the stage and the sequence (a lab run's differing datagrams). */
  marked: ReadonlySet<number> | undefined;
  /** Topology or sequence diagram in the stage's place (unset: sequence under reduced motion). */
  private stageView: 'topology' | 'sequence' | undefined;

  static override styles = [panelStyles, simulatorStyles];

  private policy(router: string): NatPolicy | undefined {
    const c = this.choices[router];
    try {
      return c ? resolveNat(natSpec(c)) : undefined;
    } catch {
      return undefined;
    }
  }

  /** The actors in the topology drawing's left-to-right order, so terminals sit under their hosts. */
  private actorsLeftToRight(tl: RunRecord): string[] {
    const order = laneOrder(tl.scenario.topology).map((l) => l.id);
    return [...tl.scenario.actors].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  }

  override render() {
    const tl = this.timeline;
    if (!tl) return html``;
    const tr = (k: StringKey, p?: Record<string, string | number>) => t(this.locale, k, p);
    const frame = tl.frame(this.index);
    const packets = packetsAt(tl.events, this.index);
    const natNames: Record<string, string> = {};
    for (const [id, c] of Object.entries(this.choices)) {
      const p = PRESETS.find((x) => x.id === c.preset);
      natNames[id] =
        `${p ? p.name[this.locale] : c.preset}${Object.keys(c.overrides).length ? ' *' : ''}`;
    }
    const ticks = tl.commandIndices();
    const stepStart = [...ticks].reverse().find((i) => i <= this.index) ?? Infinity;
    const history = this.selected === undefined ? [] : tl.packetHistory(this.selected, this.index);
    const shown = (p: string) => !this.panels || this.panels.includes(p);
    const views = (['topology', 'sequence'] as const).filter(shown);
    const view =
      this.stageView ??
      (!shown('topology') ||
      (shown('sequence') && matchMedia('(prefers-reduced-motion: reduce)').matches)
        ? 'sequence'
        : 'topology');
    return html`
      <nat-controls
        .locale=${this.locale}
        .index=${this.index}
        .total=${tl.total}
        .playing=${this.playing}
        .speed=${this.speed}
        .now=${frame.now}
        .marks=${tl.marks}
      ></nat-controls>
      ${
        tl.limit
          ? html`<p class="limit" role="status" data-testid="run-limit">
              ${tr('runCut', { limit: tl.limit.limit, time: tl.limit.t / 1000 })}
            </p>`
          : ''
      }
      <div class="grid">
        <div class="main">
          <div class="views" role="group" aria-label=${tr('seqViews')} ?hidden=${views.length < 2}>
            ${views.map(
              (v) =>
                html`<button
                  data-view=${v}
                  aria-pressed=${v === view ? 'true' : 'false'}
                  @click=${() => (this.stageView = v)}
                >
                  ${tr(v === 'topology' ? 'seqTopology' : 'seqSequence')}
                </button>`,
            )}
          </div>
          <nat-stage
            ?hidden=${view === 'sequence' || views.length === 0}
            .locale=${this.locale}
            .scenario=${tl.scenario}
            .natNames=${natNames}
            .packets=${packets}
            .event=${frame.event}
            .index=${this.index}
            .selected=${this.selected}
            .marked=${this.marked}
            .hopMs=${this.hopMs}
          ></nat-stage>
          ${
            view === 'sequence' && views.length > 0
              ? html`<nat-sequence
                  .locale=${this.locale}
                  .timeline=${tl}
                  .index=${this.index}
                  .marked=${this.marked}
                ></nat-sequence>`
              : ''
          }
          <div
            class="tables"
            aria-label=${tr('natTables')}
            role="group"
            ?hidden=${!shown('tables')}
          >
            ${frame.nats.map(
              (v) =>
                html`<nat-table-view
                  .locale=${this.locale}
                  .expired=${recentlyExpired(tl.events, this.index, v.node, v.bindings)}
                  .view=${v}
                  .policy=${this.policy(v.node)}
                  .choice=${this.choices[v.node]}
                  .now=${frame.now}
                  .event=${frame.event}
                  .flowsOpen=${(this.choices[v.node]?.preset ?? '').startsWith('linux')}
                ></nat-table-view>`,
            )}
          </div>
          <div
            class="terminals"
            role="group"
            aria-label=${tr('terminals')}
            ?hidden=${!shown('terminals')}
          >
            ${this.actorsLeftToRight(tl).map(
              (a) =>
                html`<nat-terminal
                  .locale=${this.locale}
                  .actor=${a}
                  .lines=${tl.terminal(a, this.index)}
                  .index=${this.index}
                  .stepStart=${stepStart}
                  .typing=${this.typing}
                ></nat-terminal>`,
            )}
          </div>
        </div>
        <aside class="side" ?hidden=${!shown('goals')}>
          <nat-goals
            .locale=${this.locale}
            .heading=${scenarioTitle(this.locale, this.scenarioId, tl.scenario)}
            .outcomes=${frame.outcomes}
            .final=${this.index >= tl.total}
          ></nat-goals>
          <nat-inspector .locale=${this.locale} .history=${history}></nat-inspector>
          <nat-event-log
            .locale=${this.locale}
            .events=${tl.events}
            .index=${this.index}
          ></nat-event-log>
          <nat-pcapng-download
            .locale=${this.locale}
            .timeline=${tl}
            .scenarioId=${this.scenarioId}
          ></nat-pcapng-download>
          <p class="keys muted">${tr('shortcuts')}</p>
        </aside>
      </div>
    `;
  }
}

customElements.define('nat-simulator', NatSimulator);

declare global {
  interface HTMLElementTagNameMap {
    'nat-simulator': NatSimulator;
  }
}
