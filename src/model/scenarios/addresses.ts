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
 */
import type { NatSpec, TopologySpec } from '../topology.ts';

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

/** The walkthrough topology with the given NAT on each router. */
export function walkthroughTopology(bob: NatSpec, alice: NatSpec): TopologySpec {
  return {
    defaultLink: { latencyMs: 10 },
    nodes: [
      {
        kind: 'host',
        id: 'server',
        ip: SEED.server,
        extraIps: [SEED.serverAlt],
        parent: 'internet',
      },
      {
        kind: 'router',
        id: 'bob-nat',
        wanIp: SEED.bobPublic,
        lanIp: '192.168.1.1',
        lan: '192.168.1.0/24',
        parent: 'internet',
        nat: bob,
      },
      { kind: 'host', id: 'bob', ip: '192.168.1.10', parent: 'bob-nat', link: { latencyMs: 1 } },
      {
        kind: 'router',
        id: 'alice-nat',
        wanIp: SEED.alicePublic,
        lanIp: '192.168.0.1',
        lan: '192.168.0.0/24',
        parent: 'internet',
        nat: alice,
      },
      {
        kind: 'host',
        id: 'alice',
        ip: '192.168.0.10',
        parent: 'alice-nat',
        link: { latencyMs: 1 },
      },
    ],
  };
}
