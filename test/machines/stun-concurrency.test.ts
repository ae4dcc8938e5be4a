/**
 * The probe machine on a scripted transport and a hand-stepped clock: it sends the tests a plan
 * marks independent without waiting for each other's answers, keeps Test II alone, and once the
 * first answer has timed a round trip it retransmits on the RTT-derived schedule.
 */
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import type { Endpoint } from '../../src/model/endpoint.ts';
import { classicPlan } from '../../src/model/stun/classic-plan.ts';
import { decodeMessage } from '../../src/model/stun/decode.ts';
import { encodeMessage } from '../../src/model/stun/encode.ts';
import type { ProbePlan } from '../../src/model/stun/probe.ts';
import { rfc5780Plan } from '../../src/model/stun/rfc5780-plan.ts';
import { stunProbeMachine } from '../../src/machines/stun-probe.ts';
import type { MachineClock } from '../../src/machines/transport.ts';

const server = { ip: '198.51.100.1', port: 3478 };
const other = { ip: '198.51.100.2', port: 3479 };
const local = { ip: '192.168.1.10', port: 59999 };
const ext = { ip: '203.0.113.5', port: 59999 };
const RTT = 2;

/** A virtual clock: timers fire in order as `advance` moves time. */
function fakeClock() {
  let now = 0;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  /** Every timer armed: when, and for how long. */
  const armed: { at: number; ms: number }[] = [];
  const clock: MachineClock = {
    setTimeout: (fn, ms) => {
      armed.push({ at: now, ms });
      timers.set(++seq, { at: now + ms, fn: fn as () => void });
      return seq;
    },
    clearTimeout: (id) => void timers.delete(id as number),
  };
  const advance = (until: number): void => {
    for (;;) {
      const [id, t] = [...timers].sort((a, b) => a[1].at - b[1].at)[0] ?? [];
      if (id === undefined || !t || t.at > until) break;
      timers.delete(id);
      now = t.at;
      t.fn();
    }
    now = until;
  };
  /** Time passing inside a call (a cold send path), with no timer firing meanwhile. */
  const spend = (ms: number): void => {
    now += ms;
  };
  return { clock, advance, spend, now: () => now, armed };
}

/** Runs a plan; `answer(label)` gives the mapped address to answer with, or null to drop. */
function run<V>(
  plan: ProbePlan<V>,
  answer: (to: Endpoint, flags: string) => Endpoint | null,
  coldSendMs = 0,
) {
  const c = fakeClock();
  const sent: { t: number; to: Endpoint; flags: string; bytes: Uint8Array }[] = [];
  let deliver: (bytes: Uint8Array, from: Endpoint) => void = () => {};
  const pending: { at: number; bytes: Uint8Array; from: Endpoint }[] = [];
  const transport = {
    local,
    send(bytes: Uint8Array, to: Endpoint) {
      const d = decodeMessage(bytes);
      if (!d.ok) throw new Error('bad request');
      const cr = d.value.message.attributes.find((a) => a.kind === 'change-request');
      const flags =
        cr && 'changeIp' in cr ? `${cr.changeIp ? 'I' : ''}${cr.changePort ? 'P' : ''}` : '';
      if (sent.length === 0) c.spend(coldSendMs);
      sent.push({ t: c.now(), to, flags, bytes });
      const mapped = answer(to, flags);
      if (!mapped) return;
      const reply = encodeMessage({
        class: 'success',
        method: 1,
        transactionId: d.value.message.transactionId,
        attributes: [
          { kind: 'xor-mapped-address', address: { family: 'ipv4', ...mapped } },
          { kind: 'other-address', address: { family: 'ipv4', ...other } },
        ],
      });
      if (reply.ok) pending.push({ at: c.now() + RTT, bytes: reply.value, from: to });
    },
    onDatagram(fn: (bytes: Uint8Array, from: Endpoint) => void) {
      deliver = fn;
      return () => {};
    },
  };
  const actor = createActor(stunProbeMachine<V>(), {
    clock: c.clock,
    input: {
      plan,
      server,
      transport,
      randomBytes: (n) => new Uint8Array(n).map(() => Math.random() * 256),
      now: c.now,
    },
  });
  actor.start();
  for (let t = 0; t < 10_000 && actor.getSnapshot().status === 'active'; t++) {
    c.advance(t);
    for (const p of pending.filter((x) => x.at <= t)) {
      pending.splice(pending.indexOf(p), 1);
      deliver(p.bytes, p.from);
    }
  }
  return { sent, output: actor.getSnapshot().output!, armed: c.armed };
}

const key = (s: { to: Endpoint; flags: string }) => `${s.to.ip}:${s.to.port}${s.flags}`;
const firstSends = (sent: { t: number; to: Endpoint; flags: string }[]) => {
  const out = new Map<string, number>();
  for (const s of sent) if (!out.has(key(s))) out.set(key(s), s.t);
  return Object.fromEntries(out);
};

describe('the probe machine runs independent tests concurrently', () => {
  it('RFC 5780: both filtering tests at once after Test I, then both mapping tests at once', () => {
    // Port-restricted filtering, address-and-port-dependent mapping.
    const { sent, output } = run(rfc5780Plan(), (to, flags) =>
      flags ? null : to === server ? ext : { ...ext, port: to.port === server.port ? 2 : 3 },
    );
    expect(output.verdict).toMatchObject({
      mapping: 'address-port-dependent',
      filtering: 'address-port-dependent',
    });
    const first = firstSends(sent);
    expect(first[`${server.ip}:${server.port}IP`]).toBe(RTT);
    expect(first[`${server.ip}:${server.port}P`]).toBe(RTT);
    const m2 = first[`${other.ip}:${server.port}`]!;
    expect(first[`${other.ip}:${other.port}`]).toBe(m2);
    // The filtering tests were lost together, on the RTT-derived schedule (RTO 6 ms: 4 sends of
    // 3 copies over 18 ms, then 2 x RTO), not one after the other on the fixed one (1.5 s each).
    expect(m2).toBe(RTT + 18 + 12);
  });

  it('RFC 3489: Test II alone, then Test I prime and Test III together', () => {
    const { sent, output } = run(classicPlan(), (_to, flags) => (flags ? null : ext));
    expect((output.verdict as { natType: string }).natType).toBe('Restric Port NAT');
    const first = firstSends(sent);
    const t2 = first[`${server.ip}:${server.port}IP`]!;
    expect(t2).toBe(RTT);
    const t1b = first[`${other.ip}:${other.port}`]!;
    expect(first[`${other.ip}:${other.port}P`]).toBe(t1b);
    // Nothing went to the changed address while Test II could still be answered.
    const lastTestII = Math.max(...sent.filter((s) => s.flags === 'IP').map((s) => s.t));
    expect(t1b).toBeGreaterThan(lastTestII);
  });

  it('sends 3 copies every RTO = 3 x RTT (at least 1 ms), 4 times, then waits 2 x RTO', () => {
    const { sent } = run(classicPlan(), (_to, flags) => (flags ? null : ext));
    const testII = sent.filter((s) => s.flags === 'IP').map((s) => s.t - RTT);
    expect(testII).toEqual([0, 0, 0, 6, 6, 6, 12, 12, 12, 18, 18, 18]);
    const next = sent.find((s) => s.to.ip === other.ip)!.t - RTT;
    expect(next).toBe(18 + 12);
  });

  it('waits for a filtered test on 4 timers (each fires late: fewer waits, less time)', () => {
    const { sent, armed } = run(classicPlan(), (_to, flags) => (flags ? null : ext));
    const first = sent.find((s) => s.flags === 'IP')!.t;
    const next = sent.find((s) => s.to.ip === other.ip)!.t;
    // Test II alone is in flight from its first send until Test I prime goes out.
    const waits = armed.filter((a) => a.at >= first && a.at < next);
    expect(waits.map((a) => a.ms)).toEqual([6, 6, 6, 12]);
    expect(sent.filter((s) => s.flags === 'IP')).toHaveLength(12);
  });

  it('encodes the copies of one send once: the same request, sent 3 times', () => {
    const { sent } = run(classicPlan(), (_to, flags) => (flags ? null : ext));
    const testII = sent.filter((s) => s.flags === 'IP');
    for (let i = 0; i < testII.length; i += 3) {
      const copies = testII.slice(i, i + 3);
      expect(new Set(copies.map((s) => s.t)).size).toBe(1);
      expect(new Set(copies.map((s) => s.bytes)).size).toBe(1);
    }
    // A retransmission is the same transaction: the same bytes.
    expect([...testII[0]!.bytes]).toEqual([...testII[3]!.bytes]);
  });

  it('times the round trip from when a request really left, not from when it was decided', () => {
    // The first send takes 5 ms before the datagram leaves (a cold process compiling on the
    // way out): the round trip is still 2 ms, so Test II is resent every 6 ms, not every 21.
    const { sent } = run(classicPlan(), (_to, flags) => (flags ? null : ext), 5);
    const testII = [...new Set(sent.filter((s) => s.flags === 'IP').map((s) => s.t))];
    expect(testII[1]! - testII[0]!).toBe(3 * RTT);
  });

  it('the original pystun Test III waits for Test I prime, which opens its filter', () => {
    const { sent } = run(classicPlan({ pystunBug: true }), (_to, flags) => (flags ? null : ext));
    const t1b = sent.find((s) => s.to.ip === other.ip && !s.flags)!.t;
    const t3 = sent.find((s) => s.to.ip === other.ip && s.flags === 'P')!.t;
    expect(t3).toBe(t1b + RTT);
  });
});
