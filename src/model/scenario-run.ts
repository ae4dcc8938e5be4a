/**
 * The scenario engine: runs a Scenario on a Network, one trace event at a time, with "back" by
 * deterministic replay (restore), the terminals' state, observations for ${var} substitution,
 * and each goal's outcome with the reason it was or was not reached.
 *
 * Granularity: a step advances to the next trace event; the network state shown with it is the
 * state after the scheduler event that produced it.
 */
import { ModelError } from './errors.ts';
import { netcat } from './apps/netcat.ts';
import { ssCommand } from './apps/ss.ts';
import { stund } from './apps/stund.ts';
import { turn } from './apps/turn.ts';
import { turnserver } from './apps/turnserver.ts';
import { Network } from './network.ts';
import { sawKey } from './observations.ts';
import type { NatView } from './network.ts';
import { GoalTracker } from './goal-tracker.ts';
import type { GoalOutcome, RunLimit } from './goal-tracker.ts';
import type { CommandRegistry } from './process.ts';
import type { Scenario } from './scenario.ts';
import { scenarioEnd, timedCommands, validateScenario } from './scenario.ts';
import { substitute } from './shell.ts';
import { Terminals, validateCommandLine } from './terminals.ts';
import type { NatSpec, NodeSpec, TopologySpec } from './topology.ts';
import type { TraceEvent } from './trace.ts';

/** Options for one run of a scenario. */
export interface RunOptions {
  /** Overrides the scenario's seed. */
  readonly seed?: number;
  /** Replaces the NAT of routers by id. */
  readonly nat?: Readonly<Record<string, NatSpec>>;
  /** Extra programs (e.g. pystun from src/machines). nc, ss, stund, turnserver and turn are built in. */
  readonly commands?: CommandRegistry;
  /** The run stops after this many events and reports the limit (default 1,000,000). */
  readonly maxEvents?: number;
  /** How many past events `events` keeps at least (default 50,000); older ones are let go. */
  readonly keepEvents?: number;
  /** How many lines each terminal keeps (default 2,000). */
  readonly scrollback?: number;
}

export type { GoalCause, GoalOutcome, RunLimit } from './goal-tracker.ts';

/** A whole number >= 0 option, or its default; throws ModelError('bad-option') otherwise. */
function count(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 0)
    throw new ModelError('bad-option', `${name} must be a whole number >= 0, got ${value}`);
  return value;
}

/** One line of a terminal. */
export interface TerminalLine {
  readonly kind: 'command' | 'stdout' | 'stderr';
  readonly text: string;
  readonly t: number;
  readonly step?: number;
}

/** Applies NAT overrides to a topology. */
export function withNats(
  topology: TopologySpec,
  nat: Readonly<Record<string, NatSpec>> = {},
): TopologySpec {
  for (const id of Object.keys(nat)) {
    if (!topology.nodes.some((n) => n.kind === 'router' && n.id === id)) {
      throw new ModelError('no-such-node', `no router "${id}" to set a NAT on`);
    }
  }
  const nodes = topology.nodes.map((n): NodeSpec =>
    n.kind === 'router' && nat[n.id] ? { ...n, nat: nat[n.id] as NatSpec } : n,
  );
  return { ...topology, nodes };
}

/** Default for RunOptions.maxEvents. */
export const DEFAULT_MAX_EVENTS = 1_000_000;
/** Default for RunOptions.keepEvents. */
export const DEFAULT_KEEP_EVENTS = 50_000;
/** Default for RunOptions.scrollback. */
export const DEFAULT_SCROLLBACK = 2_000;

/** A running scenario. */
export class ScenarioRun {
  readonly network: Network;
  /**
   * The retained trace events, from absolute index `base` on, including events produced beyond
   * the cursor (the rest of the scheduler event that produced the current one).
   */
  private produced: TraceEvent[] = [];
  private base = 0;
  private cursor = 0;
  private readonly end: number;
  private readonly maxEvents: number;
  private readonly keepEvents: number;
  private readonly scrollback: number;
  private readonly vars: Record<string, string> = {};
  /** Who sent each packet still on its way (forgotten once delivered or dropped). */
  private readonly senders = new Map<number, string>();
  private readonly terminals: Terminals;
  private readonly lines = new Map<string, TerminalLine[]>();
  private readonly goals: GoalTracker;
  private stoppedBy: RunLimit | undefined;

  constructor(
    readonly scenario: Scenario,
    readonly options: RunOptions = {},
  ) {
    const commands: CommandRegistry = {
      nc: netcat,
      stund,
      ss: ssCommand((socket) => this.terminals.ownerOf(socket)),
      turnserver,
      turn,
      ...(options.commands ?? {}),
    };
    validateScenario(scenario, (line) => validateCommandLine(line, commands));
    this.maxEvents = count('maxEvents', options.maxEvents, DEFAULT_MAX_EVENTS);
    this.keepEvents = count('keepEvents', options.keepEvents, DEFAULT_KEEP_EVENTS);
    this.scrollback = count('scrollback', options.scrollback, DEFAULT_SCROLLBACK);
    this.network = new Network(withNats(scenario.topology, options.nat), {
      seed: options.seed ?? scenario.seed,
    });
    this.terminals = new Terminals(this.network, commands, (k, v) => (this.vars[k] = v));
    this.network.onTrace((e) => this.record(e));
    this.end = scenarioEnd(scenario);
    this.goals = new GoalTracker(scenario.goals ?? []);
    for (const a of scenario.actors) this.lines.set(a, []);
    for (const c of timedCommands(scenario)) {
      this.network.scheduler.at(c.at, () => this.type(c.actor, c.run, c.stepIndex));
    }
  }

  /** Creates a run and advances it to event `index` (for "back" and for links to a step). */
  static restore(scenario: Scenario, options: RunOptions, index: number): ScenarioRun {
    const run = new ScenarioRun(scenario, options);
    while (run.index < index && run.step()) {
      /* replay */
    }
    return run;
  }

  /** How many events have been stepped through. */
  get index(): number {
    return this.cursor;
  }

  /**
   * The events stepped through so far: all of them in a run shorter than `keepEvents`, otherwise
   * the last `keepEvents` or more (`firstEventIndex` says where they start).
   */
  get events(): readonly TraceEvent[] {
    return this.produced.slice(0, this.cursor - this.base);
  }

  /** The 0-based index in the whole run of `events[0]` (0 unless old events were let go). */
  get firstEventIndex(): number {
    return this.base;
  }

  /** Observations so far, usable as ${name} in commands. */
  get observations(): Readonly<Record<string, string>> {
    return { ...this.vars };
  }

  /** The limit that stopped the run before its scenario's end, if one did. */
  get limit(): RunLimit | undefined {
    return this.stoppedBy;
  }

  /**
   * Advances to the next trace event and returns it, or undefined when the run is over: at the
   * scenario's end, or at `maxEvents` (then `limit` says so and the goals still open report it).
   */
  step(): TraceEvent | undefined {
    if (!this.produce()) return undefined;
    if (this.cursor >= this.maxEvents) {
      const last = this.produced[this.cursor - this.base - 1];
      this.stoppedBy = { kind: 'event-limit', limit: this.maxEvents, t: last?.t ?? 0 };
      return undefined;
    }
    const e = this.produced[this.cursor - this.base] as TraceEvent;
    this.cursor++;
    this.account(e);
    this.trim();
    return e;
  }

  /** Runs to the end (or to `maxEvents`); returns the retained events. */
  runToEnd(): readonly TraceEvent[] {
    while (this.step()) {
      /* run */
    }
    return this.events;
  }

  /** Every router's tables after the current event. */
  nats(): NatView[] {
    return this.network.natViews();
  }

  /** The terminal of `actor` up to the current event (its last `scrollback` lines). */
  terminal(actor: string): TerminalLine[] {
    return [...(this.lines.get(actor) ?? [])];
  }

  /** The outcome of every goal, judged on the events so far. */
  outcomes(): GoalOutcome[] {
    return this.goals.outcomes(this.stoppedBy);
  }

  /** Makes sure an event exists at the cursor; false when the scenario has ended. */
  private produce(): boolean {
    const s = this.network.scheduler;
    while (this.produced.length <= this.cursor - this.base) {
      if (s.nextTime > this.end || !s.step()) return false;
    }
    return true;
  }

  /** Updates what is judged per stepped event: goals and terminals. */
  private account(e: TraceEvent): void {
    this.goals.observe(e);
    let line: TerminalLine | undefined;
    if (e.type === 'command') line = { kind: 'command', text: e.text, t: e.t, step: e.step };
    else if (e.type === 'output') line = { kind: e.stream, text: e.text, t: e.t };
    const list = line && this.lines.get((e as { actor: string }).actor);
    if (!line || !list) return;
    list.push(line);
    if (list.length > this.scrollback) list.splice(0, list.length - this.scrollback);
  }

  /** Lets go of old events beyond `keepEvents` (amortized: in batches). */
  private trim(): void {
    const kept = this.cursor - this.base;
    if (kept <= Math.max(2 * this.keepEvents, 1024)) return;
    const n = kept - this.keepEvents;
    this.produced = this.produced.slice(n);
    this.base += n;
  }

  private type(actor: string, line: string, step: number): void {
    let text: string;
    try {
      text = substitute(line, this.vars);
    } catch (e) {
      this.network.emitExternal({ type: 'command', t: this.network.now, actor, text: line, step });
      this.network.emitExternal({
        type: 'output',
        t: this.network.now,
        actor,
        text: `${(e as Error).message}\n`,
        stream: 'stderr',
      });
      return;
    }
    this.terminals.run(actor, text, step);
  }

  private record(e: TraceEvent): void {
    this.produced.push(e);
    if (e.type === 'sent') this.senders.set(e.packet.id, e.node);
    else if (e.type === 'dropped') this.senders.delete(e.packet.id);
    else if (e.type === 'delivered') {
      const sender = this.senders.get(e.packet.id);
      this.senders.delete(e.packet.id);
      if (sender) {
        this.vars[sawKey(e.node, sender, 'ip')] = e.packet.src.ip;
        this.vars[sawKey(e.node, sender, 'port')] = String(e.packet.src.port);
        // The next port a sequential NAT would hand out: for port-prediction scenarios.
        this.vars[sawKey(e.node, sender, 'port.next')] = String(e.packet.src.port + 1);
      }
    }
  }
}
