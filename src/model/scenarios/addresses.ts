/**
 * The seed walkthrough's addresses and its topology: a server on the internet, Bob and Alice each
 * behind a NAT router.
 *
 *                           internet
 *             ┌────────────────┼─────────────────┐
 *          server           bob-nat           alice-nat
 *      54.93.249.162     54.93.229.24      82.230.120.113
 *                             │                  │
 *                            bob               alice
 *                       192.168.1.10       192.168.0.10
 *
 * With `open-internet` on a router, its host holds the public address itself.
 */
import type { NatSpec, NodeSpec, TopologySpec } from '../topology.ts';
import { resolveNat } from '../topology.ts';

/** The walkthrough's public addresses and ports, exactly as the seed gives them. */
export const SEED = {
  server: '54.93.249.162',
  serverPort: 9000,
  bobPublic: '54.93.229.24',
  alicePublic: '82.230.120.113',
  bobPort: 58888,
  alicePort: 53333,
  bobStunPort: 59999,
  aliceStunPort: 56666,
  /** Second server address, for STUN's CHANGE-REQUEST (not in the seed, which used a public server). */
  serverAlt: '54.93.249.163',
} as const;

/** One peer's router and host; without translation the host holds the public address itself. */
function site(id: 'bob' | 'alice', publicIp: string, lanNet: string, nat: NatSpec): NodeSpec[] {
  const routerId = `${id}-nat`;
  if (!resolveNat(nat).translate) {
    const net = publicIp.split('.').slice(0, 3).join('.');
    return [
      {
        kind: 'router',
        id: routerId,
        wanIp: `${net}.1`,
        lanIp: `${net}.254`,
        lan: `${net}.0/24`,
        parent: 'internet',
        nat,
      },
      { kind: 'host', id, ip: publicIp, parent: routerId, link: { latencyMs: 1 } },
    ];
  }
  return [
    {
      kind: 'router',
      id: routerId,
      wanIp: publicIp,
      lanIp: `${lanNet}.1`,
      lan: `${lanNet}.0/24`,
      parent: 'internet',
      nat,
    },
    { kind: 'host', id, ip: `${lanNet}.10`, parent: routerId, link: { latencyMs: 1 } },
  ];
}

/** The walkthrough's server: on the internet, with a second address for STUN. */
export function serverNode(): NodeSpec {
  return {
    kind: 'host',
    id: 'server',
    ip: SEED.server,
    extraIps: [SEED.serverAlt],
    parent: 'internet',
  };
}

/** The walkthrough topology with the given NAT on each router. */
export function walkthroughTopology(bob: NatSpec, alice: NatSpec): TopologySpec {
  return {
    defaultLink: { latencyMs: 10 },
    nodes: [
      serverNode(),
      ...site('bob', SEED.bobPublic, '192.168.1', bob),
      ...site('alice', SEED.alicePublic, '192.168.0', alice),
    ],
  };
}
