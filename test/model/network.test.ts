/**
 * The network around the NATs: routing and no-route, latency on the virtual clock, seeded link
 * loss, stable packet ids, and the sockets' own behaviour (connected-socket filter, port
 * unreachable, bind errors).
 */
import { describe, expect, it } from 'vitest';
import { ModelError } from '../../src/model/errors.ts';
import { EPHEMERAL_RANGE } from '../../src/model/host.ts';
import { Network } from '../../src/model/network.ts';
import { payloadText, textPayload } from '../../src/model/packet.ts';
import { RECEIVED_WINDOW } from '../../src/model/socket.ts';
import type { TopologySpec } from '../../src/model/topology.ts';
import { homeTopology, NAT_WAN, S1, S2, Sim } from './helpers.ts';

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ModelError) return `${e.code}: ${e.message}`;
    throw e;
  }
  return 'no error';
}

describe('routing', () => {
  it('drops at the sender when an internet host sends to an unknown address', () => {
    const sim = new Sim(homeTopology('full-cone'));
    const fate = sim.fate(sim.send('s1', 9000, '203.0.113.99:1'));
    expect(fate).toMatchObject({ delivered: false, node: 's1', reason: 'no-route' });
  });

  it('drops at the router, after translating, when an inside host sends to an unknown address', () => {
    const sim = new Sim(homeTopology('full-cone'));
    const fate = sim.fate(sim.send('alice', 5000, '203.0.113.99:1'));
    expect(fate).toMatchObject({ delivered: false, node: 'nat', reason: 'no-route' });
    expect(fate.packet.src).toEqual({ ip: NAT_WAN, port: 5000 });
  });

  it('takes the sum of the link latencies on the path', () => {
    const sim = new Sim(homeTopology('full-cone'));
    sim.socket('s1', 9000);
    sim.runUntil(1000);
    // alice -> nat: 10 ms; nat -> s1: 10 + 10 ms.
    expect(sim.fate(sim.send('alice', 5000, `${S1}:9000`)).t).toBe(1030);
  });

  it('keeps a packet id through translation, and gives every packet a new one', () => {
    const sim = new Sim(homeTopology('port-restricted-cone'));
    sim.socket('s1', 9000);
    const a = sim.send('alice', 5000, `${S1}:9000`);
    const b = sim.send('alice', 5000, `${S1}:9000`);
    expect(b).toBeGreaterThan(a);
    for (const e of sim.events('translated')) expect(e.after.id).toBe(e.before.id);
    expect(sim.trace.filter((e) => 'packet' in e && e.packet.id === a).map((e) => e.type)).toEqual([
      'sent',
      'forwarded',
      'forwarded',
      'delivered',
    ]);
  });

  it('stops calling a trace listener once it is removed', () => {
    const net = new Network(homeTopology('full-cone'));
    const seen: string[] = [];
    const off = net.onTrace((e) => seen.push(e.type));
    net.host('s1').bind(9000).send(textPayload('a'), { ip: S2, port: 1 });
    off();
    net.host('s1').bind(9001).send(textPayload('b'), { ip: S2, port: 1 });
    net.scheduler.runAll();
    expect(seen).toEqual(['sent', 'forwarded']);
  });

  it('names the known nodes when asked for an unknown one', () => {
    const net = new Network(homeTopology('full-cone'));
    expect(code(() => net.host('mallory'))).toBe(
      'no-such-node: no host "mallory" (hosts: s1, s2, alice, carol)',
    );
    expect(code(() => net.nat('s1'))).toBe('no-such-node: no router "s1" (routers: nat)');
  });
});

describe('link loss', () => {
  const lossy: TopologySpec = { ...homeTopology('full-cone'), defaultLink: { loss: 0.3 } };

  function run(seed: number): string[] {
    const sim = new Sim(lossy, seed);
    sim.socket('s1', 9000);
    const ids = Array.from({ length: 300 }, () => sim.sendNow('alice', 5000, `${S1}:9000`));
    sim.settle(1000);
    return ids.map((id) => sim.outcome(id));
  }

  it('loses packets at the configured rate, each with a link-loss reason', () => {
    const outcomes = run(7);
    const kept = outcomes.filter((o) => o === 'delivered').length / outcomes.length;
    // alice's link (0.3), then nat's and s1's links (0.3 each): 0.7 * 0.7 * 0.7 = 0.343.
    expect(kept).toBeGreaterThan(0.25);
    expect(kept).toBeLessThan(0.45);
    expect(new Set(outcomes)).toEqual(new Set(['delivered', 'link-loss']));
  });

  it('loses the same packets for the same seed and different ones for another', () => {
    expect(run(7)).toEqual(run(7));
    expect(run(8)).not.toEqual(run(7));
  });
});

describe('sockets', () => {
  it('a connected socket discards datagrams from any other remote, even past a full-cone NAT', () => {
    const sim = new Sim(homeTopology('full-cone'));
    sim.socket('s1', 9000);
    const sock = sim.socket('alice', 5000);
    sock.connect({ ip: S1, port: 9000 });
    const id = sock.send(textPayload('toc'));
    sim.settle();
    const ext = sim.seenFrom(id);
    expect(sim.fate(sim.send('s1', 9000, ext)).node).toBe('alice');
    const other = sim.fate(sim.send('s2', 9000, ext));
    expect(other).toMatchObject({ node: 'alice', reason: 'socket-connected-elsewhere' });
    expect(sim.outcome(sim.send('s1', 9001, ext))).toBe('socket-connected-elsewhere');
    expect(sock.received.map((d) => d.from)).toEqual([{ ip: S1, port: 9000 }]);
  });

  it('keeps only its last datagrams, however many arrive, and counts them all', () => {
    const sim = new Sim(homeTopology('full-cone'));
    const server = sim.socket('s1', 9000);
    const alice = sim.socket('alice', 5000);
    const n = 5 * RECEIVED_WINDOW + 3;
    for (let i = 0; i < n; i++) alice.send(textPayload(`k${i}`), { ip: S1, port: 9000 });
    sim.settle();
    expect(server.receivedCount).toBe(n);
    expect(server.received).toHaveLength(RECEIVED_WINDOW);
    expect(server.received.map((d) => payloadText(d.payload))).toEqual(
      Array.from({ length: RECEIVED_WINDOW }, (_, i) => `k${n - RECEIVED_WINDOW + i}`),
    );
    server.clearReceived();
    expect(server.received).toEqual([]);
    expect(server.receivedCount).toBe(n);
  });

  it('an unconnected socket accepts anyone the NAT lets through', () => {
    const sim = new Sim(homeTopology('full-cone'));
    sim.socket('s1', 9000);
    const ext = sim.publicEndpoint('alice', 5000, `${S1}:9000`);
    expect(sim.outcome(sim.send('s2', 9000, ext))).toBe('delivered');
  });

  it('ends in port-unreachable at a host where nothing listens', () => {
    const sim = new Sim(homeTopology('full-cone'));
    const fate = sim.fate(sim.send('s1', 9000, `${S2}:1234`));
    expect(fate).toMatchObject({ node: 's2', reason: 'port-unreachable' });
  });

  it('refuses a port already bound, like EADDRINUSE, and frees it on close', () => {
    const net = new Network(homeTopology('full-cone'));
    const host = net.host('s1');
    const s = host.bind(9000);
    expect(code(() => host.bind(9000))).toBe(
      'port-in-use: s1: port 9000 is already in use (Address already in use)',
    );
    expect(code(() => host.bind(9000, S1))).toMatch(/^port-in-use:/);
    s.close();
    expect(host.bind(9000).local).toEqual({ ip: S1, port: 9000 });
  });

  it('binds one address of a multi-address host without taking the port on the other', () => {
    const spec: TopologySpec = {
      nodes: [
        {
          kind: 'host',
          id: 'stun',
          ip: '203.0.113.1',
          extraIps: ['203.0.113.2'],
          parent: 'internet',
        },
        { kind: 'host', id: 'c', ip: '198.51.100.1', parent: 'internet' },
      ],
    };
    const sim = new Sim(spec);
    sim.net.host('stun').bind(3478, '203.0.113.2');
    expect(sim.net.host('stun').bind(3478, '203.0.113.1').local.port).toBe(3478);
    expect(code(() => sim.net.host('stun').bind(3478))).toMatch(/^port-in-use:/);
    expect(sim.fate(sim.send('c', 1, '203.0.113.2:3478')).node).toBe('stun');
  });

  it('reports bad arguments with typed errors', () => {
    const net = new Network(homeTopology('full-cone'));
    const host = net.host('s1');
    expect(code(() => host.bind(70000))).toBe(
      'bad-port: not a UDP port: 70000 (expected an integer 0-65535)',
    );
    expect(code(() => host.bind(9000, '10.9.9.9'))).toBe(
      `bad-ip: s1 has no address 10.9.9.9 (it has ${S1})`,
    );
    const s = host.bind(9000);
    expect(code(() => s.send(textPayload('x')))).toBe(
      'bad-command: socket 9000 is not connected: give a destination',
    );
    s.close();
    expect(code(() => s.send(textPayload('x'), { ip: S2, port: 1 }))).toBe(
      'socket-closed: socket on port 9000 is closed',
    );
  });

  it('picks ephemeral ports in the Linux range, deterministically by seed', () => {
    const ports = (seed: number) => {
      const net = new Network(homeTopology('full-cone'), { seed });
      return Array.from({ length: 20 }, () => net.host('alice').bind().local.port);
    };
    const [lo, hi] = EPHEMERAL_RANGE;
    for (const p of ports(3)) {
      expect(p).toBeGreaterThanOrEqual(lo);
      expect(p).toBeLessThanOrEqual(hi);
    }
    expect(new Set(ports(3)).size).toBe(20);
    expect(ports(3)).toEqual(ports(3));
  });
});
