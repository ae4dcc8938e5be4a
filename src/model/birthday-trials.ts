/**
 * The birthday-paradox trials on the real NAT model: each trial builds fresh `Nat` devices (the
 * same class, port allocator and filtering the Network uses) and passes every packet through
 * their `outbound` and `inbound`, without the scheduler. Links carry nothing else and no mapping
 * expires during a burst, so skipping the event queue changes nothing a probe meets; a test runs
 * small cases on the whole Network and gets the same odds.
 */
import type { Endpoint } from './endpoint.ts';
import { Nat } from './nat.ts';
import type { NatPolicy } from './nat-policy.ts';
import { makePolicy } from './nat-policy.ts';
import type { Packet } from './packet.ts';
import { preset } from './presets.ts';
import { createRng } from './rng.ts';
import type { Rng } from './rng.ts';

/** Which sides are hard: one (the other keeps one public endpoint) or both. */
export type BirthdayCase = 'easy-hard' | 'hard-hard';

/** The addresses of a trial (documentation ranges). */
export const BIRTHDAY_ADDRESSES = {
  easyPublic: '198.51.100.7',
  easyHost: '192.168.1.10',
  hardPublic: '203.0.113.9',
  hardHost: '192.168.0.10',
  otherPublic: '192.0.2.44',
  otherHost: '192.168.2.10',
  easyPort: 50_000,
  firstSocket: 40_000,
} as const;

/**
 * The LAN port of the hard side's socket `i` (0-based): from `firstSocket` up, wrapping past
 * 65535 to 1, so the k ≤ 65,535 sockets a reader may ask for are k distinct real UDP ports.
 */
export function socketPort(i: number): number {
  return ((BIRTHDAY_ADDRESSES.firstSocket - 1 + i) % 65_535) + 1;
}

/**
 * A hard NAT over `ports` external ports (the top of the range): a random port for every flow,
 * address-and-port-dependent filtering, conntrack-style port overloading (Linux
 * `MASQUERADE --random-fully` with INPUT dropping NEW), so every new flow draws a uniform port.
 */
export function hardPolicy(ports: number): NatPolicy {
  return makePolicy({
    mapping: 'address-port-dependent',
    filtering: 'address-port-dependent',
    portAssignment: 'random-per-flow',
    portOverloading: true,
    portRange: [65_536 - ports, 65_535],
  });
}

/** What runTrials needs (already checked by monteCarlo). */
export interface TrialSpec {
  readonly kind: BirthdayCase;
  readonly k: number;
  readonly n: number;
  readonly trials: number;
  readonly ports: number;
  readonly seed: number;
}

const PAYLOAD = new Uint8Array(0);

/** A NAT with no trace sink: it builds no trace events, which nobody here reads. */
function nat(node: string, externalIp: string, policy: NatPolicy, rng: Rng, seed: number): Nat {
  return new Nat({ node, externalIp, policy, rng, seed });
}

function packet(id: number, src: Endpoint, dst: Endpoint): Packet {
  return { id, src, dst, payload: PAYLOAD };
}

/** Per trial, the probe (per side) that first got in, or Infinity. */
export function runTrials(spec: TrialSpec): number[] {
  const rng = createRng(spec.seed);
  const out: number[] = [];
  if (spec.kind === 'easy-hard') {
    const opening = openingPackets(spec.k);
    for (let t = 0; t < spec.trials; t++) out.push(easyHard(spec, opening, rng, t));
  } else for (let t = 0; t < spec.trials; t++) out.push(hardHard(spec, rng, t));
  return out;
}

/**
 * The hard side's k packets that open its mappings, one per socket toward the easy side's public
 * endpoint: the same in every trial (packets are immutable), so built once for all of them.
 */
function openingPackets(k: number): Packet[] {
  const A = BIRTHDAY_ADDRESSES;
  const easyPublic = { ip: A.easyPublic, port: A.easyPort };
  return Array.from({ length: k }, (_, i) =>
    packet(i + 1, { ip: A.hardHost, port: socketPort(i) }, easyPublic),
  );
}

/**
 * The hard side opens k mappings toward the easy side's public endpoint, one per socket; then
 * the easy side probes random ports of the hard side's address from its one socket.
 */
function easyHard(spec: TrialSpec, opening: readonly Packet[], rng: Rng, t: number): number {
  const A = BIRTHDAY_ADDRESSES;
  const easy = nat('easy-nat', A.easyPublic, preset('port-restricted-cone').policy, rng, t);
  const hard = nat('hard-nat', A.hardPublic, hardPolicy(spec.ports), rng, t);
  for (const p of opening) hard.outbound(p, 0);
  let id = opening.length + 1;
  const lo = 65_536 - spec.ports;
  // The easy side maps endpoint-independently: its first probe goes through its NAT and every
  // later one leaves from the same public endpoint (a test checks it on the whole Network).
  let from: Endpoint | undefined;
  for (let j = 1; j <= spec.n; j++) {
    const dst = { ip: A.hardPublic, port: rng.int(lo, 65_535) };
    from ??= easy.outbound(packet(id, { ip: A.easyHost, port: A.easyPort }, dst), 0)?.src;
    if (from && hard.inbound(packet(id++, from, dst), 0)) return j;
  }
  return Infinity;
}

/**
 * Both sides hard: probe by probe, A then B, each from its next socket toward a random port of
 * the other's address; a probe gets in when the other side's earlier probe opened exactly the
 * mapping it needs. Returns the probe count per side (sockets times probes) at the first entry.
 */
function hardHard(spec: TrialSpec, rng: Rng, t: number): number {
  const A = BIRTHDAY_ADDRESSES;
  const a = nat('hard-nat', A.hardPublic, hardPolicy(spec.ports), rng, t);
  const b = nat('other-nat', A.otherPublic, hardPolicy(spec.ports), rng, t);
  const lo = 65_536 - spec.ports;
  const total = spec.k * spec.n;
  let id = 1;
  const send = (from: Nat, to: Nat, host: string, i: number): boolean => {
    const src = { ip: host, port: socketPort(i % spec.k) };
    const out = from.outbound(
      packet(id++, src, { ip: to.externalIp, port: rng.int(lo, 65_535) }),
      0,
    );
    return out !== null && to.inbound(out, 0) !== null;
  };
  for (let i = 0; i < total; i++) {
    if (send(a, b, A.hardHost, i) || send(b, a, A.otherHost, i)) return i + 1;
  }
  return Infinity;
}
