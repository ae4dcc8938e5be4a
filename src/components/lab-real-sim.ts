/**
 * <lab-real-sim>: a real lab run drawn by the simulator's own views (<nat-simulator>: the same
 * playback bar, topology stage or sequence diagram, NAT tables and terminals), from a
 * RealTimeline rebuilt whenever the run grows. It owns its playback (step, back, play, seek), as
 * an embedded simulator does; its terminals cannot be typed into and its tables say they are
 * inferred. While the run is live it draws each new event as it comes (RealTimeline.sync) and,
 * until the reader steps or seeks, follows the newest one. Under the views, each NAT's type as
 * far as the source knows it: the preset a capture behaved like, or "not known" (its rewrites
 * observed by a capture, or inferred from the ends of a live run).
 */
import { LitElement, css, html } from 'lit';
import { createActor } from 'xstate';
import type { LabRun } from '../app/lab-run.ts';
import type { TopologySpec } from '../model/topology.ts';
import { presetName } from '../app/capture-words.ts';
import { RealTimeline } from '../app/real-timeline.ts';
import { nodeName } from '../i18n/names.ts';
import { t } from '../i18n/index.ts';
import type { Lang } from '../i18n/index.ts';
import type { Panel } from '../lessons/types.ts';
import { playbackMachine } from '../machines/playback.ts';
import { ActorController } from './actor-controller.ts';
import type { NatEvent } from './events.ts';
import { panelStyles } from './styles.ts';
import './nat-simulator.ts';

/** The panels a run shows beside another (both sides alike: no goals column). */
export const COMPARE_PANELS: readonly Panel[] = ['topology', 'sequence', 'tables', 'terminals'];
const ORDER = ['bob', 'server', 'alice'];

/** The real run's views. */
export class LabRealSim extends LitElement {
  static override properties = {
    locale: { type: String },
    run: { attribute: false },
    topology: { attribute: false },
    revision: { type: Number },
    settled: { type: Boolean },
    selected: { type: Number },
    marked: { attribute: false },
  };

  locale: Lang = 'es';
  run: LabRun | undefined;
  /** The run's topology in its own addresses (app/run-addresses.ts); default: the file's. */
  topology: TopologySpec | undefined;
  /** Bumped by the owner when the run grows (the run itself is mutated in place). */
  revision = 0;
  /** The run is over (saved, or its sends settled): a datagram no one received is drawn lost. */
  settled = false;
  /** The packet highlighted (this timeline's id). */
  selected: number | undefined;
  /** Positions in the run's trace of the datagrams that differ from the prediction. */
  marked: readonly number[] = [];
  private timeline: RealTimeline | undefined;
  private built:
    | { run: LabRun; revision: number; settled: boolean; topology: TopologySpec | undefined }
    | undefined;
  /** Whether the view follows the newest event (until the reader steps or seeks). */
  private following = true;
  private readonly playback = new ActorController(
    this,
    createActor(playbackMachine, { input: { index: 0 } }),
  );

  static override styles = [
    panelStyles,
    css`
      :host {
        display: block;
      }
      ul.nat-types {
        padding-left: 1.2em;
      }
      .note {
        margin: 4px 0;
        font-size: var(--fs-s, 0.9em);
        color: var(--muted);
      }
    `,
  ];

  /** The recorded real run shown (rebuilt from `run` on each revision). */
  get recorded(): RealTimeline | undefined {
    return this.timeline;
  }

  protected override willUpdate(): void {
    const run = this.run;
    const b = this.built;
    const same =
      b !== undefined &&
      b.run === run &&
      b.settled === this.settled &&
      b.topology === this.topology;
    if (!run || (same && b?.revision === this.revision)) return;
    if (same && this.timeline) {
      this.timeline.sync(); // the same run, grown: only its new events are drawn
    } else {
      if (b?.run !== run) this.following = true;
      const hosts = new Set(run.topology.nodes.filter((n) => n.kind === 'host').map((n) => n.id));
      const actors = [...new Set([...run.runLines.map((l) => l.actor), ...run.actors()])]
        .filter((a) => hosts.has(a))
        .sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
      const topology = this.topology ?? run.topology;
      this.timeline = new RealTimeline({ setup: run.setup, topology, trace: run.trace }, actors);
      this.timeline.complete = this.settled;
    }
    this.built = { run, revision: this.revision, settled: this.settled, topology: this.topology };
    const total = this.timeline.total;
    const index = this.playback.snapshot.context.index;
    this.playback.actor.send({ type: 'LOAD', total, index: this.following ? total : index });
  }

  /** Steps to `index` (this timeline's) and highlights `packet`. */
  show(index: number, packet: number | undefined): void {
    this.following = false;
    this.selected = packet;
    this.playback.actor.send({ type: 'PAUSE' });
    this.playback.actor.send({ type: 'SEEK', index });
  }

  private readonly onPlayback = (e: NatEvent<'nat-playback'>): void => {
    e.stopPropagation();
    this.following = false;
    this.playback.actor.send(e.detail);
  };

  /** The one address every datagram kept, when none changed on the way (no NAT crossed). */
  private noNat(tl: RealTimeline): string | undefined {
    if (tl.events.some((e) => e.type === 'translated')) return undefined;
    const ips = new Set(
      tl.events.flatMap((e) => (e.type === 'sent' ? [e.packet.src.ip, e.packet.dst.ip] : [])),
    );
    return ips.size === 1 ? [...ips][0] : undefined;
  }

  /** Each router's type as far as the run knows it (a capture's guess), or how it was seen. */
  private natTypes(tl: RealTimeline): string[] {
    const l = this.locale;
    const guessed = this.run?.origin.guessed ?? {};
    const observed = this.run?.origin.source === 'capture';
    return tl.scenario.topology.nodes.flatMap((n) => {
      if (n.kind !== 'router') return [];
      const router = nodeName(l, n.id);
      const id = guessed[n.id];
      let preset: string | undefined;
      try {
        preset = id === undefined ? undefined : presetName(l, id);
      } catch {
        preset = id; // a preset this version does not know: its id as the file says it
      }
      if (preset) return [t(l, 'labRealNatGuessed', { router, preset })];
      return [t(l, observed ? 'labRealNatObserved' : 'labRealNatInferred', { router })];
    });
  }

  override render() {
    const tl = this.timeline;
    if (!tl) return html``;
    const capture = this.run?.origin.source === 'capture';
    const snap = this.playback.snapshot;
    const l = this.locale;
    const ip = this.noNat(tl);
    const reduced = matchMedia('(prefers-reduced-motion: reduce)').matches;
    return html`<nat-simulator
        embedded
        @nat-playback=${this.onPlayback}
        @nat-type=${(e: Event) => e.stopPropagation()}
        @nat-change-nat=${(e: Event) => e.stopPropagation()}
        @nat-select-packet=${(e: NatEvent<'nat-select-packet'>) => {
          e.stopPropagation();
          this.selected = e.detail.id;
        }}
        .locale=${l}
        .timeline=${tl}
        .index=${snap.context.index}
        .playing=${snap.value === 'playing'}
        .speed=${snap.context.speed}
        .scenarioId=${tl.scenario.id}
        .choices=${{}}
        .selected=${this.selected}
        .marked=${new Set(this.marked.flatMap((i) => tl.packetOf.get(i) ?? []))}
        .panels=${COMPARE_PANELS}
        .hopMs=${reduced ? 0 : Math.min(650, 800 / snap.context.speed)}
        .typing=${{ readOnly: true }}
      ></nat-simulator>
      <ul class="note nat-types" data-testid="real-nat-types">
        ${this.natTypes(tl).map((s) => html`<li>${s}</li>`)}
      </ul>
      <p class="note" data-testid="real-tables-note">
        ${ip ? t(l, 'labRealNoNat', { ip }) : t(l, capture ? 'labRealObserved' : 'labRealInferred')}
      </p>`;
  }
}

customElements.define('lab-real-sim', LabRealSim);

declare global {
  interface HTMLElementTagNameMap {
    'lab-real-sim': LabRealSim;
  }
}
