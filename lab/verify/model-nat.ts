/**
 * The model's side of a lab router: which NAT policy models each real recipe (iptables
 * MASQUERADE, --random-fully, the nftables full-cone and restricted-cone recipes) under each
 * INPUT policy, and the model topology with the lab's own addresses, so the two runs of a case
 * name the same hosts, addresses and ports.
 *
 *   server 203.0.113.162 (+ .163)        alice-nat 192.0.2.113       bob-nat 198.51.100.24
 *                                          alice 192.168.1.10          bob 192.168.2.20
 */
import type { NatSpec, NodeSpec, TopologySpec } from '../../src/model/topology.ts';
import type { RouterNat } from '../netns/nat-recipes.ts';
import type { NatPolicy } from '../../src/model/nat-policy.ts';
import { ADDRESSES, HOME } from '../netns/plan.ts';
import { VERIFY_ADDRESSES } from './addresses.ts';
import type { CaseRouters, VerifyRouter } from './case.ts';

/**
 * The model of one recipe on one router. The Linux presets carry the kernel's behaviour
 * (port preservation, clash rule, 30/120 s timeouts, inbound refresh); the cone recipes add
 * their filtering and, for full cone, the DNAT of every inbound packet (a DMZ host).
 */
export function recipeNat(
  nat: VerifyRouter,
  lanHost: string,
  timeouts?: CaseRouters['timeouts'],
): NatSpec {
  const inboundCreatesState = nat.inputPolicy === 'accept';
  const lifetimes: Partial<NatPolicy> = timeouts
    ? { lifetimeMs: timeouts.udpSec * 1000, streamLifetimeMs: timeouts.streamSec * 1000 }
    : {};
  switch (nat.recipe) {
    case 'open':
      return {
        preset: 'open-internet',
        overrides: { ...lifetimes, portOverloading: true, inboundRefresh: true },
      };
    case 'masquerade':
      return {
        preset: inboundCreatesState ? 'linux-masquerade' : 'linux-masquerade-input-drop',
        overrides: lifetimes,
      };
    case 'masquerade-random-fully':
      return { preset: 'linux-random-fully', overrides: { ...lifetimes, inboundCreatesState } };
    case 'full-cone':
      return {
        preset: 'linux-masquerade',
        overrides: {
          ...lifetimes,
          filtering: 'endpoint-independent',
          forwards: [{ kind: 'dmz', internalIp: lanHost }],
          inboundCreatesState,
        },
      };
    case 'restricted-cone':
      return {
        preset: 'linux-masquerade',
        overrides: { ...lifetimes, filtering: 'address-dependent', inboundCreatesState },
      };
    default: {
      const never: never = nat;
      return never;
    }
  }
}

/** The lab topology as a model topology (1 ms links: both sides are fast next to the steps). */
export function verifyTopology(r: CaseRouters): TopologySpec {
  const a = ADDRESSES;
  return {
    defaultLink: { latencyMs: 1 },
    nodes: [
      {
        kind: 'host',
        id: 'server',
        ip: a.serverPrimary,
        extraIps: [a.serverAlternate],
        parent: 'internet',
      },
      {
        kind: 'router',
        id: 'alice-nat',
        wanIp: a.aliceNatWan,
        lanIp: a.aliceNatLan,
        lan: '192.168.1.0/24',
        parent: 'internet',
        nat: recipeNat(r.alice, a.alice, r.timeouts),
      },
      ...(r.home
        ? homeNodes(r.home)
        : [
            {
              kind: 'host',
              id: 'alice',
              ip: a.alice,
              extraIps: [VERIFY_ADDRESSES.aliceSecond],
              parent: 'alice-nat',
            } as const,
          ]),
      {
        kind: 'router',
        id: 'bob-nat',
        wanIp: a.bobNatWan,
        lanIp: a.bobNatLan,
        lan: '192.168.2.0/24',
        parent: 'internet',
        nat: recipeNat(r.bob, a.bob, r.timeouts),
      },
      { kind: 'host', id: 'bob', ip: a.bob, parent: 'bob-nat' },
    ],
  };
}

/** A double NAT's home side: Alice's address is the home router's WAN, the home host behind it. */
function homeNodes(nat: RouterNat): NodeSpec[] {
  return [
    {
      kind: 'router',
      id: 'home-nat',
      wanIp: ADDRESSES.alice,
      lanIp: HOME.routerLanIp,
      lan: HOME.prefix,
      parent: 'alice-nat',
      nat: recipeNat(nat, HOME.host),
    },
    { kind: 'host', id: 'home', ip: HOME.host, parent: 'home-nat' },
  ];
}
