/**
 * A recording of a real lab run, as a Timeline records a simulated one: the events the hub
 * streamed back for the steps a lesson asked for, in arrival order, with each machine's terminal
 * lines (the same IndexedLine shape the simulator's terminals draw), the requests still running,
 * and its saved-file form (src/protocol/lab-run.ts) to replay it without the lab. A run
 * imported from a capture also holds what was seen at the routers (NAT rewrites, drops at a NAT)
 * and the NAT each router behaved like; a live run has neither.
 */
import type { TopologySpec } from '../model/topology.ts';
import type { TraceEvent } from '../model/trace.ts';
import { fromWire } from '../protocol/events.ts';
import type { LabObservation } from '../protocol/events.ts';
import { LAB_RUN_FORMAT, LAB_RUN_VERSION, MAX_LAB_RUN_EVENTS } from '../protocol/lab-run.ts';
import { isRouterEvent } from '../protocol/lab-run.ts';
import type { LabRunAnyEvent, LabRunFile } from '../protocol/lab-run.ts';
import { routerFromWire } from '../protocol/lab-run-router.ts';
import type { Setup } from '../lessons/types.ts';
import type { IndexedLine } from './timeline.ts';

/** A terminal line as the lesson lists it. */
export interface RunLine {
  readonly actor: string;
  readonly command: string;
}

/** A real run, growing as events arrive. */
export class LabRun {
  readonly events: LabRunAnyEvent[] = [];
  /** Each event as the model's TraceEvent (or the lab observation), in the same order. */
  readonly trace: (TraceEvent | LabObservation)[] = [];
  /** Requests sent and not yet reported done. */
  readonly pending = new Set<string>();
  /** Set when MAX_LAB_RUN_EVENTS was reached: later events are not kept. */
  full = false;
  private readonly lines = new Map<string, IndexedLine[]>();

  constructor(
    readonly setup: Setup,
    readonly topology: TopologySpec,
    readonly runLines: readonly RunLine[],
    /** Where the events came from (a capture saw the routers too), and the NATs it guessed. */
    readonly origin: {
      readonly source?: 'lab' | 'capture';
      readonly guessed?: Readonly<Record<string, string>>;
    } = {},
  ) {}

  /** Rebuilds a saved run (version 1 or 2). */
  static fromFile(file: LabRunFile): LabRun {
    const origin = {
      ...(file.source ? { source: file.source } : {}),
      ...(file.guessed ? { guessed: file.guessed } : {}),
    };
    const run = new LabRun(file.setup, file.topology, file.lines, origin);
    for (const e of file.events) run.add(e);
    return run;
  }

  /** A request was sent. */
  started(request: string): void {
    this.pending.add(request);
  }

  /** One event from the hub; returns false once the run is full. */
  add(e: LabRunAnyEvent): boolean {
    if (this.events.length >= MAX_LAB_RUN_EVENTS) return !(this.full = true);
    this.events.push(e);
    if (isRouterEvent(e)) {
      this.trace.push(routerFromWire(e.event));
      return true;
    }
    const ev = e.event;
    this.trace.push(fromWire(ev));
    const index = this.events.length;
    if (ev.type === 'command') {
      this.terminalOf(ev.actor).push({ kind: 'command', text: ev.text, t: ev.t, index });
    } else if (ev.type === 'output') {
      this.terminalOf(ev.actor).push({ kind: ev.stream, text: ev.text, t: ev.t, index });
    } else if (ev.type === 'observed' && ev.kind === 'step-done' && ev.request) {
      this.pending.delete(ev.request);
    }
    return true;
  }

  private terminalOf(actor: string): IndexedLine[] {
    let lines = this.lines.get(actor);
    if (!lines) this.lines.set(actor, (lines = []));
    return lines;
  }

  /** The machines that printed something, in the lesson's order (bob, server, alice). */
  actors(): string[] {
    const order = ['bob', 'server', 'alice'];
    return [...this.lines.keys()].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  }

  /** `actor`'s terminal so far. */
  terminal(actor: string): readonly IndexedLine[] {
    return this.lines.get(actor) ?? [];
  }

  /** The saved-file form. */
  toFile(savedAt = new Date().toISOString()): LabRunFile {
    const s = this.setup;
    return {
      format: LAB_RUN_FORMAT,
      version: LAB_RUN_VERSION,
      savedAt,
      ...(this.origin.source ? { source: this.origin.source } : {}),
      ...(this.origin.guessed ? { guessed: { ...this.origin.guessed } } : {}),
      setup: {
        scenario: s.scenario,
        nat: { ...s.nat },
        ...(s.seed === undefined ? {} : { seed: s.seed }),
        ...(s.stopAfter === undefined ? {} : { stopAfter: s.stopAfter }),
      },
      topology: this.topology,
      lines: this.runLines.map((l) => ({ actor: l.actor, command: l.command })),
      events: [...this.events],
    };
  }
}
