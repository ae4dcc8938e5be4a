/**
 * <lab-run-view>: a real lab run beside the simulator's prediction for the same NATs. The
 * prediction is the owner's embedded simulator, slotted as `predicted`; the real run is drawn by
 * <lab-real-sim> with the same views. Side by side when there is room, one at a time behind a
 * "Predicted | Real" switch when not. Under both: each datagram predicted beside what the lab
 * saw, differences highlighted and explained where the traces say why; "Show in both" steps
 * both runs to that datagram and highlights it in each; one a capture saw dropped at a NAT says
 * where ("dropped at Alice's NAT") rather than "never seen". "Save this run" writes one JSON file.
 * Above it all, the addresses by role (lab-run-addresses.ts), unless the owner shows them
 * (`addresses-above`, a capture's); either way `lab-addresses` tells the owner what was read.
 */
import { LitElement, html } from 'lit';
import { diffRuns } from '../app/lab-diff.ts';
import type { DiffItem, Fate, SentText } from '../app/lab-diff.ts';
import type { LabRun } from '../app/lab-run.ts';
import { predictionRename } from '../app/run-addresses-check.ts';
import { renameTopology, runAddresses } from '../app/run-addresses.ts';
import type { TopologySpec } from '../model/topology.ts';
import { dropText } from '../i18n/drops.ts';
import { t } from '../i18n/index.ts';
import { nodeName } from '../i18n/names.ts';
import type { Lang, StringKey } from '../i18n/index.ts';
import type { DropReason, TraceEvent } from '../model/trace.ts';
import { DROP_REASON_TEXT } from '../model/trace.ts';
import { formatLabRun } from '../protocol/lab-run.ts';
import type { LabRealSim } from './lab-real-sim.ts';
import type { LessonSimulator } from './lesson-simulator.ts';
import { runViewStyles } from './lab-run-view.styles.ts';
import { addressTable } from './lab-run-addresses.ts';
import type { RunAddresses } from './lab-run-addresses.ts';

export type { RunAddresses } from './lab-run-addresses.ts';
import './lab-real-sim.ts';

const KIND_KEY: Record<DiffItem['kind'], StringKey> = {
  same: 'labDiffSame',
  lost: 'labDiffLost',
  unexpected: 'labDiffUnexpected',
  port: 'labDiffPort',
  waiting: 'labDiffWaiting',
};

/** Detail of `lab-show`: where the prediction should step to and what it should highlight. */
export interface LabShowDetail {
  readonly index: number;
  readonly packet: number | undefined;
}

/** The real run beside the prediction, and their comparison. */
export class LabRunView extends LitElement {
  static override properties = {
    locale: { type: String },
    run: { attribute: false },
    predicted: { attribute: false },
    sent: { attribute: false },
    settled: { type: Boolean },
    revision: { type: Number },
    addressesAbove: { type: Boolean, attribute: 'addresses-above' },
    side: { state: true },
  };

  locale: Lang = 'es';
  run: LabRun | undefined;
  predicted: readonly TraceEvent[] = [];
  sent: readonly SentText[] = [];
  settled = false;
  /** Bumped by the owner when the run grows (the run itself is mutated in place). */
  revision = 0;
  /** The owner shows the roles' addresses (a capture's, <capture-summary>): no table here. */
  addressesAbove = false;
  /** The addresses last told to the owner (`lab-addresses`). */
  private told: RunAddresses | undefined;
  /** On narrow screens, the run shown. */
  private side: 'predicted' | 'real' = 'real';
  /** The addresses read from the run (per run, revision and settledness), its topology in them. */
  private read:
    | {
        run: LabRun;
        revision: number;
        settled: boolean;
        addresses: RunAddresses;
        topology: TopologySpec;
      }
    | undefined;

  static override styles = runViewStyles;

  private fate(f: Fate): string {
    const l = this.locale;
    switch (f.kind) {
      case 'delivered':
        return f.fromPort === undefined
          ? t(l, 'labFateDeliveredNoPort', { node: nodeName(l, f.node) })
          : t(l, 'labFateDelivered', { node: nodeName(l, f.node), port: f.fromPort });
      case 'dropped':
        return t(l, 'labFateDropped', { node: nodeName(l, f.node), reason: this.reason(f.reason) });
      case 'unseen':
        return t(l, 'labFateUnseen');
      case 'waiting':
        return t(l, 'labDiffWaiting');
    }
  }

  private reason(r: string): string {
    return r in DROP_REASON_TEXT ? dropText(this.locale, r as DropReason) : r;
  }

  private why(d: DiffItem): string {
    const l = this.locale;
    const w = d.why;
    if (!w) return '';
    switch (w.why) {
      case 'clash-predicted':
        return t(l, 'labWhyClash', { sent: w.sent, predicted: w.predicted });
      case 'port-rewritten':
        return t(l, 'labWhyRewritten', { sent: w.sent, real: w.real });
      case 'filtered':
        return t(l, 'labWhyUnexpected', { reason: this.reason(w.reason) });
      case 'expired':
        return t(l, 'labWhyExpired', { s: w.seconds });
      case 'lost':
        return t(l, 'labWhyLost');
    }
  }

  /** Steps both runs to datagram `d` (its fate, or its send) and highlights it in each. */
  private showBoth(d: DiffItem): void {
    const real = this.renderRoot.querySelector<LabRealSim>('lab-real-sim');
    const tl = real?.recorded;
    const r = d.at.real.end ?? d.at.real.sent;
    if (real && tl && r !== undefined) real.show(tl.indexOf[r] ?? 0, tl.packetOf.get(r));
    const p = d.at.predicted.end ?? d.at.predicted.sent;
    const e = p === undefined ? undefined : this.predicted[p];
    if (p !== undefined && e) {
      const detail = { index: p + 1, packet: 'packet' in e ? e.packet.id : undefined };
      this.dispatchEvent(new CustomEvent<LabShowDetail>('lab-show', { detail, bubbles: true }));
    }
    const first = this.side === 'predicted' ? 'predicted' : 'real';
    this.renderRoot.querySelector<HTMLElement>(`section.${first}`)?.scrollIntoView({
      block: 'nearest',
    });
  }

  /** Marks the differing datagrams in the slotted prediction too (by its packet ids). */
  private mark(differs: readonly DiffItem[]): void {
    const ids = differs.flatMap((d) => {
      const e = d.at.predicted.sent === undefined ? undefined : this.predicted[d.at.predicted.sent];
      return e && 'packet' in e ? [e.packet.id] : [];
    });
    const sim = this.querySelector<LessonSimulator>('lesson-simulator[slot=predicted]');
    if (!sim || [...(sim.marked ?? [])].join() === ids.join()) return;
    sim.marked = new Set(ids);
  }

  private save(): void {
    if (!this.run) return;
    const blob = new Blob([formatLabRun(this.run.toFile())], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `agujero-lab-run-${this.run.setup.scenario}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  /**
   * The run's addresses, and its topology with them (the real side is drawn in its own). Once the
   * run is over, the prediction is drawn in them too if the model tells the same story with them.
   */
  private own(run: LabRun): { addresses: RunAddresses; topology: TopologySpec } {
    const r = this.read;
    const settled = this.settled;
    if (r?.run === run && r.revision === this.revision && r.settled === settled) return r;
    const plan = runAddresses(run);
    const key = (m: ReadonlyMap<string, string>) => JSON.stringify([...m]);
    const same = r?.run === run && key(r.addresses.plan.rename) === key(plan.rename);
    let predicted: ReadonlyMap<string, string> = new Map();
    if (same && r.settled === settled) predicted = r.addresses.predicted;
    else if (settled) {
      const server = run.topology.nodes.flatMap((n) =>
        n.id === 'server' && n.kind === 'host' ? [n.ip, ...(n.extraIps ?? [])] : [],
      );
      const capture = run.origin.source === 'capture';
      const lines = run.runLines.filter((l) => capture || l.actor !== 'server');
      predicted = predictionRename({ setup: run.setup, lines }, plan.rename, server);
    }
    // The same topology object while the rename holds, so the real run is not drawn anew.
    const topology = same ? r.topology : renameTopology(run.topology, plan.rename);
    const addresses = { plan, predicted, settled };
    this.read = { run, revision: this.revision, settled, addresses, topology };
    return this.read;
  }

  /** Gives the slotted prediction the addresses to be drawn in. */
  private predictIn(addresses: ReadonlyMap<string, string>): void {
    const sim = this.querySelector<LessonSimulator>('lesson-simulator[slot=predicted]');
    if (sim && sim.addresses !== addresses) sim.addresses = addresses;
  }

  /** Tells the owner the addresses read (`lab-addresses`, not bubbling), once per reading. */
  override updated(): void {
    const a = this.read?.addresses;
    if (!a || a === this.told) return;
    this.told = a;
    this.dispatchEvent(new CustomEvent('lab-addresses', { detail: a }));
  }

  private item(d: DiffItem) {
    const l = this.locale;
    const head =
      d.kind === 'port' && d.predicted.kind === 'delivered' && d.real.kind === 'delivered'
        ? t(l, 'labDiffPort', {
            real: d.real.fromPort ?? '?',
            predicted: d.predicted.fromPort ?? '?',
          })
        : d.kind === 'lost' && d.real.kind === 'dropped'
          ? t(l, 'labDiffDroppedAt', { node: nodeName(l, d.real.node) })
          : t(l, KIND_KEY[d.kind]);
    const tone = d.kind === 'same' ? 'same' : d.kind === 'waiting' ? 'waiting' : 'differs';
    return html`<li class=${tone} data-kind=${d.kind}>
      <div>
        <b>${nodeName(l, d.from)}: “${d.text}”</b> — ${head}
        <span class="why"
          >${t(l, 'labPredicted')}: ${this.fate(d.predicted)} · ${t(l, 'labReal')}:
          ${this.fate(d.real)}</span
        >
        ${d.why ? html`<span class="why explain">${this.why(d)}</span>` : ''}
      </div>
      <button
        data-action="show-both"
        title=${t(l, 'labShowBothHelp', { from: nodeName(l, d.from), text: d.text })}
        aria-label=${t(l, 'labShowBothHelp', { from: nodeName(l, d.from), text: d.text })}
        @click=${() => this.showBoth(d)}
      >
        ${t(l, 'labShowBoth')}
      </button>
    </li>`;
  }

  override render() {
    const run = this.run;
    const l = this.locale;
    const pick = (side: 'predicted' | 'real') =>
      html`<button
        data-side=${side}
        aria-pressed=${this.side === side ? 'true' : 'false'}
        @click=${() => (this.side = side)}
      >
        ${t(l, side === 'predicted' ? 'labPredicted' : 'labReal')}
      </button>`;
    if (!run) return html`<slot name="predicted"></slot>`;
    const diff = diffRuns(this.predicted, run.trace, this.sent, this.settled);
    const differs = diff.filter((d) => d.kind !== 'same' && d.kind !== 'waiting');
    const differ = differs.length;
    this.mark(differs);
    const own = this.own(run);
    this.predictIn(own.addresses.predicted);
    return html`${this.addressesAbove ? '' : addressTable(l, own.addresses)}
      <div class="switch" role="group" aria-label=${t(l, 'labSides')}>
        ${pick('predicted')} ${pick('real')}
      </div>
      <div class="sides" data-side=${this.side}>
        <section class="predicted" aria-label=${t(l, 'labPredicted')}>
          <h4 class="kind">${t(l, 'labPredicted')}</h4>
          <slot name="predicted"></slot>
        </section>
        <section class="real" aria-label=${t(l, 'labRealViews')}>
          <h4 class="kind">${t(l, 'labReal')}</h4>
          <lab-real-sim
            .locale=${l}
            .run=${run}
            .topology=${own.topology}
            .revision=${this.revision}
            .settled=${this.settled}
            .marked=${differs.flatMap((d) => d.at.real.sent ?? [])}
          ></lab-real-sim>
        </section>
      </div>
      <h4>${t(l, 'labDiffHeading')}</h4>
      <p class="count" data-testid="diff-count">
        ${t(l, 'labDiffCount', { n: differ, total: diff.length })}
      </p>
      <ul class="diff">
        ${diff.map((d) => this.item(d))}
      </ul>
      <p><button data-action="save" @click=${() => this.save()}>${t(l, 'labSave')}</button></p>`;
  }
}

customElements.define('lab-run-view', LabRunView);

declare global {
  interface HTMLElementTagNameMap {
    'lab-run-view': LabRunView;
  }
  interface HTMLElementEventMap {
    'lab-show': CustomEvent<LabShowDetail>;
    'lab-addresses': CustomEvent<RunAddresses>;
  }
}
