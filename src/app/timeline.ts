/**
 * A recorded run: the model's ScenarioRun stepped to the end once, keeping after every event the
 * virtual time, every router's tables, the goals' outcomes and the terminal lines, so the UI can
 * show any index at once (back and seek are lookups; `ScenarioRun.restore` gives the same state,
 * which the tests check).
 */
import { ScenarioRun } from '../model/index.ts';
import { marksOf } from './marks.ts';
import type { Marks } from './marks.ts';
import type {
  GoalOutcome,
  NatView,
  RunLimit,
  RunOptions,
  Scenario,
  TerminalLine,
  TraceEvent,
} from '../model/index.ts';

/** The state of the run after `index` events. */
export interface Frame {
  /** Events stepped through (0 = before the first). */
  readonly index: number;
  /** Virtual time in ms. */
  readonly now: number;
  /** The event that led here (undefined at index 0). */
  readonly event: TraceEvent | undefined;
  readonly nats: readonly NatView[];
  readonly outcomes: readonly GoalOutcome[];
}

/** A terminal line with the index of the event that printed it (1-based, as Frame.index). */
export interface IndexedLine extends TerminalLine {
  readonly index: number;
}

/**
 * What the simulator's views read from a recorded run: the simulator's own Timeline, or a real
 * lab run redrawn in the same shape (src/app/real-timeline.ts).
 */
export interface RunRecord {
  readonly scenario: Scenario;
  readonly events: readonly TraceEvent[];
  readonly limit: RunLimit | undefined;
  /** Set by a real run that is over (saved, or settled): a datagram no one received is lost. */
  readonly complete?: boolean;
  readonly total: number;
  readonly marks: Marks;
  frame(index: number): Frame;
  terminal(actor: string, index: number): readonly IndexedLine[];
  commandIndices(): number[];
  packetHistory(id: number, index: number): { index: number; event: TraceEvent }[];
}

/** Hard cap on recorded events, so a runaway scenario cannot freeze the page. */
export const MAX_EVENTS = 20_000;

/** A whole run, recorded (in time linear in its length: the run keeps its state incrementally). */
export class Timeline implements RunRecord {
  /** Every event of the run (up to MAX_EVENTS). */
  readonly events: readonly TraceEvent[];
  /** Set when the run hit MAX_EVENTS before its end: the recording stops there and says so. */
  readonly limit: RunLimit | undefined;
  private readonly frames: Frame[];
  private readonly lines = new Map<string, IndexedLine[]>();
  private landmarks: Marks | undefined;

  private constructor(
    readonly scenario: Scenario,
    readonly options: RunOptions,
  ) {
    const run = new ScenarioRun(scenario, {
      ...options,
      maxEvents: MAX_EVENTS,
      keepEvents: MAX_EVENTS,
    });
    const frame = (event: TraceEvent | undefined): Frame => ({
      index: run.index,
      now: event?.t ?? run.network.now,
      event,
      nats: run.nats(),
      outcomes: run.outcomes(),
    });
    const frames: Frame[] = [frame(undefined)];
    for (const a of scenario.actors) this.lines.set(a, []);
    for (let e = run.step(); e; e = run.step()) {
      frames.push(frame(e));
      const index = run.index;
      if (e.type === 'command')
        this.lines
          .get(e.actor)
          ?.push({ kind: 'command', text: e.text, t: e.t, step: e.step, index });
      else if (e.type === 'output')
        this.lines.get(e.actor)?.push({ kind: e.stream, text: e.text, t: e.t, index });
    }
    this.limit = run.limit;
    // The last frame's outcomes say a limit stopped the run, rather than "never sent".
    if (this.limit)
      frames[frames.length - 1] = { ...(frames.at(-1) as Frame), outcomes: run.outcomes() };
    this.frames = frames;
    this.events = run.events;
  }

  /** Runs `scenario` with `options` to the end and records it. */
  static record(scenario: Scenario, options: RunOptions = {}): Timeline {
    return new Timeline(scenario, options);
  }

  /** How many events the run has. */
  get total(): number {
    return this.frames.length - 1;
  }

  /** The state after `index` events (clamped to the run). */
  frame(index: number): Frame {
    const i = Math.max(0, Math.min(this.total, Math.trunc(index) || 0));
    return this.frames[i] as Frame;
  }

  /** `actor`'s terminal as it stood after `index` events. */
  terminal(actor: string, index: number): readonly IndexedLine[] {
    const all = this.lines.get(actor) ?? [];
    // Lines are in index order: binary search for the first one printed after `index`.
    let lo = 0;
    let hi = all.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((all[mid] as IndexedLine).index <= index) lo = mid + 1;
      else hi = mid;
    }
    return all.slice(0, lo);
  }

  /** The run's landmarks: commands typed and packets sent (computed once). */
  get marks(): Marks {
    this.landmarks ??= marksOf(this.events);
    return this.landmarks;
  }

  /** Indices of the events that typed a command: the scenario's steps, for timeline ticks. */
  commandIndices(): number[] {
    return this.marks.commands.map((c) => c.index);
  }

  /** Every event about packet `id` up to `index`, with its 1-based index. */
  packetHistory(id: number, index: number): { index: number; event: TraceEvent }[] {
    const out: { index: number; event: TraceEvent }[] = [];
    const n = Math.min(index, this.events.length);
    for (let i = 0; i < n; i++) {
      const e = this.events[i] as TraceEvent;
      const pid = 'packet' in e ? e.packet.id : e.type === 'translated' ? e.after.id : undefined;
      if (pid === id) out.push({ index: i + 1, event: e });
    }
    return out;
  }
}
