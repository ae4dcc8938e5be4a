/**
 * Double NAT: a home router (Alice's namespace, NATing the home host 10.0.0.10) behind Alice's
 * router, which plays the carrier's NAT. The home host's socket to the server's four endpoints
 * (what each sees after both translations), an answer from each server endpoint (filtering
 * through both), and crossing punches with Bob behind a port-restricted cone. The carrier runs
 * MASQUERADE or --random-fully, the home router MASQUERADE or the full-cone recipe, both with
 * INPUT dropping new inbound: 12 cases.
 */
import type { RouterNat } from '../../netns/nat-recipes.ts';
import type { SocketRef, Step, VerifyCase } from '../case.ts';
import { send } from '../case.ts';
import { SERVER_FOUR, bob, natId, server } from './common.ts';

const home = (port: number): SocketRef => ({ host: 'home', port });
const CARRIERS: readonly RouterNat[] = [
  { recipe: 'masquerade', inputPolicy: 'drop-new' },
  { recipe: 'masquerade-random-fully', inputPolicy: 'drop-new' },
];
const HOMES: readonly RouterNat[] = [
  { recipe: 'masquerade', inputPolicy: 'drop-new' },
  { recipe: 'full-cone', inputPolicy: 'drop-new' },
];
const BOB: RouterNat = { recipe: 'masquerade', inputPolicy: 'drop-new' };

const FAMILIES: readonly { name: string; title: string; steps: Step[] }[] = [
  {
    name: 'mapping',
    title: 'the home host 50000 to the server two addresses x two ports',
    steps: SERVER_FOUR.map((s, i) =>
      send(`to-${i + 1}`, home(50000), { addr: s.ip ?? 'serverPrimary', port: s.port }),
    ),
  },
  {
    name: 'filtering',
    title: 'the home host opens toward primary 3478, each server endpoint answers',
    steps: [
      send('open', home(50000), { addr: 'serverPrimary', port: 3478 }),
      ...SERVER_FOUR.map((s, i) => send(`from-${i + 1}`, s, { seenOf: 'open' })),
    ],
  },
  {
    name: 'punch-bob',
    title: 'crossing punches between the home host and Bob (port-restricted cone)',
    steps: [
      send('bob-register', bob(58888), { addr: 'serverPrimary', port: 9000 }),
      send('home-register', home(50000), { addr: 'serverPrimary', port: 9000 }),
      send('home-punch', home(50000), { seenOf: 'bob-register' }),
      send('bob-punch', bob(58888), { seenOf: 'home-register' }),
      send('home-again', home(50000), { seenOf: 'bob-register' }),
      send('bob-answers', bob(58888), { seenOf: 'home-punch' }),
    ],
  },
];

/** The double NAT family. */
export function doubleNatCases(): VerifyCase[] {
  return CARRIERS.flatMap((carrier) =>
    HOMES.flatMap((homeNat) =>
      FAMILIES.map((f): VerifyCase => ({
        id: `double-nat/carrier-${carrier.recipe}/home-${homeNat.recipe}/${f.name}`,
        family: 'double-nat',
        title: `${f.title}; carrier ${natId(carrier)}, home ${natId(homeNat)}`,
        routers: { alice: carrier, bob: BOB, home: homeNat },
        listen: [...SERVER_FOUR, server(9000)],
        steps: f.steps,
        ...(f.name === 'punch-bob' && {
          goals: [
            { name: 'home hears bob', anyOf: ['bob-punch', 'bob-answers'] },
            { name: 'bob hears home', anyOf: ['home-punch', 'home-again'] },
          ],
        }),
      })),
    ),
  );
}
