/**
 * A running simulated network: hosts and NAT routers built from a TopologySpec, packets routed
 * hop by hop through the tree on the scheduler's virtual clock, NAT state expired on time, and
 * every step reported as a TraceEvent.
 */
import type { Endpoint } from './endpoint.ts';
import { formatEndpoint } from './endpoint.ts';
import { ModelError } from './errors.ts';
import { Host } from './host.ts';
import type { HostUplink } from './host.ts';
import { Nat } from './nat.ts';
import { bindingView, flowView } from './nat-tables.ts';
import type { Packet } from './packet.ts';
import type { Rng } from './rng.ts';
import { createRng } from './rng.ts';
import { Scheduler } from './scheduler.ts';
import type {
  BindingView,
  DropFacts,
  DropReason,
  FlowView,
  TraceEvent,
  TraceSink,
} from './trace.ts';
import type { LinkSpec, NodeSpec, TopologySpec } from './topology.ts';
import { INTERNET, resolveNat, validateTopology } from './topology.ts';
import { segmentsOf } from './segments.ts';
import type { Segments } from './segments.ts';

interface NodeState {
  readonly spec: NodeSpec;
  readonly latencyMs: number;
  readonly loss: number;
}

/** A router's tables at one moment. */
export interface NatView {
  readonly node: string;
  readonly externalIp: string;
  readonly bindings: readonly BindingView[];
  readonly flows: readonly FlowView[];
}

/** Options for a network run. */
export interface NetworkOptions {
  readonly seed?: number;
  /** Receives every trace event. */
  readonly onTrace?: TraceSink;
}

/** A simulated network. Deterministic for a given topology, seed and sequence of calls. */
export class Network implements HostUplink {
  readonly scheduler = new Scheduler();
  readonly rng: Rng;
  readonly seed: number;
  readonly hosts = new Map<string, Host>();
  readonly nats = new Map<string, Nat>();
  /** The last snapshot of each NAT's tables, reused while the tables' version is unchanged. */
  private readonly viewCache = new Map<string, { version: number; view: NatView }>();
  private readonly nodes = new Map<string, NodeState>();
  /** Who answers to which address on each segment (src/model/segments.ts). */
  private readonly segments: Segments;
  private readonly sweepAt = new Map<string, number>();
  private readonly sinks: TraceSink[] = [];
  private nextPacketId = 1;

  constructor(
    readonly topology: TopologySpec,
    opts: NetworkOptions = {},
  ) {
    validateTopology(topology);
    this.seed = opts.seed ?? 1;
    this.rng = createRng(this.seed);
    if (opts.onTrace) this.sinks.push(opts.onTrace);
    const emit: TraceSink = (e) => this.emit(e);
    const link = (l: LinkSpec | undefined) => ({ ...(topology.defaultLink ?? {}), ...(l ?? {}) });
    this.segments = segmentsOf(topology);
    for (const n of topology.nodes) {
      const l = link(n.link);
      this.nodes.set(n.id, { spec: n, latencyMs: l.latencyMs ?? 10, loss: l.loss ?? 0 });
      if (n.kind === 'host') {
        this.hosts.set(n.id, new Host(n.id, n.ip, this, this.rng, n.extraIps));
      } else {
        const policy = resolveNat(n.nat);
        this.nats.set(
          n.id,
          new Nat({
            node: n.id,
            externalIp: n.wanIp,
            policy,
            rng: this.rng,
            seed: this.seed,
            emit,
          }),
        );
        this.sweepAt.set(n.id, Infinity);
      }
    }
  }

  /** Adds a trace listener; returns a function that removes it. */
  onTrace(sink: TraceSink): () => void {
    this.sinks.push(sink);
    return () => {
      const i = this.sinks.indexOf(sink);
      if (i >= 0) this.sinks.splice(i, 1);
    };
  }

  /** The current virtual time (ms). */
  get now(): number {
    return this.scheduler.now;
  }

  /** The host with that id; throws ModelError('no-such-node'). */
  host(id: string): Host {
    const h = this.hosts.get(id);
    if (!h)
      throw new ModelError(
        'no-such-node',
        `no host "${id}" (hosts: ${[...this.hosts.keys()].join(', ')})`,
      );
    return h;
  }

  /** The NAT of router `id`; throws ModelError('no-such-node'). */
  nat(id: string): Nat {
    const n = this.nats.get(id);
    if (!n)
      throw new ModelError(
        'no-such-node',
        `no router "${id}" (routers: ${[...this.nats.keys()].join(', ')})`,
      );
    return n;
  }

  /** Every router's tables now. */
  natViews(): NatView[] {
    return [...this.nats.values()].map((n) => {
      const cached = this.viewCache.get(n.node);
      if (cached && cached.version === n.tables.version) return cached.view;
      const view: NatView = {
        node: n.node,
        externalIp: n.externalIp,
        bindings: n.tables.bindings().map(bindingView),
        flows: n.tables.flows().map(flowView),
      };
      this.viewCache.set(n.node, { version: n.tables.version, view });
      return view;
    });
  }

  /** Called by hosts' sockets: emits `sent` and starts the packet on its way. */
  send(hostId: string, src: Endpoint, dst: Endpoint, payload: Uint8Array): number {
    const p: Packet = { id: this.nextPacketId++, src, dst, payload };
    const node = this.nodes.get(hostId) as NodeState;
    this.emit({ type: 'sent', t: this.now, node: hostId, packet: p });
    this.route(node.spec.parent, hostId, p);
    return p.id;
  }

  /** Emits an event that does not come from the network itself (terminal commands and output). */
  emitExternal(e: TraceEvent & { type: 'command' | 'output' }): void {
    this.emit(e);
  }

  private emit(e: TraceEvent): void {
    for (let i = 0; i < this.sinks.length; i++) (this.sinks[i] as TraceSink)(e);
  }

  private drop(
    node: string,
    p: Packet,
    reason: DropReason,
    detail: string,
    facts?: DropFacts,
  ): void {
    this.emit({
      type: 'dropped',
      t: this.now,
      node,
      packet: p,
      reason,
      detail,
      ...(facts && { facts }),
    });
  }

  /** Puts `p` on segment `seg`, sent by node `from` (a member of the segment or its router). */
  private route(seg: string, from: string, p: Packet): void {
    const target = this.segments.get(seg)?.get(p.dst.ip);
    if (target !== undefined && target !== from) return this.hop(seg, from, target, p, 'down');
    if (seg !== INTERNET && from !== seg) return this.hop(seg, from, seg, p, 'up');
    this.drop(from, p, 'no-route', `no route to ${p.dst.ip} from ${from}`);
  }

  /** Moves `p` across segment `seg` from one node to another, with latency and loss. */
  private hop(seg: string, from: string, to: string, p: Packet, side: 'up' | 'down'): void {
    let delay = 0;
    let loss = 0;
    for (const id of [from, to]) {
      const n = this.nodes.get(id) as NodeState;
      if (n.spec.parent !== seg) continue;
      delay += n.latencyMs;
      loss = 1 - (1 - loss) * (1 - n.loss);
    }
    const arriveAt = this.now + delay;
    this.emit({ type: 'forwarded', t: this.now, packet: p, from, to, arriveAt });
    const lost = loss > 0 && this.rng.chance(loss);
    this.scheduler.at(arriveAt, () => {
      if (lost)
        this.drop(from, p, 'link-loss', `lost on the link from ${from} to ${to}`, { toNode: to });
      else if (side === 'up') this.fromLan(to, p);
      else this.fromParent(to, p);
    });
  }

  /** A packet arriving at a node from its parent segment. */
  private fromParent(id: string, p: Packet): void {
    const node = this.nodes.get(id) as NodeState;
    if (node.spec.kind === 'host') return this.deliver(id, p);
    const nat = this.nats.get(id) as Nat;
    const inside = nat.inbound(p, this.now);
    this.scheduleSweep(nat);
    if (inside) this.route(id, id, inside);
  }

  /** A packet arriving at router `id` from its LAN. */
  private fromLan(id: string, p: Packet): void {
    const nat = this.nats.get(id) as Nat;
    const spec = (this.nodes.get(id) as NodeState).spec;
    if (p.dst.ip === nat.externalIp && nat.policy.translate) {
      if (!nat.policy.hairpinning) {
        nat.refuseHairpin(p, this.now);
        this.scheduleSweep(nat);
        this.drop(
          id,
          p,
          'hairpin-unsupported',
          `${id} does not hairpin ${formatEndpoint(p.src)} -> ${formatEndpoint(p.dst)}`,
        );
        return;
      }
      const out = nat.outbound(p, this.now, 'hairpin');
      const back = out && nat.inbound(out, this.now, 'hairpin');
      this.scheduleSweep(nat);
      if (back) this.route(id, id, back);
      return;
    }
    const out = nat.outbound(p, this.now);
    this.scheduleSweep(nat);
    if (out) this.route(spec.parent, id, out);
  }

  private deliver(hostId: string, p: Packet): void {
    const host = this.hosts.get(hostId) as Host;
    const socket = host.socketFor(p.dst.ip, p.dst.port);
    if (!socket)
      return this.drop(
        hostId,
        p,
        'port-unreachable',
        `nothing listens on ${formatEndpoint(p.dst)}`,
      );
    if (!socket.accepts(p.src)) {
      const remote = socket.remote ? formatEndpoint(socket.remote) : '';
      return this.drop(
        hostId,
        p,
        'socket-connected-elsewhere',
        `socket ${p.dst.port} is connected to ${remote}, not ${formatEndpoint(p.src)}`,
        socket.remote && { connectedTo: socket.remote },
      );
    }
    this.emit({ type: 'delivered', t: this.now, node: hostId, packet: p, socket: socket.local });
    socket.deliver({ from: p.src, payload: p.payload, at: this.now, packetId: p.id });
  }

  /** Keeps one pending sweep per NAT at its earliest deadline, so expiries happen on time. */
  private scheduleSweep(nat: Nat): void {
    const due = nat.nextDeadline();
    if (due >= (this.sweepAt.get(nat.node) as number)) return;
    this.sweepAt.set(nat.node, due);
    this.scheduler.at(due, () => {
      if (this.sweepAt.get(nat.node) !== due) return;
      this.sweepAt.set(nat.node, Infinity);
      nat.expire(this.now);
      if (nat.nextDeadline() < Infinity) this.scheduleSweep(nat);
    });
  }
}
