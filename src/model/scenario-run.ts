/**
 * The scenario engine: runs a Scenario on a Network, one trace event at a time, with "back" by
 * deterministic replay (restore), the terminals' state, observations for ${var} substitution,
 * and each goal's outcome with the reason it was or was not reached.
 *
 * Granularity: a step advances to the next trace event; the network state shown with it is the
 * state after the scheduler event that produced it.
 */
import { formatEndpoint } from './endpoint.ts';
import { ModelError } from './errors.ts';
import { netcat } from './apps/netcat.ts';
import { ssCommand } from './apps/ss.ts';
import { stund } from './apps/stund.ts';
import { Network } from './network.ts';
import type { NatView } from './network.ts';
import { payloadText } from './packet.ts';
import type { CommandRegistry } from './process.ts';
import type { Goal, Scenario } from './scenario.ts';
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
  /** Extra programs (e.g. pystun from src/machines). nc, ss and stund are built in. */
  readonly commands?: CommandRegistry;
}

/** Whether a goal was reached, and why (not). */
export interface GoalOutcome {
  readonly goal: Goal;
  readonly reached: boolean;
  readonly at?: number;
  /** For a missed goal: the drop that stopped the last matching packet, or "never sent". */
  readonly reason: string;
  /**
   * Why, as data, for views that word it themselves (in another language): `delivered` with the
   * event, `dropped` with the drop event, `never-sent`, or `in-flight`.
   */
  readonly cause: GoalCause;
}

/** The structured reason of a goal's outcome. */
export type GoalCause =
  | { readonly kind: 'delivered'; readonly event: Extract<TraceEvent, { type: 'delivered' }> }
  | { readonly kind: 'dropped'; readonly event: Extract<TraceEvent, { type: 'dropped' }> }
  | { readonly kind: 'never-sent' }
  | { readonly kind: 'in-flight' };

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

/** A running scenario. */
export class ScenarioRun {
  readonly network: Network;
  /** Every trace event produced so far (possibly beyond `index`). */
  private readonly produced: TraceEvent[] = [];
  private cursor = 0;
  private readonly end: number;
  private readonly vars: Record<string, string> = {};
  private readonly senders = new Map<number, string>();
  private readonly terminals: Terminals;

  constructor(
    readonly scenario: Scenario,
    readonly options: RunOptions = {},
  ) {
    const commands: CommandRegistry = {
      nc: netcat,
      stund,
      ss: ssCommand((socket) => this.terminals.ownerOf(socket)),
      ...(options.commands ?? {}),
    };
    validateScenario(scenario, (line) => validateCommandLine(line, commands));
    this.network = new Network(withNats(scenario.topology, options.nat), {
      seed: options.seed ?? scenario.seed,
    });
    this.terminals = new Terminals(this.network, commands, (k, v) => (this.vars[k] = v));
    this.network.onTrace((e) => this.record(e));
    this.end = scenarioEnd(scenario);
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

  /** The events stepped through so far. */
  get events(): readonly TraceEvent[] {
    return this.produced.slice(0, this.cursor);
  }

  /** Observations so far, usable as ${name} in commands. */
  get observations(): Readonly<Record<string, string>> {
    return { ...this.vars };
  }

  /** Advances to the next trace event and returns it, or undefined when the run is over. */
  step(): TraceEvent | undefined {
    const s = this.network.scheduler;
    while (this.produced.length <= this.cursor) {
      if (s.nextTime > this.end || !s.step()) return undefined;
    }
    return this.produced[this.cursor++];
  }

  /** Runs to the end; returns every event. */
  runToEnd(limit = 1_000_000): readonly TraceEvent[] {
    for (let i = 0; i < limit && this.step(); i++) {
      /* run */
    }
    return this.events;
  }

  /** Every router's tables after the current event. */
  nats(): NatView[] {
    return this.network.natViews();
  }

  /** The terminal of `actor` up to the current event. */
  terminal(actor: string): TerminalLine[] {
    const lines: TerminalLine[] = [];
    for (const e of this.events) {
      if (e.type === 'command' && e.actor === actor)
        lines.push({ kind: 'command', text: e.text, t: e.t, step: e.step });
      else if (e.type === 'output' && e.actor === actor)
        lines.push({ kind: e.stream, text: e.text, t: e.t });
    }
    return lines;
  }

  /** The outcome of every goal, judged on the events so far. */
  outcomes(): GoalOutcome[] {
    return (this.scenario.goals ?? []).map((g) => this.outcome(g));
  }

  private outcome(goal: Goal): GoalOutcome {
    let lastSent: number | undefined;
    for (const e of this.events) {
      if (e.type === 'sent' && payloadText(e.packet.payload).includes(goal.text))
        lastSent = e.packet.id;
      if (
        e.type === 'delivered' &&
        e.node === goal.actor &&
        payloadText(e.packet.payload).includes(goal.text)
      ) {
        return {
          goal,
          reached: true,
          at: e.t,
          reason: `delivered to ${goal.actor} at ${formatEndpoint(e.socket)}`,
          cause: { kind: 'delivered', event: e },
        };
      }
    }
    if (lastSent === undefined) {
      return { goal, reached: false, reason: 'never sent', cause: { kind: 'never-sent' } };
    }
    const drop = this.events.find((e) => e.type === 'dropped' && e.packet.id === lastSent);
    if (drop && drop.type === 'dropped') {
      const reason = `${drop.detail} (at ${drop.node})`;
      return { goal, reached: false, reason, cause: { kind: 'dropped', event: drop } };
    }
    const reason = 'still in flight or not delivered';
    return { goal, reached: false, reason, cause: { kind: 'in-flight' } };
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
    else if (e.type === 'delivered') {
      const sender = this.senders.get(e.packet.id);
      if (sender) {
        this.vars[`${e.node}.saw.${sender}.ip`] = e.packet.src.ip;
        this.vars[`${e.node}.saw.${sender}.port`] = String(e.packet.src.port);
        // The next port a sequential NAT would hand out: for port-prediction scenarios.
        this.vars[`${e.node}.saw.${sender}.port.next`] = String(e.packet.src.port + 1);
      }
    }
  }
}
