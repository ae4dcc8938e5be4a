/**
 * The seed walkthrough as a scenario: the server learns each peer's public ip:port with
 * `nc -lu 9000` and `ss -unp`, Alice punches a hole toward Bob and listens, Bob answers; then the
 * reverse direction. Punch targets are what the server saw (${server.saw.*}), as a user would type.
 */
import type { Goal, Scenario, ScenarioStep } from '../scenario.ts';
import type { NatSpec } from '../topology.ts';
import { SEED, walkthroughTopology } from './addresses.ts';

/**
 * The default seed. With both routers on Linux MASQUERADE (INPUT accepting), it makes Bob's
 * clashing reply leave from port 9065, the port measured on a real kernel (see DESIGN.md).
 */
export const WALKTHROUGH_SEED = 116724;

/** Goals of the punch, both directions. */
export const PUNCH_GOALS: readonly Goal[] = [
  {
    id: 'alice-hears-bob',
    actor: 'alice',
    text: 'soy Bob',
    label: {
      en: "Bob's reply reaches Alice's nc -klu",
      es: 'La respuesta de Bob llega al nc -klu de Alice',
    },
  },
  {
    id: 'bob-hears-alice',
    actor: 'bob',
    text: 'soy Alice',
    label: {
      en: "Alice's reply reaches Bob's nc -klu",
      es: 'La respuesta de Alice llega al nc -klu de Bob',
    },
  },
];

const BOB = '${server.saw.bob.ip} ${server.saw.bob.port}';
const ALICE = '${server.saw.alice.ip} ${server.saw.alice.port}';

/** The rendezvous part: the server learns Bob's and Alice's public endpoints (t = 0 to 5 s). */
export function rendezvousSteps(bobPort: number, alicePort: number): ScenarioStep[] {
  const server = `${SEED.server} ${SEED.serverPort}`;
  return [
    { at: 0, actor: 'server', run: `nc -lu ${SEED.serverPort}` },
    { at: 1000, actor: 'bob', run: `echo "toc" | nc -p ${bobPort} -u ${server}` },
    { at: 2000, actor: 'server', run: 'ss -unp' },
    { at: 3000, actor: 'server', run: `nc -lu ${SEED.serverPort}` },
    { at: 4000, actor: 'alice', run: `echo "toc" | nc -p ${alicePort} -u ${server}` },
    { at: 5000, actor: 'server', run: 'ss -unp' },
  ];
}

/** The punch, both directions, starting at `t0`. */
export function punchSteps(t0: number, bobPort: number, alicePort: number): ScenarioStep[] {
  return [
    { at: t0, actor: 'alice', run: `echo "upd hole" | nc -p ${alicePort} -u ${BOB}` },
    { at: t0 + 1000, actor: 'alice', run: `nc -klu ${alicePort}` },
    { at: t0 + 2000, actor: 'bob', run: `echo "soy Bob" | nc -p ${bobPort} -u ${ALICE}` },
    { at: t0 + 3000, actor: 'bob', run: `echo "upd hole" | nc -p ${bobPort} -u ${ALICE}` },
    { at: t0 + 4000, actor: 'bob', run: `nc -klu ${bobPort}` },
    { at: t0 + 5000, actor: 'alice', run: `echo "soy Alice" | nc -p ${alicePort} -u ${BOB}` },
  ];
}

/** The seed walkthrough with the NATs given (default: the seed's Bob full cone, Alice restricted). */
export function walkthroughScenario(
  bob: NatSpec = 'full-cone',
  alice: NatSpec = 'restricted-cone',
): Scenario {
  return {
    id: 'walkthrough',
    title: { en: 'The netcat walkthrough', es: 'El recorrido con netcat' },
    summary: {
      en: 'A server tells each peer its public ip:port; Alice opens a hole toward Bob, Bob answers through it; then the reverse.',
      es: 'Un servidor dice a cada par su ip:puerto público; Alice abre un agujero hacia Bob y Bob contesta por él; luego al revés.',
    },
    seed: WALKTHROUGH_SEED,
    topology: walkthroughTopology(bob, alice),
    actors: ['server', 'alice', 'bob'],
    steps: [
      ...rendezvousSteps(SEED.bobPort, SEED.alicePort),
      ...punchSteps(6000, SEED.bobPort, SEED.alicePort),
    ],
    goals: PUNCH_GOALS,
  };
}
