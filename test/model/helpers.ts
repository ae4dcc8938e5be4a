/**
 * Shared builders for the model tests: a home network (hosts behind one NAT router, two servers
 * on the internet), a recorded run, and helpers to send a datagram, let it arrive, and ask what
 * became of it.
 *
 *                          internet
 *          ┌──────────────────┼───────────────────┐
 *         s1                 s2                  nat   wan 192.0.2.1
 *    203.0.113.10      198.51.100.20              │    lan 192.168.1.0/24
 *                                          ┌──────┴──────┐
 *                                        alice         carol
 *                                     192.168.1.2   192.168.1.3
 */
import type { Endpoint } from '../../src/model/endpoint.ts';
import { parseEndpoint } from '../../src/model/endpoint.ts';
import type { NatPolicy } from '../../src/model/nat-policy.ts';
import { Network } from '../../src/model/network.ts';
import type { Packet } from '../../src/model/packet.ts';
import { textPayload } from '../../src/model/packet.ts';
import type { Preset, PresetId } from '../../src/model/presets.ts';
import { PRESETS } from '../../src/model/presets.ts';
import type { UdpSocket } from '../../src/model/socket.ts';
import type { NatSpec, NodeSpec, TopologySpec } from '../../src/model/topology.ts';
import type { DropReason, TraceEvent } from '../../src/model/trace.ts';

export const S1 = '203.0.113.10';
export const S2 = '198.51.100.20';
export const NAT_WAN = '192.0.2.1';
export const ALICE = '192.168.1.2';
export const CAROL = '192.168.1.3';

/** Presets whose router rewrites addresses (every one but the open internet). */
export const TRANSLATING: readonly Preset[] = PRESETS.filter((p) => p.policy.translate);

/** A preset with some policy fields changed, as a topology NatSpec. */
export function withOverrides(id: PresetId, overrides: Partial<NatPolicy>): NatSpec {
  return { preset: id, overrides };
}

/** Servers s1 and s2 on the internet and alice and carol behind router `nat`. */
export function homeTopology(nat: NatSpec, extra: readonly NodeSpec[] = []): TopologySpec {
  return {
    defaultLink: { latencyMs: 10 },
    nodes: [
      { kind: 'host', id: 's1', ip: S1, parent: 'internet' },
      { kind: 'host', id: 's2', ip: S2, parent: 'internet' },
      {
        kind: 'router',
        id: 'nat',
        wanIp: NAT_WAN,
        lanIp: '192.168.1.1',
        lan: '192.168.1.0/24',
        parent: 'internet',
        nat,
      },
      { kind: 'host', id: 'alice', ip: ALICE, parent: 'nat' },
      { kind: 'host', id: 'carol', ip: CAROL, parent: 'nat' },
      ...extra,
    ],
  };
}

/** What became of one packet: delivered (to a node) or dropped (by a node, with a reason). */
export interface Fate {
  readonly delivered: boolean;
  readonly node: string;
  readonly reason: DropReason | undefined;
  /** The packet as delivered or dropped (after any translation). */
  readonly packet: Packet;
  readonly t: number;
}

/** A network with its whole trace recorded and helpers to drive it. */
export class Sim {
  readonly net: Network;
  readonly trace: TraceEvent[] = [];
  private readonly bound = new Map<string, UdpSocket>();

  constructor(spec: TopologySpec, seed = 1) {
    this.net = new Network(spec, { seed, onTrace: (e) => this.trace.push(e) });
  }

  get now(): number {
    return this.net.now;
  }

  /** The socket of `host` on `port`, bound on first use. */
  socket(host: string, port: number): UdpSocket {
    const key = `${host}:${port}`;
    let s = this.bound.get(key);
    if (!s) {
      s = this.net.host(host).bind(port);
      this.bound.set(key, s);
    }
    return s;
  }

  /** Sends `text` from host:port to `to` now, without running the clock; returns the packet id. */
  sendNow(host: string, port: number, to: Endpoint | string, text = 'x'): number {
    const dst = typeof to === 'string' ? parseEndpoint(to) : to;
    return this.socket(host, port).send(textPayload(text), dst);
  }

  /** Sends and lets the packet arrive (runs the clock 200 ms); returns the packet id. */
  send(host: string, port: number, to: Endpoint | string, text = 'x'): number {
    const id = this.sendNow(host, port, to, text);
    this.settle();
    return id;
  }

  /** Advances the virtual clock by `ms`, running whatever is due. */
  settle(ms = 200): void {
    this.net.scheduler.runUntil(this.net.now + ms);
  }

  /** Runs the clock to absolute virtual time `t`. */
  runUntil(t: number): void {
    this.net.scheduler.runUntil(t);
  }

  /** The single terminal event (delivered or dropped) of a packet; throws if not exactly one. */
  fate(packetId: number): Fate {
    const ends = this.trace.filter(
      (e) => (e.type === 'delivered' || e.type === 'dropped') && e.packet.id === packetId,
    );
    if (ends.length !== 1)
      throw new Error(`packet #${packetId} has ${ends.length} terminal events, expected 1`);
    const e = ends[0] as TraceEvent & { type: 'delivered' | 'dropped' };
    return {
      delivered: e.type === 'delivered',
      node: e.node,
      reason: e.type === 'dropped' ? e.reason : undefined,
      packet: e.packet,
      t: e.t,
    };
  }

  /** "delivered" or the drop reason, for table assertions. */
  outcome(packetId: number): 'delivered' | DropReason {
    const f = this.fate(packetId);
    return f.delivered ? 'delivered' : (f.reason as DropReason);
  }

  /** The source endpoint the receiver saw (throws if the packet was not delivered). */
  seenFrom(packetId: number): Endpoint {
    const f = this.fate(packetId);
    if (!f.delivered)
      throw new Error(`packet #${packetId} was dropped at ${f.node}: ${String(f.reason)}`);
    return f.packet.src;
  }

  /** Sends from host:port to a server and returns the public endpoint the server saw. */
  publicEndpoint(host: string, port: number, to: Endpoint | string): Endpoint {
    return this.seenFrom(this.send(host, port, to));
  }

  /** Events of one type, typed. */
  events<K extends TraceEvent['type']>(type: K): (TraceEvent & { type: K })[] {
    return this.trace.filter((e): e is TraceEvent & { type: K } => e.type === type);
  }
}
