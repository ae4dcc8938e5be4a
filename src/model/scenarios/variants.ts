/**
 * Other ways to run the punch on the walkthrough topology, used to explain why the seed order
 * failed: answer whoever punched (peer-reflexive) or punch at the same moment; any of them,
 * the seed order included, can aim at the predicted next port of a sequential symmetric NAT.
 */
import type { Scenario, ScenarioStep } from '../scenario.ts';
import type { NatSpec } from '../topology.ts';
import { SEED } from './addresses.ts';
import { PUNCH_GOALS, punchSteps, rendezvousSteps, walkthroughScenario } from './walkthrough.ts';

/** Which alternative procedure. */
export type PunchVariant = 'reply-to-source' | 'simultaneous' | 'seed-order';

const peer = (who: 'bob' | 'alice', next = false): string =>
  `\${server.saw.${who}.ip} \${server.saw.${who}.port${next ? '.next' : ''}}`;

/**
 * One side punches toward the other's observed address and waits with `echo … | nc -lu`, which
 * answers whoever writes first; the other side then writes. Tried with Bob waiting, then Alice.
 */
function replyToSource(): ScenarioStep[] {
  const b = SEED.bobPort;
  const a = SEED.alicePort;
  return [
    { at: 6000, actor: 'bob', run: `echo "upd hole" | nc -p ${b} -u ${peer('alice')}` },
    { at: 7000, actor: 'bob', run: `echo "soy Bob" | nc -lu ${b}` },
    { at: 8000, actor: 'alice', run: `echo "soy Alice" | nc -p ${a} -u ${peer('bob')}` },
    { at: 10000, actor: 'alice', run: `echo "upd hole" | nc -p ${a} -u ${peer('bob')}` },
    { at: 11000, actor: 'alice', run: `echo "soy Alice" | nc -lu ${a}` },
    { at: 12000, actor: 'bob', run: `echo "soy Bob" | nc -p ${b} -u ${peer('alice')}` },
  ];
}

function simultaneous(): ScenarioStep[] {
  const b = SEED.bobPort;
  const a = SEED.alicePort;
  return [
    { at: 6000, actor: 'alice', run: `echo "upd hole" | nc -p ${a} -u ${peer('bob')}` },
    { at: 6000, actor: 'bob', run: `echo "upd hole" | nc -p ${b} -u ${peer('alice')}` },
    { at: 7000, actor: 'alice', run: `nc -klu ${a}` },
    { at: 7000, actor: 'bob', run: `nc -klu ${b}` },
    { at: 8000, actor: 'bob', run: `echo "soy Bob" | nc -p ${b} -u ${peer('alice')}` },
    { at: 9000, actor: 'bob', run: `nc -klu ${b}` },
    { at: 10000, actor: 'alice', run: `echo "soy Alice" | nc -p ${a} -u ${peer('bob')}` },
  ];
}

/** Sides whose next port is guessed (those behind a sequential symmetric NAT). */
export interface Prediction {
  readonly bob: boolean;
  readonly alice: boolean;
}

/** Aims at the next port (seen + 1) of each predicted side. */
function predictPorts(steps: ScenarioStep[], predict: Prediction): ScenarioStep[] {
  return steps.map((s) => ({
    ...s,
    run: s.run.replace(/\$\{server\.saw\.(bob|alice)\.port\}/g, (all, who: 'bob' | 'alice') =>
      predict[who] ? `\${server.saw.${who}.port.next}` : all,
    ),
  }));
}

/** The walkthrough topology run with another punch procedure. */
export function variantScenario(
  variant: PunchVariant,
  bob: NatSpec,
  alice: NatSpec,
  predict: Prediction = { bob: false, alice: false },
): Scenario {
  const base = walkthroughScenario(bob, alice);
  const punch =
    variant === 'reply-to-source'
      ? replyToSource()
      : variant === 'simultaneous'
        ? simultaneous()
        : punchSteps(6000, SEED.bobPort, SEED.alicePort);
  return {
    ...base,
    id: `walkthrough-${variant}${predict.bob || predict.alice ? '-predicted' : ''}`,
    steps: [...rendezvousSteps(SEED.bobPort, SEED.alicePort), ...predictPorts(punch, predict)],
    goals: PUNCH_GOALS,
  };
}
