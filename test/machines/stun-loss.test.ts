/**
 * The STUN classifiers under 30% loss on the NAT's WAN link (each way), on the simulated network,
 * over many seeds, with the lab's own retransmission schedule (LAB_RETRANSMIT: 12 sends before
 * the first answer, 12 on the RTT-derived schedule after it): every verdict stays what it is
 * without loss.
 */
import { describe, expect, it } from 'vitest';
import { pystunCommand } from '../../src/machines/commands/pystun.ts';
import { LAB_RETRANSMIT } from '../../src/machines/stun-retransmit.ts';
import type { PresetId } from '../../src/model/presets.ts';
import { ScenarioRun } from '../../src/model/scenario-run.ts';
import { SEED } from '../../src/model/scenarios/addresses.ts';
import { walkthroughStunScenario } from '../../src/model/scenarios/walkthrough-stun.ts';

const LOSS = 0.3;
const SEEDS = 25;
const retransmit = LAB_RETRANSMIT;
const commands = { pystun: pystunCommand({ host: SEED.server, port: 3478, retransmit }) };

/** Bob's `pystun ARGS` output behind `nat`, with `loss` on his router's WAN link. */
function classify(nat: PresetId, args: string, seed: number, loss: number): string {
  const base = walkthroughStunScenario(nat, nat);
  const nodes = base.topology.nodes.map((n) =>
    n.id === 'bob-nat' ? { ...n, link: { latencyMs: 10, loss } } : n,
  );
  const scenario = {
    ...base,
    seed,
    endAt: 60_000,
    topology: { ...base.topology, nodes },
    steps: [base.steps[0]!, { at: 1000, actor: 'bob', run: `pystun -p 59999 ${args}`.trim() }],
    goals: [],
  };
  const run = new ScenarioRun(scenario, { commands });
  run.runToEnd();
  return run
    .terminal('bob')
    .filter((l) => l.kind !== 'command')
    .map((l) => l.text)
    .join('')
    .replace(/^External (IP|Port).*\n/gm, '');
}

const NATS: readonly PresetId[] = [
  'full-cone',
  'restricted-cone',
  'port-restricted-cone',
  'symmetric',
  'linux-masquerade',
  'linux-masquerade-input-drop',
  'linux-random-fully',
];

describe('the classifiers with 30% loss on the WAN link', () => {
  it.each(NATS)('%s: every seed gives the loss-free verdict (RFC 3489 and RFC 5780)', (nat) => {
    for (const args of ['', '--rfc5780']) {
      const clean = classify(nat, args, 1, 0);
      const wrong: string[] = [];
      for (let seed = 1; seed <= SEEDS; seed++) {
        const lossy = classify(nat, args, seed, LOSS);
        if (lossy !== clean) wrong.push(`seed ${seed} ${args}: ${lossy}`);
      }
      expect(wrong).toEqual([]);
      expect(clean).not.toMatch(/Blocked|error/);
    }
  });
});
