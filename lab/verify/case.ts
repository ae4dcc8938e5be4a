/**
 * What a conformance case is: a declarative description (the routers' NAT recipes and INPUT
 * policies, the sockets, the datagrams sent with their timing, what to observe) that one adapter
 * runs in the model (run-model.ts) and another in namespaces on the real kernel (run-lab.ts),
 * each producing the same Observation (observation.ts) for compare.ts.
 */
import type { RouterNat } from '../netns/nat-recipes.ts';

/** The hosts that open sockets and send (`home`: the host behind a double NAT, see HOME). */
export type HostId = 'server' | 'alice' | 'bob' | 'home';

/** Every host, in the order adapters start them. */
export const HOST_IDS: readonly HostId[] = ['server', 'alice', 'bob', 'home'];

/** The routers whose conntrack a case observes (`home-nat`: Alice's namespace as home router). */
export type RouterId = 'alice-nat' | 'bob-nat' | 'home-nat';

/** Every router, in the order observations list them. */
export const ROUTER_IDS: readonly RouterId[] = ['alice-nat', 'bob-nat', 'home-nat'];

/** An address by its role in the topology (lab/netns/plan.ts ADDRESSES). */
export type AddressName =
  | 'serverPrimary'
  | 'serverAlternate'
  | 'aliceNatWan'
  | 'bobNatWan'
  | 'alice'
  | 'aliceSecond'
  | 'bob'
  | 'home';

/**
 * Where a datagram goes: a fixed address and port, or the source the receiver of an earlier
 * datagram saw (what a rendezvous server tells a peer), optionally plus a port offset (port
 * prediction). A datagram aimed at an unseen source is skipped (its fate is `skipped`).
 */
export type Target =
  | { readonly addr: AddressName; readonly port: number }
  | { readonly seenOf: string; readonly portOffset?: number };

/**
 * One socket: a host, a port, and which of the host's addresses it binds (the server: primary or
 * alternate, default primary; Alice: `aliceSecond` for the second LAN host, default every
 * address, sending from her first).
 */
export interface SocketRef {
  readonly host: HostId;
  readonly port: number;
  readonly ip?: 'serverPrimary' | 'serverAlternate' | 'aliceSecond';
}

/** Sends one datagram; `id` names it in observations and in later targets. */
export interface SendStep {
  readonly kind: 'send';
  readonly id: string;
  readonly from: SocketRef;
  readonly to: Target;
}

/** Lets time pass (real time in the lab, virtual time in the model). */
export interface WaitStep {
  readonly kind: 'wait';
  readonly ms: number;
}

/** Reads both routers' conntrack here (a checkpoint), besides the one at the end. */
export interface SnapshotStep {
  readonly kind: 'snapshot';
  readonly label: string;
}

/** One step of a case. */
export type Step = SendStep | WaitStep | SnapshotStep;

/** A goal of a punch: reached when any of the datagrams named is delivered. */
export interface PunchGoal {
  readonly name: string;
  readonly anyOf: readonly string[];
}

/** Per-namespace conntrack UDP timeouts (seconds) on both routers, for expiry cases. */
export interface UdpTimeouts {
  readonly udpSec: number;
  readonly streamSec: number;
}

/**
 * One router of a case: a NAT recipe, or `open`, a router that only routes (its host talks with
 * its own address: the open internet), each with its INPUT policy.
 */
export type VerifyRouter =
  RouterNat | { readonly recipe: 'open'; readonly inputPolicy: RouterNat['inputPolicy'] };

/** The routers of a case: what topology group it runs in. */
export interface CaseRouters {
  readonly alice: VerifyRouter;
  readonly bob: VerifyRouter;
  /** A home router behind Alice's (double NAT: Alice's router is then the carrier's NAT). */
  readonly home?: RouterNat;
  readonly timeouts?: UdpTimeouts;
}

/** The routers a case observes: both, and the home router in a double NAT. */
export function routersOf(c: VerifyCase): readonly RouterId[] {
  return c.routers.home ? ROUTER_IDS : ROUTER_IDS.filter((r) => r !== 'home-nat');
}

/** One conformance case. */
export interface VerifyCase {
  /** Unique, path-like: `family/detail`, what `--only` matches. */
  readonly id: string;
  readonly family: string;
  /** One line for the table. */
  readonly title: string;
  readonly routers: CaseRouters;
  /** Sockets opened before the first step besides those the sends use (listeners). */
  readonly listen?: readonly SocketRef[];
  readonly steps: readonly Step[];
  readonly goals?: readonly PunchGoal[];
  /**
   * A STUN case: no steps; the STUN classifiers (ours, Debian's `stun`, coturn's natdiscovery)
   * behind Alice's router, beside the model's classifier and the behaviour it gives the recipe.
   */
  readonly stun?: boolean;
  /**
   * The walkthrough with real nc (lab/verify/nc-walkthrough.ts): no steps; the scenario's own
   * commands in the model, real nc processes on the kernel.
   */
  readonly nc?: boolean;
}

/** The key of a socket, `host@ip:port` with the address's role name. */
export function socketKey(s: SocketRef): string {
  return `${s.host}@${s.ip ?? (s.host === 'server' ? 'serverPrimary' : s.host)}:${s.port}`;
}

/** Every socket a case opens: its listeners and the sources of its sends, once each. */
export function caseSockets(c: VerifyCase): SocketRef[] {
  const seen = new Map<string, SocketRef>();
  for (const s of c.listen ?? []) seen.set(socketKey(s), s);
  for (const step of c.steps) if (step.kind === 'send') seen.set(socketKey(step.from), step.from);
  return [...seen.values()];
}

/** The ports a case names (sockets and fixed targets): kept literal when observations are compared. */
export function literalPorts(c: VerifyCase): Set<number> {
  const ports = new Set<number>(caseSockets(c).map((s) => s.port));
  for (const step of c.steps)
    if (step.kind === 'send' && 'addr' in step.to) ports.add(step.to.port);
  return ports;
}

/** The topology group of a case: cases with the same key share one built topology. */
export function groupKey(r: CaseRouters): string {
  const t =
    (r.timeouts ? ` udp ${r.timeouts.udpSec}/${r.timeouts.streamSec}s` : '') +
    (r.home ? `, home ${r.home.recipe}/${r.home.inputPolicy}` : '');
  return `alice ${r.alice.recipe}/${r.alice.inputPolicy}, bob ${r.bob.recipe}/${r.bob.inputPolicy}${t}`;
}

/** A send step, briefly. */
export function send(id: string, from: SocketRef, to: Target): SendStep {
  return { kind: 'send', id, from, to };
}

/** A wait step. */
export function wait(ms: number): WaitStep {
  return { kind: 'wait', ms };
}
