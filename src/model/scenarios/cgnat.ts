/**
 * Both peers behind home NATs behind one carrier-grade NAT: the server sees both at the CGNAT's
 * single public address, and the punch only works if the CGNAT hairpins.
 *
 *                      internet
 *              ┌──────────┴──────────┐
 *           server                 cgnat 54.93.200.1
 *                              ┌──────┴───────┐       (100.64.0.0/10)
 *                         bob-nat 100.64.0.2  alice-nat 100.64.0.3
 *                              │              │
 *                             bob            alice
 */
import type { Scenario } from '../scenario.ts';
import type { NatSpec } from '../topology.ts';
import { SEED, serverNode } from './addresses.ts';
import { PUNCH_GOALS, punchSteps, rendezvousSteps, WALKTHROUGH_SEED } from './walkthrough.ts';

/** The CGNAT's public address. */
export const CGNAT_PUBLIC = '54.93.200.1';

/** Two homes behind one CGNAT; `hairpinning` toggles the CGNAT's hairpin support. */
export function cgnatScenario(
  hairpinning: boolean,
  home: NatSpec = 'port-restricted-cone',
): Scenario {
  return {
    id: hairpinning ? 'cgnat-hairpin' : 'cgnat-no-hairpin',
    title: hairpinning
      ? {
          en: 'Two homes behind one CGNAT that hairpins',
          es: 'Dos hogares tras un CGNAT con horquilla',
        }
      : {
          en: 'Two homes behind one CGNAT without hairpinning',
          es: 'Dos hogares tras un CGNAT sin horquilla',
        },
    summary: hairpinning
      ? {
          en: "Alice and Bob sit behind home NATs that share one carrier-grade NAT: the server sees both at the CGNAT's single public address, and the punch works because the CGNAT sends packets for its own public address back inside (hairpinning).",
          es: 'Alice y Bob están tras NAT domésticos que comparten un CGNAT: el servidor ve a los dos en la única dirección pública del CGNAT, y el agujero funciona porque el CGNAT devuelve hacia dentro los paquetes dirigidos a su propia dirección pública (horquilla).',
        }
      : {
          en: 'The same two homes behind one carrier-grade NAT, but this CGNAT does not hairpin: a packet for its own public address is dropped, so the addresses the server saw are useless to the peers.',
          es: 'Los mismos dos hogares tras un CGNAT, pero este no hace horquilla: un paquete dirigido a su propia dirección pública se descarta, así que las direcciones que vio el servidor no les sirven a los pares.',
        },
    seed: WALKTHROUGH_SEED,
    topology: {
      defaultLink: { latencyMs: 10 },
      nodes: [
        serverNode(),
        {
          kind: 'router',
          id: 'cgnat',
          wanIp: CGNAT_PUBLIC,
          lanIp: '100.64.0.1',
          lan: '100.64.0.0/10',
          parent: 'internet',
          nat: { preset: 'cgnat', overrides: { hairpinning } },
        },
        {
          kind: 'router',
          id: 'bob-nat',
          wanIp: '100.64.0.2',
          lanIp: '192.168.1.1',
          lan: '192.168.1.0/24',
          parent: 'cgnat',
          nat: home,
        },
        { kind: 'host', id: 'bob', ip: '192.168.1.10', parent: 'bob-nat', link: { latencyMs: 1 } },
        {
          kind: 'router',
          id: 'alice-nat',
          wanIp: '100.64.0.3',
          lanIp: '192.168.0.1',
          lan: '192.168.0.0/24',
          parent: 'cgnat',
          nat: home,
        },
        {
          kind: 'host',
          id: 'alice',
          ip: '192.168.0.10',
          parent: 'alice-nat',
          link: { latencyMs: 1 },
        },
      ],
    },
    actors: ['server', 'alice', 'bob'],
    steps: [
      ...rendezvousSteps(SEED.bobPort, SEED.alicePort),
      ...punchSteps(6000, SEED.bobPort, SEED.alicePort),
    ],
    goals: PUNCH_GOALS,
  };
}
