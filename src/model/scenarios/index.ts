/**
 * The catalog of built-in scenarios, by id, for the simulator's picker, the lessons and the lab.
 */
import { ModelError } from '../errors.ts';
import type { Scenario } from '../scenario.ts';
import { cgnatScenario } from './cgnat.ts';
import { expiryScenario } from './expiry.ts';
import { linuxClashScenario } from './linux-clash.ts';
import { relayScenario } from './relay.ts';
import { walkthroughScenario } from './walkthrough.ts';

/** Every built-in scenario's id with a builder. */
export const SCENARIOS: Readonly<Record<string, () => Scenario>> = {
  walkthrough: () => walkthroughScenario(),
  'linux-clash': () => linuxClashScenario(false),
  'linux-clash-fixed': () => linuxClashScenario(true),
  'hole-expiry': () => expiryScenario(false),
  'hole-keepalive': () => expiryScenario(true),
  'cgnat-hairpin': () => cgnatScenario(true),
  'cgnat-no-hairpin': () => cgnatScenario(false),
  relay: () => relayScenario(),
};

/** The scenario with that id; throws ModelError('bad-scenario') listing the known ids. */
export function scenarioById(id: string): Scenario {
  const build = SCENARIOS[id];
  if (!build)
    throw new ModelError(
      'bad-scenario',
      `unknown scenario "${id}"; known: ${Object.keys(SCENARIOS).join(', ')}`,
    );
  return build();
}

export { cgnatScenario, expiryScenario, linuxClashScenario, walkthroughScenario };
export { longKeepaliveScenario } from './expiry.ts';
export { variantScenario } from './variants.ts';
export { RELAY_IP, RELAY_SCENARIO, relayScenario } from './relay.ts';
export { SEED, walkthroughTopology } from './addresses.ts';
export { PUNCH_GOALS, WALKTHROUGH_SEED } from './walkthrough.ts';
