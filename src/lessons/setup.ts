/**
 * A block's Setup made runnable: the scenario (built by the simulator's catalog, cut after
 * `stopAfter` scripted steps) and the RunOptions (NAT presets, seed, extra programs such as
 * pystun). Shared by the build-time checks and the browser's embedded simulators, so both run
 * exactly the same thing. Refusals are SetupErrors whose message the checks print.
 */
import {
  buildScenario,
  commandsFor,
  isPresetId,
  isScenarioId,
  routersOf,
  SCENARIO_IDS,
} from '../app/catalog.ts';
import { sessionScenario } from '../app/typed.ts';
import type { Session } from '../app/typed.ts';
import { PRESET_IDS } from '../model/index.ts';
import type { NatSpec, RunOptions, Scenario } from '../model/index.ts';
import type { Setup } from './types.ts';

/** A block whose scenario, preset or router does not resolve. */
export class SetupError extends Error {}

/** A runnable setup. */
export interface Runnable {
  /** The scenario as the block shows it (cut after `stopAfter`). */
  readonly scenario: Scenario;
  /** The scenario uncut (for "open in the simulator" and for the try's own solution). */
  readonly full: Scenario;
  readonly options: RunOptions;
  /** The session an embedded simulator starts with (the cut, no typed command). */
  readonly session: Session | undefined;
}

/** Resolves a setup; throws a SetupError naming what is unknown. */
export function runnable(setup: Setup): Runnable {
  const id = setup.scenario;
  if (!isScenarioId(id))
    throw new SetupError(`unknown scenario "${id}"; known: ${SCENARIO_IDS.join(', ')}`);
  const nat: Record<string, NatSpec> = {};
  for (const [router, preset] of Object.entries(setup.nat)) {
    if (!isPresetId(preset))
      throw new SetupError(`unknown NAT preset "${preset}"; known: ${PRESET_IDS.join(', ')}`);
    nat[router] = preset;
  }
  const full = buildScenario(id, nat);
  const routers = routersOf(full).map((r) => r.id);
  for (const router of Object.keys(nat))
    if (!routers.includes(router))
      throw new SetupError(`scenario "${id}" has no router "${router}" (it has ${routers.join(', ')})`);
  const commands = commandsFor(id);
  const options: RunOptions = {
    nat,
    ...(setup.seed === undefined ? {} : { seed: setup.seed }),
    ...(commands ? { commands } : {}),
  };
  const stop = setup.stopAfter;
  if (stop !== undefined && stop > full.steps.length)
    throw new SetupError(
      `stopAfter=${stop}: scenario "${id}" has ${full.steps.length} scripted steps`,
    );
  const session: Session | undefined = stop === undefined ? undefined : { typed: [], stopAfter: stop };
  const scenario = session ? sessionScenario(full, session) : full;
  return { scenario, full, options, session };
}
