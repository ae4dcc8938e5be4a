/**
 * The pairwise outcome matrix: for every pair of presets (Bob's NAT, Alice's NAT), whether the
 * walkthrough's hole punching works directly, fails only because of the procedure, needs port
 * prediction, or needs a relay; each verdict found by simulation, with a one-line reason.
 */
import type { PresetId } from './presets.ts';
import { PRESET_IDS } from './presets.ts';
import type { NatSpec } from './topology.ts';
import { resolveNat } from './topology.ts';
import { ScenarioRun } from './scenario-run.ts';
import type { GoalOutcome } from './scenario-run.ts';
import type { Scenario } from './scenario.ts';
import type { PunchVariant } from './scenarios/variants.ts';
import { variantScenario } from './scenarios/variants.ts';
import { walkthroughScenario } from './scenarios/walkthrough.ts';

/**
 * - `direct`: the walkthrough works as typed;
 * - `fails`: it fails as typed, but another procedure on the same NATs works (named in the reason);
 * - `port-prediction`: works only by aiming at the next port of a sequential symmetric NAT;
 * - `relay`: no direct procedure works; a relay (TURN) is needed.
 */
export type Verdict = 'direct' | 'fails' | 'port-prediction' | 'relay';

/** Every verdict, best first. */
export const VERDICTS: readonly Verdict[] = ['direct', 'fails', 'port-prediction', 'relay'];

/** One cell of the matrix. */
export interface MatrixCell {
  readonly bob: PresetId;
  readonly alice: PresetId;
  readonly verdict: Verdict;
  /** One line: why. */
  readonly reason: string;
  /** The procedure that worked, if any ('seed-order' is the walkthrough itself). */
  readonly worked?: PunchVariant;
  /** Whether `worked` aimed at predicted ports. */
  readonly predicted?: boolean;
  /** The goal the walkthrough missed as typed, and why (as data), for localized views. */
  readonly missed?: GoalOutcome;
}

const HOW: Readonly<Record<PunchVariant, string>> = {
  'seed-order': 'the walkthrough order',
  'reply-to-source': 'answering the address the punch came from (not the one the server saw)',
  simultaneous: 'punching at the same moment from both sides',
};

/** The first goal a scenario misses, or undefined when all are reached. */
function firstMiss(s: Scenario, seed?: number): GoalOutcome | undefined {
  const run = new ScenarioRun(s, seed === undefined ? {} : { seed });
  run.runToEnd();
  return run.outcomes().find((o) => !o.reached);
}

/** Whether a scenario misses a goal. */
function missed(s: Scenario, seed?: number): boolean {
  return firstMiss(s, seed) !== undefined;
}

/** Whether a NAT gives a new external port per destination (so its ports must be predicted). */
export function endpointDependent(nat: NatSpec): boolean {
  const p = resolveNat(nat);
  return (
    p.translate && (p.mapping !== 'endpoint-independent' || p.portAssignment === 'random-per-flow')
  );
}

/** Decides one cell by running the walkthrough, then the alternative procedures. */
export function matrixCell(bob: PresetId, alice: PresetId, seed?: number): MatrixCell {
  const miss = firstMiss(walkthroughScenario(bob, alice), seed);
  if (!miss) {
    return {
      bob,
      alice,
      verdict: 'direct',
      worked: 'seed-order',
      reason: 'the walkthrough works as typed, both directions',
    };
  }
  const seedMiss = `${miss.goal.label.en}: no, ${miss.reason}`;
  for (const variant of ['reply-to-source', 'simultaneous'] as const) {
    if (!missed(variantScenario(variant, bob, alice), seed)) {
      return {
        bob,
        alice,
        verdict: 'fails',
        worked: variant,
        missed: miss,
        reason: `${seedMiss}; ${HOW[variant]} works`,
      };
    }
  }
  const predict = { bob: endpointDependent(bob), alice: endpointDependent(alice) };
  if (predict.bob || predict.alice) {
    for (const variant of ['seed-order', 'reply-to-source', 'simultaneous'] as const) {
      if (!missed(variantScenario(variant, bob, alice, predict), seed)) {
        const how = `${HOW[variant]}, aimed at the next port of the sequential NAT (the one the server saw + 1)`;
        return {
          bob,
          alice,
          verdict: 'port-prediction',
          missed: miss,
          worked: variant,
          predicted: true,
          reason: `${seedMiss}; ${how}, works`,
        };
      }
    }
  }
  return {
    bob,
    alice,
    verdict: 'relay',
    missed: miss,
    reason: `${seedMiss}; no direct procedure works, a relay is needed`,
  };
}

/** The whole matrix, rows = Bob's preset, columns = Alice's preset. */
export function outcomeMatrix(
  presets: readonly PresetId[] = PRESET_IDS,
  seed?: number,
): MatrixCell[][] {
  return presets.map((bob) => presets.map((alice) => matrixCell(bob, alice, seed)));
}
