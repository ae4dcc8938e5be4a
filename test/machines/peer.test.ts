/**
 * The peer machine: pure transitions, its schedules on a simulated clock, and the whole punch on
 * the simulated network across presets, agreeing with the outcome matrix.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedClock, createActor, initialTransition, transition } from 'xstate';
import type { Endpoint } from '../../src/model/endpoint.ts';
import { outcomeMatrix } from '../../src/model/outcome-matrix.ts';
import { PRESET_IDS } from '../../src/model/presets.ts';
import { peerMachine } from '../../src/machines/peer.ts';
import type { PeerInput } from '../../src/machines/peer.ts';
import { simulatePunch } from '../../src/machines/peer-sim.ts';
import type { DatagramTransport } from '../../src/machines/transport.ts';
import { encodeRendezvous, parseRendezvous } from '../../src/protocol/rendezvous.ts';
import type { RendezvousMessage } from '../../src/protocol/rendezvous.ts';

const SERVER: Endpoint = { ip: '203.0.113.162', port: 9000 };
const BOB_PUBLIC: Endpoint = { ip: '198.51.100.24', port: 58888 };
const ALICE_PUBLIC: Endpoint = { ip: '192.0.2.113', port: 53333 };

/** A transport that records what is sent and lets the test deliver datagrams. */
function fakeTransport() {
  const sent: { to: Endpoint; message: RendezvousMessage }[] = [];
  let deliver: (bytes: Uint8Array, from: Endpoint) => void = () => undefined;
  const transport: DatagramTransport = {
    local: { ip: '192.168.2.20', port: 58888 },
    send: (bytes, to) => {
      const p = parseRendezvous(bytes);
      if (p.ok) sent.push({ to, message: p.message });
    },
    onDatagram: (fn) => ((deliver = fn), () => undefined),
  };
  return {
    transport,
    sent,
    deliver: (m: RendezvousMessage, from: Endpoint) => deliver(encodeRendezvous(m), from),
  };
}

const seen = (peer = true): RendezvousMessage => ({
  type: 'seen',
  name: 'bob',
  endpoint: BOB_PUBLIC,
  ...(peer ? { peer: { name: 'alice', endpoint: ALICE_PUBLIC, localPort: 53333 } } : {}),
});
const datagram = (m: RendezvousMessage, from: Endpoint) =>
  ({ type: 'datagram', bytes: encodeRendezvous(m), from }) as const;

function input(transport: DatagramTransport, clock?: SimulatedClock): PeerInput {
  return {
    name: 'bob',
    peer: 'alice',
    server: SERVER,
    transport,
    message: 'soy Bob',
    now: () => clock?.now() ?? 0,
  };
}

describe('the peer machine, pure transitions', () => {
  const m = peerMachine();
  const { transport } = fakeTransport();

  it('starts registering and asks for a register to be sent', () => {
    const [s, actions] = initialTransition(m, input(transport));
    expect(s.value).toEqual({ rendezvous: 'registering' });
    expect(s.context.phases.map((p) => p.phase)).toEqual(['registering']);
    expect(actions.map((a) => a.type)).toContain('sendRegister');
  });

  it('waits on a seen without the peer, punches on a seen with it', () => {
    const [s0] = initialTransition(m, input(transport));
    const [s1] = transition(m, s0, datagram(seen(false), SERVER));
    expect(s1.value).toEqual({ rendezvous: 'waiting' });
    expect(s1.context.self).toEqual(BOB_PUBLIC);
    const [s2, actions] = transition(m, s1, datagram(seen(), SERVER));
    expect(s2.value).toEqual({ punching: 'sending' });
    expect(s2.context.knownPeer?.endpoint).toEqual(ALICE_PUBLIC);
    expect(actions.map((a) => a.type)).toContain('sendPunch');
  });

  it('ignores a seen from anyone but the server, and garbage', () => {
    const [s0] = initialTransition(m, input(transport));
    const [s1] = transition(m, s0, datagram(seen(), ALICE_PUBLIC));
    const [s2] = transition(m, s1, {
      type: 'datagram',
      bytes: new Uint8Array([0, 1, 2]),
      from: SERVER,
    });
    expect(s2.value).toEqual({ rendezvous: 'registering' });
  });

  it('connects on a punch that says it heard us; a punch from another port is only remembered', () => {
    const [s0] = initialTransition(m, input(transport));
    const [s1] = transition(m, s0, datagram(seen(), SERVER));
    const other = { ...ALICE_PUBLIC, port: 40001 };
    const [s2] = transition(
      m,
      s1,
      datagram({ type: 'punch', from: 'alice', seq: 0, heard: true }, other),
    );
    expect(s2.value).toEqual({ punching: 'sending' });
    expect(s2.context.peerSources).toEqual([other]);
    const [s3] = transition(
      m,
      s2,
      datagram({ type: 'punch', from: 'alice', seq: 1, heard: true }, ALICE_PUBLIC),
    );
    expect(s3.matches('connected')).toBe(true);
    expect(s3.context.phases.map((p) => p.phase)).toEqual(['registering', 'punching', 'connected']);
  });
});

describe('the peer machine on a simulated clock', () => {
  const run = () => {
    const clock = new SimulatedClock();
    const fake = fakeTransport();
    const actor = createActor(peerMachine(), { input: input(fake.transport, clock), clock });
    actor.start();
    return { clock, actor, ...fake };
  };

  it('registers at 0, 250, 750, 1750 ms, then every 2 s, 8 times in all, then gives up: server-unreachable', () => {
    const { clock, actor, sent } = run();
    const at: number[] = [];
    for (let t = 0; t <= 15_000; t += 50) {
      if (sent.length > at.length) at.push(clock.now());
      clock.increment(50);
    }
    expect(at).toEqual([0, 250, 750, 1750, 3750, 5750, 7750, 9750]);
    expect(actor.getSnapshot().output?.reason?.code).toBe('server-unreachable');
  });

  it('punches on a doubling schedule capped at 500 ms, for 10 s: no-reply', () => {
    const { clock, actor, sent, deliver } = run();
    deliver(seen(), SERVER);
    const punches = () => sent.filter((s) => s.message.type === 'punch');
    const at: number[] = [];
    for (let t = 0; t <= 11_000; t += 10) {
      if (punches().length > at.length) at.push(clock.now());
      clock.increment(10);
    }
    expect(at.slice(0, 7)).toEqual([0, 20, 60, 140, 300, 620, 1120]);
    expect(punches().every((p) => p.to.port === ALICE_PUBLIC.port)).toBe(true);
    const out = actor.getSnapshot().output!;
    expect(out.reason?.code).toBe('no-reply');
    expect(out.punches).toBe(at.length);
    expect(out.punches).toBeLessThanOrEqual(25);
  });

  it('answers an unheard punch at once with a punch that says it heard', () => {
    const { sent, deliver } = run();
    deliver(seen(), SERVER);
    deliver({ type: 'punch', from: 'alice', seq: 0, heard: false }, ALICE_PUBLIC);
    expect(sent.at(-1)).toEqual({
      to: ALICE_PUBLIC,
      message: { type: 'punch', from: 'bob', seq: 1, heard: true },
    });
  });
});

describe('the punch on the simulated network', () => {
  it('full cone x restricted cone: both connect, each hears the other within one round trip', () => {
    const r = simulatePunch({ bob: 'full-cone', alice: 'restricted-cone' });
    expect([r.bob.ok, r.alice.ok]).toEqual([true, true]);
    expect([r.bob.chatIn, r.alice.chatIn]).toEqual(['soy Alice', 'soy Bob']);
    const rtt = 2 * (1 + 10 + 10 + 1); // host-router 1 ms, router-internet 10 ms, each way
    expect(r.bob.inboundMs).toBeLessThanOrEqual(rtt);
    expect(r.alice.outboundMs).toBeLessThanOrEqual(rtt);
    expect(r.alice.phases.map((p) => p.phase)).toEqual([
      'registering',
      'punching',
      'connected',
      'closing',
      'done',
    ]);
  });

  it('symmetric x port-restricted cone: fails, no-reply, naming the port the symmetric NAT allocated', () => {
    const r = simulatePunch({ bob: 'symmetric', alice: 'port-restricted-cone' });
    expect([r.bob.reason?.code, r.alice.reason?.code]).toEqual(['no-reply', 'no-reply']);
    expect(r.alice.reason?.text).toMatch(/bob's NAT did not keep the port \(58888 became 40000\)/);
    expect(r.bob.reason?.text).toMatch(/our NAT did not keep the port/);
  });

  it('full cone x symmetric: Bob hears Alice from another port than the server saw (endpoint-dependent mapping)', () => {
    const r = simulatePunch({ bob: 'full-cone', alice: 'symmetric' });
    expect(r.bob.reason?.code).toBe('peer-port-changed');
    expect(r.bob.reason?.text).toMatch(/endpoint-dependent mapping: a symmetric NAT/);
  });

  it('Linux MASQUERADE with INPUT accepting, Alice first: the clash (as linux-clash); with the drop rule it works', () => {
    const clash = simulatePunch({
      bob: 'linux-masquerade',
      alice: 'linux-masquerade',
      bobTiming: { delayMs: 1000 },
    });
    expect(clash.alice.reason?.code).toBe('no-reply');
    expect(clash.alice.reason?.text).toMatch(/conntrack clash/);
    const fixed = simulatePunch({
      bob: 'linux-masquerade-input-drop',
      alice: 'linux-masquerade-input-drop',
      bobTiming: { delayMs: 1000 },
    });
    expect([fixed.bob.ok, fixed.alice.ok]).toEqual([true, true]);
  });

  it('agrees with the outcome matrix on every pair: connects exactly where the walkthrough works as typed', () => {
    const matrix = outcomeMatrix();
    PRESET_IDS.forEach((bob, i) =>
      PRESET_IDS.forEach((alice, j) => {
        const r = simulatePunch({ bob, alice, bobTiming: { delayMs: 2000 } });
        const works = r.bob.ok && r.alice.ok;
        expect({ bob, alice, works }).toEqual({
          bob,
          alice,
          works: matrix[i]![j]!.verdict === 'direct',
        });
      }),
    );
  });

  it('with 30% loss on both WAN links, still connects by retrying', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = simulatePunch({ bob: 'full-cone', alice: 'port-restricted-cone', loss: 0.3, seed });
      expect({ seed, bob: r.bob.ok, alice: r.alice.ok }).toEqual({ seed, bob: true, alice: true });
    }
  });

  it('holds the hole with keepalives past the 30 s Linux timeout', () => {
    const timing = { holdMs: 95_000, keepaliveMs: 20_000 };
    const r = simulatePunch({
      bob: 'linux-masquerade-input-drop',
      alice: 'linux-masquerade-input-drop',
      bobTiming: timing,
      aliceTiming: timing,
    });
    expect([r.bob.keepalives, r.alice.keepalives]).toEqual([4, 4]);
    expect(r.bob.lastInAt! - r.bob.knownAt!).toBeGreaterThan(80_000);
  });
});
