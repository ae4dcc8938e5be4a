/**
 * The declarative scenario format: a topology, the actors whose terminals are shown, timed steps
 * (commands typed into a terminal), and goals (what should arrive where), and their unrolling
 * into timed commands. Validation lives in scenario-validation.ts (re-exported here).
 */
import type { TopologySpec } from './topology.ts';

export { MAX_COMMANDS } from './scenario-schema.ts';
export { validateScenario } from './scenario-validation.ts';

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
