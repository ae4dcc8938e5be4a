/**
 * A real lab run in the shape the simulator's views draw (RunRecord): the lab's events, which
 * see only the ends of a datagram (sent at one machine, delivered at another, with the addresses
 * each saw), are redrawn as the model would trace them: the hops between the two machines along
 * the topology, the NAT rewrite where the addresses changed, and the NAT tables inferred from
 * those rewrites (src/app/real-nats.ts). Any source that yields a LabRunFile (the hub, a saved
 * run, an imported capture) can be drawn, stepped and compared this way. A capture sees the
 * routers: its `translated` events (the rewrite each NAT really made) are drawn as observed and
 * build that NAT's tables, and a datagram it saw dropped at a NAT travels there and ends there;
 * inference is used only at routers the source saw nothing of (every router, for a live run).
 *
 *   lab:  sent(bob 192.168.2.20:58888 → 192.0.2.113:53333) … delivered(alice, from 198.51.100.24:58888)
 *   here: sent → forwarded bob→bob-nat → translated (bob-nat) → forwarded bob-nat→alice-nat
 *         → translated inbound (alice-nat) → forwarded alice-nat→alice → delivered
 */
import type { TopologySpec } from '../model/topology.ts';
import { sameEndpoint } from '../model/endpoint.ts';
import type { Endpoint } from '../model/endpoint.ts';
import type { Packet } from '../model/packet.ts';
import type { TraceEvent } from '../model/trace.ts';
import type { LabObservation } from '../protocol/events.ts';
import { RealNats } from './real-nats.ts';
import { RealRecord } from './real-timeline-record.ts';
import { route } from './real-route.ts';

type LabEvent = TraceEvent | LabObservation;
type Sent = Extract<TraceEvent, { type: 'sent' }>;
type Translated = Extract<TraceEvent, { type: 'translated' }>;
type Delivered = Extract<TraceEvent, { type: 'delivered' }>;
/** A datagram's arrival as the lab reports it: delivered with its packet, or printed by nc. */
type Received = Delivered | LabObservation;

/** What a real run is drawn from (a LabRun has all of it). */
export interface RealRunSource {
  readonly setup: { readonly scenario: string };
  readonly topology: TopologySpec;
  readonly trace: readonly LabEvent[];
}

const decoder = new TextDecoder();
const textOf = (p: Packet): string => decoder.decode(p.payload).replace(/\n$/, '');

/** A real run as the simulator's views read a recorded one. */
export class RealTimeline extends RealRecord {
  /** Per event of the source trace: the index here of the last event drawn from it (0: none). */
  readonly indexOf: number[] = [];
  /** Per event of the source trace: the id its packet has here. */
  readonly packetOf = new Map<number, number>();
  private readonly nodes: ReadonlySet<string>;
  /** The sends of each text, oldest first (a text is usually sent once or a few times). */
  private readonly sent = new Map<string, { id: number; e: Sent }[]>();
  private sends = 0;
  /** Each machine's last send from each local port (`node:port`): the holes it punched. */
  private readonly lastFrom = new Map<string, Sent>();
  /** Arrivals reported before their send, by text. */
  private readonly early = new Map<string, { i: number; e: Received }[]>();
  /** `${packet id}@${node}` of every arrival drawn. */
  private readonly arrived = new Set<string>();
  /** The rewrites the source saw at each router, not yet matched to a datagram, oldest first. */
  private readonly seen = new Map<string, Translated[]>();
  /** The routers the source saw anything at: no rewrite is inferred there. */
  private readonly watched = new Set<string>();
  private readonly routers: ReadonlySet<string>;

  constructor(
    private readonly source: RealRunSource,
    actors: readonly string[],
  ) {
    const topo = source.topology;
    const scenario = {
      id: source.setup.scenario,
      title: { es: source.setup.scenario, en: source.setup.scenario },
      seed: 0,
      topology: topo,
      actors,
      steps: [],
    };
    super(
      scenario,
      new RealNats(
        topo.nodes.flatMap((n) => (n.kind === 'router' ? [{ id: n.id, wanIp: n.wanIp }] : [])),
      ),
    );
    this.nodes = new Set(topo.nodes.map((n) => n.id));
    this.routers = new Set(topo.nodes.filter((n) => n.kind === 'router').map((n) => n.id));
    for (const e of source.trace)
      if ((e.type === 'translated' || e.type === 'dropped') && this.routers.has(e.node))
        this.watched.add(e.node);
    this.sync();
  }

  /**
   * Draws the source's events not drawn yet (a live run grows in place): every step only appends,
   * so a growing run costs its new events, not a redraw.
   */
  sync(): void {
    const trace = this.source.trace;
    for (let i = this.indexOf.length; i < trace.length; i++) {
      const e = trace[i] as LabEvent;
      for (const x of this.nats.expire(e.t)) this.push(x);
      if (e.type === 'translated') {
        if (this.routers.has(e.node)) this.seen.set(e.node, [...(this.seen.get(e.node) ?? []), e]);
      } else if (e.type === 'sent' && this.nodes.has(e.node)) this.send(e, i);
      else if (e.type === 'delivered' || (e.type === 'observed' && e.kind === 'received'))
        this.receive(e, i);
      else if (e.type === 'dropped' && this.nodes.has(e.node)) {
        // An agent reports a refusal at the sender (the ICMP error came back to it); a capture
        // at the host that refused it, which the datagram first travels to.
        const text = textOf(e.packet);
        const s = this.sendOf(text, (x) => x.e.node === e.node) ?? this.sendOf(text, () => true);
        const id = s?.id ?? 100_000 + i;
        this.packetOf.set(i, id);
        const drop = { ...e, packet: { ...e.packet, id } } as TraceEvent;
        if (s && s.e.node !== e.node) {
          const at = { ...e, type: 'delivered' as const, socket: e.packet.dst };
          this.travel(s.e, id, at, e.packet.src, drop);
        } else this.push(drop);
      } else if (e.type === 'command' || e.type === 'output') this.push(e);
      this.indexOf[i] = this.events.length;
    }
  }

  /** The last send of `text` that `ok` accepts. */
  private sendOf(text: string, ok: (s: { id: number; e: Sent }) => boolean) {
    const list = this.sent.get(text) ?? [];
    for (let k = list.length - 1; k >= 0; k--)
      if (ok(list[k] as { id: number; e: Sent })) return list[k];
    return undefined;
  }

  private send(e: Sent, i: number): void {
    const id = ++this.sends;
    const text = textOf(e.packet);
    const sends = this.sent.get(text);
    if (sends) sends.push({ id, e });
    else this.sent.set(text, [{ id, e }]);
    this.lastFrom.set(`${e.node}:${e.packet.src.port}`, e);
    this.packetOf.set(i, id);
    this.push({ ...e, packet: { ...e.packet, id } });
    // A receiver that reported this datagram before its sender reported sending it.
    const early = this.early.get(text) ?? [];
    const k = early.findIndex((x) => x.e.node !== e.node);
    const got = early[k];
    if (!got) return;
    early.splice(k, 1);
    this.arrive(e, id, got.e);
    this.packetOf.set(got.i, id);
    this.indexOf[got.i] = this.events.length;
  }

  private receive(e: Received, i: number): void {
    if (!this.nodes.has(e.node)) return;
    const text = e.type === 'delivered' ? textOf(e.packet) : (e.text ?? '').replace(/\n$/, '');
    // Real packet ids are per machine: the send is found by its text, as the diff does: the
    // latest one sent by then that has not arrived here yet (a text sent again, a keepalive,
    // arrives once per send); when every send of it has, this is the same arrival again.
    const fresh = (x: { id: number; e: Sent }) =>
      x.e.node !== e.node && !this.arrived.has(`${x.id}@${e.node}`);
    const s =
      this.sendOf(text, (x) => fresh(x) && x.e.t <= e.t) ?? this.sendOf(text, (x) => fresh(x));
    if (!s) {
      if (this.sendOf(text, (x) => x.e.node !== e.node)) return;
      this.early.set(text, [...(this.early.get(text) ?? []), { i, e }]);
      return;
    }
    this.packetOf.set(i, s.id);
    this.arrive(s.e, s.id, e);
  }

  /** Draws datagram `sent` (id `id` here) arriving as the receiver reported it. */
  private arrive(sent: Sent, id: number, e: Received): void {
    this.arrived.add(`${id}@${e.node}`);
    if (e.type === 'delivered') return this.travel(sent, id, e, e.packet.src);
    // nc printed it: the socket it arrived on, and the sender only if the tool said.
    const socket = e.socket ?? sent.packet.dst;
    const packet = { ...sent.packet, id, src: e.from ?? sent.packet.src, dst: socket };
    this.travel(sent, id, { type: 'delivered', t: e.t, node: e.node, packet, socket }, e.from);
  }

  /** The hops, rewrites and delivery of a datagram `sent` that arrived as `got`. */
  private travel(
    sent: Sent,
    id: number,
    got: Delivered,
    seenFrom: Endpoint | undefined,
    end?: TraceEvent,
  ): void {
    const t = Math.max(got.t, this.lastNow);
    const { hops, senderNat, receiverNat } = route(this.scenario.topology, sent.node, got.node);
    let p: Packet = { ...sent.packet, id };
    for (const [from, to] of hops) {
      this.push({ type: 'forwarded', t, packet: p, from, to, arriveAt: t });
      if (this.watched.has(to)) {
        p = this.observed(to, t, p);
      } else if (to === senderNat && seenFrom && !sameEndpoint(p.src, seenFrom)) {
        const m = this.nats.outbound(to, t, p.src, seenFrom, p.dst);
        for (const x of m.events) this.push(x);
        const after = { ...p, src: seenFrom };
        this.push({
          type: 'translated',
          t,
          node: to,
          direction: 'outbound',
          before: p,
          after,
          bindingId: m.bindingId,
        });
        p = after;
      } else if (to === receiverNat) {
        this.punched(to, got, p);
        const b = this.nats.inbound(to, t, p.dst, p.src);
        // Rewritten to the mapping's inside endpoint (the socket may be bound to 0.0.0.0).
        const seen = got.packet.dst;
        const dst = seen.ip === '0.0.0.0' && b ? { ...b.internal, port: seen.port } : seen;
        if (b && !sameEndpoint(dst, p.dst)) {
          const after = { ...p, dst };
          this.push({
            type: 'translated',
            t,
            node: to,
            direction: 'inbound',
            before: p,
            after,
            bindingId: b.id,
          });
          p = after;
        }
      }
    }
    // A socket bound to 0.0.0.0 reports no address: the packet's own (after any rewrite) is shown.
    const dst = got.packet.dst.ip === '0.0.0.0' ? p.dst : got.packet.dst;
    this.push(end ? { ...end, t } : { ...got, t, packet: { ...got.packet, id, dst } });
  }

  /**
   * Datagram `p` crossed `router`, which the source saw: the rewrite seen there for it (same
   * text, same addresses before), drawn with the real ports and entered in the NAT's tables; `p`
   * unchanged when the router let it through as it was.
   */
  private observed(router: string, t: number, p: Packet): Packet {
    const list = this.seen.get(router) ?? [];
    const k = list.findIndex(
      (x) =>
        sameEndpoint(x.before.src, p.src) &&
        sameEndpoint(x.before.dst, p.dst) &&
        textOf(x.before) === textOf(p),
    );
    const x = list[k];
    if (!x) return p;
    list.splice(k, 1);
    let bindingId = 0;
    if (x.direction === 'outbound') {
      const m = this.nats.outbound(router, t, x.before.src, x.after.src, x.before.dst);
      for (const e of m.events) this.push(e);
      bindingId = m.bindingId;
    } else if (x.direction === 'inbound') {
      bindingId = this.nats.inbound(router, t, x.before.dst, x.before.src)?.id ?? 0;
    }
    const after = { ...p, src: x.after.src, dst: x.after.dst };
    this.push({ ...x, t, before: p, after, bindingId });
    return after;
  }

  /**
   * A datagram to `p.dst` (a public address) reached `got.node` behind `router`: if the receiver
   * had sent from that port before, that send opened the mapping it came through (the hole).
   */
  private punched(router: string, got: Delivered, p: Packet): void {
    if (this.nats.holds(router, p.dst.port)) return;
    const hole = this.lastFrom.get(`${got.node}:${got.socket.port}`);
    if (!hole || hole.packet.src.ip === p.dst.ip) return; // no address change: no NAT seen
    const m = this.nats.outbound(router, hole.t, hole.packet.src, p.dst, hole.packet.dst);
    for (const x of m.events) this.push(x);
  }
}
