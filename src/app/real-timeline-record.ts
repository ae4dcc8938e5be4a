/**
 * The RunRecord half of a real run drawn for the simulator's views (RealTimeline adds the
 * matching of sends to arrivals): the events drawn so far, one frame per event with the NAT
 * tables as they stood (src/app/real-nats.ts), each machine's terminal lines, the landmarks of
 * the playback bar and a packet's history. Events are only ever appended, so a live run that
 * grows costs its new events.
 */
import type { Scenario } from '../model/scenario.ts';
import type { TraceEvent } from '../model/trace.ts';
import { marksOf } from './marks.ts';
import type { Marks } from './marks.ts';
import type { RealNats } from './real-nats.ts';
import type { Frame, IndexedLine, RunRecord } from './timeline.ts';

/** The frames, terminals and landmarks of a drawn real run. */
export class RealRecord implements RunRecord {
  readonly events: TraceEvent[] = [];
  readonly limit = undefined;
  /**
   * The run is over (a saved run, or a live one whose sends have settled): a datagram no
   * machine reported arriving is drawn lost, not travelling.
   */
  complete = false;
  private readonly frames: Frame[];
  private readonly lines = new Map<string, IndexedLine[]>();
  private landmarks: Marks | undefined;

  constructor(
    readonly scenario: Scenario,
    protected readonly nats: RealNats,
  ) {
    for (const a of scenario.actors) this.lines.set(a, []);
    this.frames = [{ index: 0, now: 0, event: undefined, nats: nats.views(), outcomes: [] }];
  }

  /** The time of the last frame (a late report is drawn at it, never back in time). */
  protected get lastNow(): number {
    return this.frames.at(-1)?.now ?? 0;
  }

  /** Appends event `e`, its frame (new NAT views when it changed a table) and terminal line. */
  protected push(e: TraceEvent): void {
    this.events.push(e);
    const index = this.events.length;
    const prev = this.frames.at(-1) as Frame;
    const changes =
      e.type.startsWith('mapping') || e.type.startsWith('flow') || e.type === 'translated';
    this.frames.push({
      index,
      now: Math.max(prev.now, e.t),
      event: e,
      nats: changes ? this.nats.views() : prev.nats,
      outcomes: [],
    });
    this.landmarks = undefined;
    if (e.type === 'command')
      this.lineOf(e.actor).push({ kind: 'command', text: e.text, t: e.t, step: e.step, index });
    else if (e.type === 'output')
      this.lineOf(e.actor).push({ kind: e.stream, text: e.text, t: e.t, index });
  }

  private lineOf(actor: string): IndexedLine[] {
    let lines = this.lines.get(actor);
    if (!lines) this.lines.set(actor, (lines = []));
    return lines;
  }

  get total(): number {
    return this.events.length;
  }

  get marks(): Marks {
    this.landmarks ??= marksOf(this.events);
    return this.landmarks;
  }

  frame(index: number): Frame {
    const i = Math.max(0, Math.min(this.total, Math.trunc(index) || 0));
    return this.frames[i] as Frame;
  }

  terminal(actor: string, index: number): readonly IndexedLine[] {
    return (this.lines.get(actor) ?? []).filter((l) => l.index <= index);
  }

  commandIndices(): number[] {
    return this.marks.commands.map((c) => c.index);
  }

  packetHistory(id: number, index: number): { index: number; event: TraceEvent }[] {
    const out: { index: number; event: TraceEvent }[] = [];
    this.events.slice(0, index).forEach((e, i) => {
      const pid = 'packet' in e ? e.packet.id : e.type === 'translated' ? e.after.id : undefined;
      if (pid === id) out.push({ index: i + 1, event: e });
    });
    return out;
  }
}
