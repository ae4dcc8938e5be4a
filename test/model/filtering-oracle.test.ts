/**
 * Property: an inbound packet is delivered only if the RFC 4787 filtering rule permits it, and
 * dropped with the reason the rule gives otherwise. Random policies (and every translating preset)
 * meet random sequences of outbound and inbound packets; each inbound verdict is checked against
 * an independent oracle that only knows what the servers observed.
 *
 * The oracle: an inbound packet from R to external endpoint E is permitted when some inside
 * endpoint sent through E (as the servers saw it) to: anyone (EI), R's address (AD), R exactly
 * (APD). With `inboundCreatesState`, a packet not permitted leaves a router-owned entry for
 * (E, R) that swallows every later packet from R to E. Runs stay far inside mapping lifetimes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../../src/model/endpoint.ts';
import { formatEndpoint } from '../../src/model/endpoint.ts';
import type { NatPolicy, PortAssignment } from '../../src/model/nat-policy.ts';
import { DEPENDENCES, makePolicy } from '../../src/model/nat-policy.ts';
import type { DropReason } from '../../src/model/trace.ts';
import { homeTopology, NAT_WAN, S1, S2, Sim, TRANSLATING } from './helpers.ts';

const REMOTES: readonly (readonly [string, number])[] = [
  ['s1', 9000],
  ['s1', 9001],
  ['s2', 9000],
  ['s2', 9001],
];
const REMOTE_IP: Record<string, string> = { s1: S1, s2: S2 };
const ASSIGNMENTS: PortAssignment[] = [
  'preserve',
  'sequential',
  'random',
  'random-per-flow',
  'hash-per-destination',
];

const arbRandomPolicy: fc.Arbitrary<NatPolicy> = fc
  .record({
    mapping: fc.constantFrom(...DEPENDENCES),
    filtering: fc.constantFrom(...DEPENDENCES),
    portAssignment: fc.constantFrom(...ASSIGNMENTS),
    clash: fc.constantFrom('next-free' as const, 'random' as const),
    portOverloading: fc.boolean(),
    inboundRefresh: fc.boolean(),
    inboundCreatesState: fc.boolean(),
  })
  .map((p) => makePolicy({ ...p, portRange: [5000, 5063], lifetimeMs: 60_000 }));

const arbPolicy = fc.oneof(arbRandomPolicy, fc.constantFrom(...TRANSLATING.map((p) => p.policy)));

type Action =
  | { kind: 'out'; host: 'alice' | 'carol'; port: number; remote: number }
  | { kind: 'in'; remote: number; target: { seen: number } | { port: number } };

const arbAction: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    kind: fc.constant('out' as const),
    host: fc.constantFrom('alice' as const, 'carol' as const),
    port: fc.constantFrom(5000, 5001),
    remote: fc.nat({ max: 3 }),
  }),
  fc.record({
    kind: fc.constant('in' as const),
    remote: fc.nat({ max: 3 }),
    target: fc.oneof(
      fc.record({ seen: fc.nat({ max: 20 }) }),
      fc.record({ port: fc.integer({ min: 4998, max: 5070 }) }),
    ),
  }),
);

const key = (e: Endpoint) => formatEndpoint(e);

/** Replays `actions` against `policy`; returns a description of the first disagreement, if any. */
function check(policy: NatPolicy, actions: readonly Action[], seed: number): void {
  const sim = new Sim(homeTopology(policy), seed);
  for (const [h, p] of REMOTES) sim.socket(h as string, p as number);
  /** External endpoint -> the (internal, remote) pairs the servers saw through it. */
  const via = new Map<string, { internal: string; remote: Endpoint }[]>();
  const seen: Endpoint[] = [];
  const local = new Set<string>();

  for (const a of actions) {
    const [rHost, rPort] = REMOTES[a.remote] as readonly [string, number];
    const remote = { ip: REMOTE_IP[rHost] as string, port: rPort };
    if (a.kind === 'out') {
      const id = sim.send(a.host, a.port, remote);
      const fate = sim.fate(id);
      if (!fate.delivered) {
        expect(fate.reason).toBe('port-exhausted');
        continue;
      }
      const ext = fate.packet.src;
      const list = via.get(key(ext)) ?? [];
      list.push({ internal: `${a.host}:${a.port}`, remote });
      via.set(key(ext), list);
      if (!seen.some((e) => key(e) === key(ext))) seen.push(ext);
      continue;
    }
    const target =
      'seen' in a.target && seen.length > 0
        ? (seen[a.target.seen % seen.length] as Endpoint)
        : { ip: NAT_WAN, port: 'port' in a.target ? a.target.port : 4999 };
    const tuple = `${key(target)}<${key(remote)}`;
    const through = via.get(key(target)) ?? [];
    const rule = (r: Endpoint) =>
      policy.filtering === 'endpoint-independent' ||
      (r.ip === remote.ip && (policy.filtering === 'address-dependent' || r.port === remote.port));
    const allowed = through.filter((t) => rule(t.remote));
    let want: 'delivered' | DropReason;
    if (local.has(tuple)) want = 'router-port-closed';
    else if (allowed.length > 0) want = 'delivered';
    else if (policy.inboundCreatesState) {
      want = 'router-port-closed';
      local.add(tuple);
    } else if (through.length === 0) want = 'no-mapping';
    else if (
      policy.filtering === 'address-port-dependent' &&
      through.some((t) => t.remote.ip === remote.ip)
    )
      want = 'filtered-port';
    else want = 'filtered-address';

    const fate = sim.fate(sim.send(rHost, rPort, target, 'probe'));
    const got = fate.delivered ? 'delivered' : fate.reason;
    const context = `${a.kind} ${key(remote)} -> ${key(target)} after ${JSON.stringify([...via])}`;
    expect(got, context).toBe(want);
    if (fate.delivered) {
      const to = `${fate.node}:${fate.packet.dst.port}`;
      expect(
        allowed.map((t) => t.internal),
        context,
      ).toContain(to);
    }
  }
}

describe('filtering oracle (property)', () => {
  it('delivers an inbound packet exactly when the filtering rule permits it, with the right drop reason otherwise', () => {
    fc.assert(
      fc.property(
        arbPolicy,
        fc.array(arbAction, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 1000 }),
        (policy, actions, seed) => check(policy, actions, seed),
      ),
      { numRuns: 300 },
    );
  });

  it.each(TRANSLATING.map((p) => [p.id, p.policy] as const))(
    '%s: holds for long random sequences',
    (_id, policy) => {
      fc.assert(
        fc.property(
          fc.array(arbAction, { minLength: 50, maxLength: 120 }),
          fc.integer({ min: 1, max: 1000 }),
          (actions, seed) => check(policy, actions, seed),
        ),
        { numRuns: 40 },
      );
    },
  );
});
