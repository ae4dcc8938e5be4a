/**
 * A NAT's behaviour in RFC 4787 terms: mapping, filtering, port assignment, clash handling,
 * lifetimes and what refreshes them, hairpinning, whether unsolicited inbound packets create
 * state (Linux conntrack with INPUT accepting), and static forwards. Pure data plus validation.
 */
import { checkPort, ipToNumber } from './endpoint.ts';
import { ModelError } from './errors.ts';

/**
 * How an RFC 4787 behaviour depends on the remote endpoint:
 * - `endpoint-independent`: the same for every remote (EIM / EIF),
 * - `address-dependent`: depends on the remote IP (ADM / ADF),
 * - `address-port-dependent`: depends on the remote IP and port (APDM / APDF).
 */
export type Dependence = 'endpoint-independent' | 'address-dependent' | 'address-port-dependent';

/** Every Dependence value, in order of strictness. */
export const DEPENDENCES: readonly Dependence[] = [
  'endpoint-independent',
  'address-dependent',
  'address-port-dependent',
];

/**
 * How a new mapping's external port is chosen:
 * - `preserve`: the internal port if free, else the clash rule,
 * - `sequential`: the next port after the last one handed out,
 * - `random`: a random free port per new mapping,
 * - `random-per-flow`: a random port for every new flow, whatever the mapping rule says
 *   (Linux `--random-fully`),
 * - `hash-per-destination`: a port derived from a hash of (internal endpoint, remote address).
 */
export type PortAssignment =
  'preserve' | 'sequential' | 'random' | 'random-per-flow' | 'hash-per-destination';

/** What `preserve` does when the internal port is taken: the next free port up, or a random one. */
export type ClashRule = 'next-free' | 'random';

/** A static inbound rule: a port forward (one port) or a DMZ host (every unmatched port). */
export type StaticForward =
  | {
      readonly kind: 'port';
      readonly externalPort: number;
      readonly internalIp: string;
      readonly internalPort: number;
    }
  | { readonly kind: 'dmz'; readonly internalIp: string };

/** The whole behaviour of one NAT (or stateful firewall, when `translate` is false). */
export interface NatPolicy {
  /** Rewrites source addresses (a NAT) or only tracks state (a firewall / no NAT). */
  readonly translate: boolean;
  readonly mapping: Dependence;
  readonly filtering: Dependence;
  readonly portAssignment: PortAssignment;
  readonly clash: ClashRule;
  /** External ports handed out, inclusive. */
  readonly portRange: readonly [number, number];
  /**
   * Linux-style port overloading: one external port may serve several internal endpoints as
   * long as the (external, remote) pair is unique, as conntrack's tuple uniqueness allows.
   */
  readonly portOverloading: boolean;
  /** Idle lifetime of a mapping or flow in ms (Linux: nf_conntrack_udp_timeout, 30 s). */
  readonly lifetimeMs: number;
  /** Lifetime once replies were seen both ways (Linux: udp_timeout_stream, 120 s); defaults to lifetimeMs. */
  readonly streamLifetimeMs: number;
  /** Whether inbound packets refresh a mapping too (outbound ones always do, RFC 4787 REQ-6). */
  readonly inboundRefresh: boolean;
  /** Whether a host inside can reach another inside host through the external address. */
  readonly hairpinning: boolean;
  /**
   * Whether an unsolicited inbound packet creates a state entry on the router itself
   * (Linux conntrack when the INPUT chain accepts it). Such entries can clash with later
   * outbound mappings.
   */
  readonly inboundCreatesState: boolean;
  readonly forwards: readonly StaticForward[];
}

/** Default values, overridden per preset. */
export const BASE_POLICY: NatPolicy = {
  translate: true,
  mapping: 'endpoint-independent',
  filtering: 'address-port-dependent',
  portAssignment: 'preserve',
  clash: 'next-free',
  portRange: [1024, 65535],
  portOverloading: false,
  lifetimeMs: 120_000,
  streamLifetimeMs: 120_000,
  inboundRefresh: false,
  hairpinning: false,
  inboundCreatesState: false,
  forwards: [],
};

/** Builds a policy from BASE_POLICY and overrides, validating the result. */
export function makePolicy(overrides: Partial<NatPolicy>): NatPolicy {
  const p: NatPolicy = { ...BASE_POLICY, ...overrides };
  validatePolicy(p);
  return p;
}

/** Throws ModelError('bad-policy') naming the first invalid field. */
export function validatePolicy(p: NatPolicy): void {
  const bad = (msg: string): never => {
    throw new ModelError('bad-policy', `invalid NAT policy: ${msg}`);
  };
  if (!DEPENDENCES.includes(p.mapping))
    bad(`mapping "${String(p.mapping)}" is not one of ${DEPENDENCES.join(', ')}`);
  if (!DEPENDENCES.includes(p.filtering))
    bad(`filtering "${String(p.filtering)}" is not one of ${DEPENDENCES.join(', ')}`);
  const assignments: PortAssignment[] = [
    'preserve',
    'sequential',
    'random',
    'random-per-flow',
    'hash-per-destination',
  ];
  if (!assignments.includes(p.portAssignment))
    bad(`portAssignment "${String(p.portAssignment)}" is unknown`);
  if (p.clash !== 'next-free' && p.clash !== 'random') bad(`clash "${String(p.clash)}" is unknown`);
  const [lo, hi] = p.portRange;
  try {
    checkPort(lo);
    checkPort(hi);
  } catch (e) {
    bad(`portRange: ${(e as Error).message}`);
  }
  if (lo > hi) bad(`portRange [${lo}, ${hi}] is empty`);
  if (!(p.lifetimeMs > 0) || !(p.streamLifetimeMs > 0)) bad('lifetimes must be positive');
  for (const f of p.forwards) {
    try {
      ipToNumber(f.internalIp);
      if (f.kind === 'port') {
        checkPort(f.externalPort);
        checkPort(f.internalPort);
      }
    } catch (e) {
      bad(`forward: ${(e as Error).message}`);
    }
  }
}

/** The RFC 4787 short name of a dependence: EI, AD or APD. */
export function shortDependence(d: Dependence): 'EI' | 'AD' | 'APD' {
  switch (d) {
    case 'endpoint-independent':
      return 'EI';
    case 'address-dependent':
      return 'AD';
    case 'address-port-dependent':
      return 'APD';
    default: {
      const never: never = d;
      return never;
    }
  }
}

/**
 * Whether a NAT (or a router that only routes) tracks flows as Linux conntrack does: port
 * overloading is conntrack's tuple uniqueness. Such a NAT picks each new flow's port as nf_nat
 * does, keeps a local entry for a packet from inside to its own address that it does not
 * hairpin, gives a replied flow the stream lifetime only once the flow is
 * CONNTRACK_STREAM_AFTER_MS old, and, when it does not translate, tracks inbound flows too.
 */
export function conntrackStyle(p: NatPolicy): boolean {
  return p.portOverloading;
}

/**
 * Linux's UDP conntrack makes a flow a stream (nf_conntrack_udp_timeout_stream, [ASSURED]) only
 * when a packet comes more than 2 s after the flow began and a reply has been seen; a reply to a
 * younger flow refreshes it with the plain UDP timeout (measured: agujero verify expiry cases).
 */
export const CONNTRACK_STREAM_AFTER_MS = 2_000;
