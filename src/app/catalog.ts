/**
 * The simulator's scenario catalog: the model's built-in scenarios plus the walkthrough's
 * alternative punch procedures (so a matrix cell can play the one that worked), each built with
 * the NATs chosen in the UI. An adapter over src/model; nothing here simulates.
 */
import {
  endpointDependent,
  PRESET_IDS,
  RELAY_SCENARIO,
  SCENARIOS,
  scenarioById,
  variantScenario,
} from '../model/index.ts';
import type { CommandRegistry, MatrixCell, NatSpec, PresetId, Scenario } from '../model/index.ts';
import { SEED } from '../model/index.ts';
// Variant 2 of the walkthrough is not re-exported by the model's index (yet).
import { STUN_PORT, walkthroughStunScenario } from '../model/scenarios/walkthrough-stun.ts';
import { pystunCommand } from '../machines/commands/pystun.ts';
import { netcat } from '../model/apps/netcat.ts';
import { ssCommand } from '../model/apps/ss.ts';
import { stund } from '../model/apps/stund.ts';
import { turn } from '../model/apps/turn.ts';
import { turnserver } from '../model/apps/turnserver.ts';

/** A punch procedure (the model's PunchVariant, which its index does not re-export). */
export type PunchVariant = NonNullable<MatrixCell['worked']>;

/** The id of the walkthrough run with another procedure, e.g. `walkthrough-simultaneous-predicted`. */
export type VariantId = `walkthrough-${PunchVariant}${'' | '-predicted'}`;

const VARIANTS: readonly VariantId[] = [
  'walkthrough-reply-to-source',
  'walkthrough-simultaneous',
  'walkthrough-seed-order-predicted',
  'walkthrough-reply-to-source-predicted',
  'walkthrough-simultaneous-predicted',
];

/** Every scenario id the simulator can show, built-ins first. */
export const SCENARIO_IDS: readonly string[] = [
  'walkthrough',
  'walkthrough-stun',
  ...Object.keys(SCENARIOS).filter((id) => id !== 'walkthrough'),
  ...VARIANTS,
];

/** Programs a scenario needs beyond the model's built-ins (pystun is a machine). */
export function commandsFor(id: string): CommandRegistry | undefined {
  return id === 'walkthrough-stun'
    ? { pystun: pystunCommand({ host: SEED.server, port: STUN_PORT }) }
    : undefined;
}

/**
 * Every program a terminal of scenario `id` runs, for checking typed lines: the model's built-ins
 * (in ScenarioRun's order, so "command not found" lists them as a run would) and the extras.
 */
export function validationCommands(id: string): CommandRegistry {
  return {
    nc: netcat,
    stund,
    ss: ssCommand(() => undefined),
    turnserver,
    turn,
    ...(commandsFor(id) ?? {}),
  };
}

/** The scenario shown when the URL names none. */
export const DEFAULT_SCENARIO = 'walkthrough';

/** Whether the simulator knows scenario `id`. */
export function isScenarioId(id: string): boolean {
  return SCENARIO_IDS.includes(id);
}

/** Whether `x` is a preset id. */
export function isPresetId(x: string): x is PresetId {
  return (PRESET_IDS as readonly string[]).includes(x);
}

/**
 * Builds scenario `id`. For the walkthrough variants, `nat` gives Bob's and Alice's NATs (the
 * routers `bob-nat` and `alice-nat`); built-ins take their NAT overrides at run time instead.
 */
export function buildScenario(id: string, nat: Readonly<Record<string, NatSpec>> = {}): Scenario {
  if (id === 'walkthrough-stun') return walkthroughStunScenario();
  const m = /^walkthrough-(reply-to-source|simultaneous|seed-order)(-predicted)?$/.exec(id);
  if (!m) return scenarioById(id);
  const base = scenarioById('walkthrough');
  const router = (rid: string): NatSpec => {
    const node = base.topology.nodes.find((n) => n.id === rid);
    return nat[rid] ?? (node?.kind === 'router' ? node.nat : 'full-cone');
  };
  const bob = router('bob-nat');
  const alice = router('alice-nat');
  const predict = m[2]
    ? { bob: endpointDependent(bob), alice: endpointDependent(alice) }
    : undefined;
  return { ...variantScenario(m[1] as PunchVariant, bob, alice, predict), id };
}

/**
 * The scenario a matrix cell's "play with a relay" opens: the TURN relay scenario (with the
 * cell's two NATs on bob-nat and alice-nat), for cells whose verdict is `relay`.
 */
export function relayScenarioFor(c: MatrixCell): string | undefined {
  return c.verdict === 'relay' ? RELAY_SCENARIO : undefined;
}

/** The variant id for a matrix cell's working procedure. */
export function variantId(worked: PunchVariant, isPredicted: boolean): string {
  if (worked === 'seed-order' && !isPredicted) return 'walkthrough';
  return `walkthrough-${worked}${isPredicted ? '-predicted' : ''}`;
}

/** The routers of a scenario, in topology order, with their default NAT. */
export function routersOf(s: Scenario): { id: string; nat: NatSpec }[] {
  return s.topology.nodes.flatMap((n) => (n.kind === 'router' ? [{ id: n.id, nat: n.nat }] : []));
}
