/**
 * The declarative scenario format: a topology, the actors whose terminals are shown, timed steps
 * (commands typed into a terminal), and goals (what should arrive where), with validation that
 * names the offending step.
 */
import { ModelError } from './errors.ts';
import type { TopologySpec } from './topology.ts';
import { validateTopology } from './topology.ts';

/** Text in both UI languages. */
export interface Localized {
  readonly en: string;
  readonly es: string;
}

/** A command typed into `actor`'s terminal at virtual time `at` (ms). */
export interface ScenarioStep {
  readonly at: number;
  readonly actor: string;
  /** The command line; `${name}` is replaced by an observation made earlier in the run. */
  readonly run: string;
  /** Repeat every this many ms (a keepalive) ... */
  readonly every?: number;
  /** ... this many times in all (default 1). */
  readonly times?: number;
  readonly note?: Localized;
}

/** Something that should happen: `actor` receives a datagram whose text contains `text`. */
export interface Goal {
  readonly id: string;
  readonly actor: string;
  readonly text: string;
  readonly label: Localized;
}

/** A whole scenario. */
export interface Scenario {
  readonly id: string;
  readonly title: Localized;
  readonly summary?: Localized;
  readonly seed: number;
  readonly topology: TopologySpec;
  /** Hosts shown as terminals, in order. */
  readonly actors: readonly string[];
  readonly steps: readonly ScenarioStep[];
  readonly goals?: readonly Goal[];
  /** Virtual time at which the run ends (default: 5 s after the last step). */
  readonly endAt?: number;
}

/** The expanded, time-ordered command list of a scenario (repeats unrolled). */
export interface TimedCommand {
  readonly index: number;
  readonly at: number;
  readonly actor: string;
  readonly run: string;
  readonly stepIndex: number;
}

/** Unrolls repeats and sorts by time (stable). */
export function timedCommands(s: Scenario): TimedCommand[] {
  const out: Omit<TimedCommand, 'index'>[] = [];
  s.steps.forEach((step, stepIndex) => {
    const times = step.times ?? 1;
    for (let k = 0; k < times; k++)
      out.push({
        at: step.at + k * (step.every ?? 0),
        actor: step.actor,
        run: step.run,
        stepIndex,
      });
  });
  return out.sort((a, b) => a.at - b.at).map((c, index) => ({ ...c, index }));
}

/** When the run ends. */
export function scenarioEnd(s: Scenario): number {
  if (s.endAt !== undefined) return s.endAt;
  const last = timedCommands(s).reduce((m, c) => Math.max(m, c.at), 0);
  return last + 5000;
}

/**
 * Checks a scenario's shape and references; `checkCommand` validates each command line.
 * Throws ModelError('bad-scenario') naming the scenario and step.
 */
export function validateScenario(s: Scenario, checkCommand: (line: string) => void): void {
  const where = `scenario "${s.id}"`;
  const bad = (msg: string): never => {
    throw new ModelError('bad-scenario', `${where}: ${msg}`);
  };
  if (!/^[a-z0-9][a-z0-9-]*$/.test(s.id ?? ''))
    bad('id must be lowercase letters, digits and dashes');
  if (!Number.isInteger(s.seed)) bad('seed must be an integer');
  try {
    validateTopology(s.topology);
  } catch (e) {
    bad((e as Error).message);
  }
  const hosts = new Set(s.topology.nodes.filter((n) => n.kind === 'host').map((n) => n.id));
  for (const a of s.actors) if (!hosts.has(a)) bad(`actor "${a}" is not a host of the topology`);
  s.steps.forEach((step, i) => {
    const at = `step ${i + 1} (${step.actor}: ${step.run})`;
    if (!s.actors.includes(step.actor))
      bad(`${at}: actor "${step.actor}" is not one of ${s.actors.join(', ')}`);
    if (!(step.at >= 0)) bad(`${at}: "at" must be a time >= 0 in ms`);
    if (step.times !== undefined && (!Number.isInteger(step.times) || step.times < 1))
      bad(`${at}: "times" must be a positive integer`);
    if ((step.times ?? 1) > 1 && !(step.every !== undefined && step.every > 0))
      bad(`${at}: repeating needs "every" > 0`);
    try {
      checkCommand(
        step.run.replace(/\$\{([^}]*)\}/g, (_, name: string) =>
          /\.port(\.|$)/.test(name) ? '9' : '192.0.2.1',
        ),
      );
    } catch (e) {
      bad(`${at}: ${(e as Error).message}`);
    }
  });
  for (const g of s.goals ?? [])
    if (!s.actors.includes(g.actor)) bad(`goal "${g.id}": actor "${g.actor}" is not an actor`);
  if (s.endAt !== undefined && !(s.endAt >= 0)) bad('endAt must be >= 0');
}
