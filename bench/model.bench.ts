/**
 * Benchmarks of the pure model: packet events per second through a two-NAT topology over
 * established holes, and time per packet as the number of live NAT mappings grows.
 *
 *   (a) throughput                       (b) scaling
 *
 *        internet ── server                 internet ── s0..s3
 *       ┌────┴─────┐                            │
 *     nat-a      nat-b                         nat  (linux-masquerade-input-drop, 10.0.0.0/8)
 *       │          │                  ┌────────┼────────┐
 *     alice       bob                 h0       h1  ...  h3   (up to 25,000 sockets each)
 */
import { performance } from 'node:perf_hooks';
import type { Endpoint } from '../src/model/endpoint.ts';
import { Network } from '../src/model/network.ts';
import { textPayload } from '../src/model/packet.ts';
import type { PresetId } from '../src/model/presets.ts';
import type { UdpSocket } from '../src/model/socket.ts';
import type { TopologySpec } from '../src/model/topology.ts';

/** Result of the throughput benchmark. */
export interface Throughput {
  readonly preset: PresetId;
  readonly packets: number;
  /** Trace events emitted (sent, forwarded, translated, mapping-refreshed, delivered, ...). */
  readonly traceEvents: number;
  /** Scheduler events run (one per link hop). */
  readonly schedulerEvents: number;
  readonly seconds: number;
}

function twoNatTopology(preset: PresetId): TopologySpec {
  const router = (id: string, wanIp: string, lan: string) =>
    ({
      kind: 'router',
      id,
      wanIp,
      lanIp: `${lan}.1`,
      lan: `${lan}.0/24`,
      parent: 'internet',
      nat: preset,
    }) as const;
  return {
    nodes: [
      { kind: 'host', id: 'server', ip: '203.0.113.10', parent: 'internet' },
      router('nat-a', '192.0.2.1', '192.168.0'),
      router('nat-b', '198.51.100.1', '192.168.1'),
      { kind: 'host', id: 'alice', ip: '192.168.0.2', parent: 'nat-a' },
      { kind: 'host', id: 'bob', ip: '192.168.1.2', parent: 'nat-b' },
    ],
  };
}

/**
 * Alice and Bob punch holes through their NATs, then send `packets` datagrams to each other
 * (half each way) in batches; only the steady state after the punch is timed.
 */
export function throughput(packets: number, preset: PresetId = 'port-restricted-cone'): Throughput {
  let traceEvents = 0;
  const net = new Network(twoNatTopology(preset), { onTrace: () => traceEvents++ });
  const alice = net.host('alice').bind(5000);
  const bob = net.host('bob').bind(5000);
  const payload = textPayload('hola');
  const aPub = { ip: '192.0.2.1', port: 5000 };
  const bPub = { ip: '198.51.100.1', port: 5000 };
  // Register-free punch: each sends once (the first packet of one side is filtered), then both ways work.
  alice.send(payload, bPub);
  net.scheduler.runUntil(net.now + 100);
  bob.send(payload, aPub);
  net.scheduler.runUntil(net.now + 100);
  alice.send(payload, bPub);
  net.scheduler.runUntil(net.now + 100);
  if (bob.received.length !== 1 || alice.received.length !== 1)
    throw new Error('bench: the holes did not open');

  const batch = 500;
  const run = (n: number) => {
    for (let sent = 0; sent < n; sent += 2 * batch) {
      for (let i = 0; i < batch; i++) {
        alice.send(payload, bPub);
        bob.send(payload, aPub);
      }
      net.scheduler.runUntil(net.now + 100);
    }
  };
  run(Math.min(200_000, packets / 4)); // warm-up
  traceEvents = 0;
  const executed0 = net.scheduler.executed;
  const t0 = performance.now();
  run(packets);
  const seconds = (performance.now() - t0) / 1000;
  return {
    preset,
    packets,
    traceEvents,
    schedulerEvents: net.scheduler.executed - executed0,
    seconds,
  };
}

/** One row of the scaling benchmark. */
export interface ScalingRow {
  readonly mappings: number;
  readonly setupSeconds: number;
  /** Packets timed per round: half outbound from a mapped socket, half inbound to one. */
  readonly packets: number;
  /** Best round, traffic spread at random over every live mapping. */
  readonly nsPerPacketSpread: number;
  /** Best round, traffic on 10 of the live mappings (the rest sit in the tables). */
  readonly nsPerPacketHot: number;
}

const PER_HOST = 25_000;
const FIRST_PORT = 30_000;

function scalingTopology(hosts: number): TopologySpec {
  const nodes: TopologySpec['nodes'][number][] = [
    {
      kind: 'router',
      id: 'nat',
      wanIp: '192.0.2.1',
      lanIp: '10.0.0.1',
      lan: '10.0.0.0/8',
      parent: 'internet',
      // Linux port overloading allows more than 64k mappings on one address; lifetimes of an
      // hour keep every mapping alive through the whole measurement.
      nat: {
        preset: 'linux-masquerade-input-drop',
        overrides: { lifetimeMs: 3_600_000, streamLifetimeMs: 3_600_000 },
      },
    },
  ];
  for (let i = 0; i < hosts; i++) {
    nodes.push({ kind: 'host', id: `s${i}`, ip: `203.0.113.${10 + i}`, parent: 'internet' });
    nodes.push({ kind: 'host', id: `h${i}`, ip: `10.0.0.${10 + i}`, parent: 'nat' });
  }
  return { nodes };
}

/** A small deterministic generator for picking mappings (xorshift32). */
function picker(seed: number): (n: number) => number {
  let x = seed >>> 0 || 1;
  return (n) => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x % n;
  };
}

interface Mapped {
  readonly socket: UdpSocket;
  readonly server: Endpoint;
  readonly ext: Endpoint;
  /** The server's socket, to send inbound packets to `ext`. */
  readonly from: UdpSocket;
}

/**
 * Creates `mappings` live mappings (host h_i's sockets each send once to server s_i; Linux port
 * overloading lets the hosts share external ports), then times `packets` packets through the
 * NAT, `rounds` times, spread over every mapping and concentrated on 10 of them.
 */
export function scaling(mappings: number, packets: number, rounds = 3): ScalingRow {
  const hosts = Math.ceil(mappings / PER_HOST);
  let events = 0;
  const t0 = performance.now();
  const net = new Network(scalingTopology(hosts), { onTrace: () => events++ });
  const payload = textPayload('x');
  const servers: UdpSocket[] = [];
  for (let h = 0; h < hosts; h++) servers.push(net.host(`s${h}`).bind(9000));
  const inside: Mapped[] = [];
  for (let m = 0; m < mappings; m++) {
    const h = Math.floor(m / PER_HOST);
    const port = FIRST_PORT + (m % PER_HOST);
    const socket = net.host(`h${h}`).bind(port);
    const server = { ip: `203.0.113.${10 + h}`, port: 9000 };
    socket.send(payload, server);
    inside.push({ socket, server, ext: { ip: '192.0.2.1', port }, from: servers[h] as UdpSocket });
    if (m % 10_000 === 9_999) net.scheduler.runUntil(net.now + 50);
  }
  net.scheduler.runUntil(net.now + 50);
  const live = net.nat('nat').tables.bindingsByKey.size;
  if (live !== mappings) throw new Error(`bench: ${live} mappings, wanted ${mappings}`);
  const setupSeconds = (performance.now() - t0) / 1000;

  const pick = picker(mappings);
  const run = (n: number, among: number): number => {
    const start = performance.now();
    for (let done = 0; done < n; done += 2000) {
      for (let i = 0; i < 1000; i++) {
        const out = inside[pick(among)] as Mapped;
        out.socket.send(payload, out.server);
        const target = inside[pick(among)] as Mapped;
        target.from.send(payload, target.ext);
      }
      net.scheduler.runUntil(net.now + 50);
    }
    return ((performance.now() - start) * 1e6) / n;
  };
  run(20_000, mappings); // warm-up
  let spread = Infinity;
  let hot = Infinity;
  for (let r = 0; r < rounds; r++) {
    spread = Math.min(spread, run(packets, mappings));
    hot = Math.min(hot, run(packets, Math.min(10, mappings)));
  }
  if (events === 0 || net.nat('nat').tables.bindingsByKey.size !== mappings)
    throw new Error('bench: mappings changed during the measurement');
  return { mappings, setupSeconds, packets, nsPerPacketSpread: spread, nsPerPacketHot: hot };
}
