/**
 * The walkthrough's second variant: each peer asks a STUN server for its NAT type and public
 * endpoint with `pystun -p PORT` (Bob gets "Full Cone" at 54.93.229.24:59999, Alice
 * "Restric NAT" at 82.230.120.113:56666), then the same punch follows on those ports.
 * The `pystun` program is a machine (src/machines/commands/pystun.ts): pass it in RunOptions.
 */
import type { Scenario } from '../scenario.ts';
import type { NatSpec } from '../topology.ts';
import { SEED, walkthroughTopology } from './addresses.ts';
import { PUNCH_GOALS, WALKTHROUGH_SEED } from './walkthrough.ts';

/** The STUN server's port. */
export const STUN_PORT = 3478;

/** Variant 2: STUN instead of nc to learn the public endpoints. */
export function walkthroughStunScenario(
  bob: NatSpec = 'full-cone',
  alice: NatSpec = 'restricted-cone',
): Scenario {
  const b = SEED.bobStunPort;
  const a = SEED.aliceStunPort;
  const bobAt = '${bob.stun.ip} ${bob.stun.port}';
  const aliceAt = '${alice.stun.ip} ${alice.stun.port}';
  return {
    id: 'walkthrough-stun',
    title: { en: 'The walkthrough with pystun', es: 'El recorrido con pystun' },
    summary: {
      en: 'Each peer learns its NAT type and public endpoint from a STUN server, then the same punch follows.',
      es: 'Cada par averigua su tipo de NAT y su ip:puerto público con un servidor STUN; luego el mismo agujero.',
    },
    seed: WALKTHROUGH_SEED,
    topology: walkthroughTopology(bob, alice),
    actors: ['server', 'alice', 'bob'],
    steps: [
      { at: 0, actor: 'server', run: `stund -h ${SEED.server} -a ${SEED.serverAlt}` },
      { at: 1000, actor: 'bob', run: `pystun -p ${b}` },
      { at: 5000, actor: 'alice', run: `pystun -p ${a}` },
      { at: 10000, actor: 'alice', run: `echo "upd hole" | nc -p ${a} -u ${bobAt}` },
      { at: 11000, actor: 'alice', run: `nc -klu ${a}` },
      { at: 12000, actor: 'bob', run: `echo "soy Bob" | nc -p ${b} -u ${aliceAt}` },
      { at: 13000, actor: 'bob', run: `echo "upd hole" | nc -p ${b} -u ${aliceAt}` },
      { at: 14000, actor: 'bob', run: `nc -klu ${b}` },
      { at: 15000, actor: 'alice', run: `echo "soy Alice" | nc -p ${a} -u ${bobAt}` },
    ],
    goals: PUNCH_GOALS,
  };
}
