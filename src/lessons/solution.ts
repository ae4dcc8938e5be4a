/**
 * A try block's known solution, run: the scenario's own script (uncut), or the block's cut
 * scenario with the lines of a terminal block typed one second apart after the last kept step,
 * as a reader would type them into the embedded simulator.
 */
import { typedAt } from '../app/typed.ts';
import type { Session, TypedCommand } from '../app/typed.ts';
import { ScenarioRun } from '../model/index.ts';
import { sessionScenario } from '../app/typed.ts';
import { runnable } from './setup.ts';
import type { TerminalBlock, TryBlock } from './types.ts';

/** The session that types a terminal block's lines after `after` ms. */
export function typedSession(
  terminal: TerminalBlock,
  after: number,
  stopAfter: number | undefined,
): Session {
  const typed: TypedCommand[] = terminal.lines.map((l, i) => ({
    actor: l.actor,
    at: typedAt(after) + 1000 * i,
    line: l.command,
  }));
  return { typed, ...(stopAfter === undefined ? {} : { stopAfter }) };
}

/** Runs a try block's solution to its end. */
export function solutionRun(b: TryBlock, terminal: TerminalBlock | undefined): ScenarioRun {
  const r = runnable(b.setup);
  let scenario = r.full;
  if (terminal) {
    const last = Math.max(0, ...r.scenario.steps.map((s) => s.at + (s.every ?? 0) * ((s.times ?? 1) - 1)));
    scenario = sessionScenario(r.full, typedSession(terminal, last + 1000, b.setup.stopAfter));
  }
  const run = new ScenarioRun(scenario, { ...r.options, maxEvents: 200_000 });
  run.runToEnd();
  return run;
}
