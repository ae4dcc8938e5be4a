/**
 * A real lab run in the shape the simulator's views draw (RunRecord): the lab's events, which
 * see only the ends of a datagram (sent at one machine, delivered at another, with the addresses
 * each saw), are redrawn as the model would trace them: the hops between the two machines along
 * the topology, the NAT rewrite where the addresses changed, and the NAT tables inferred from
 * those rewrites (src/app/real-nats.ts). Any source that yields a LabRunFile (the hub, a saved
 * run, an imported capture) can be drawn, stepped and compared this way.
 *
 *   lab:  sent(bob 192.168.2.20:58888 → 192.0.2.113:53333) … delivered(alice, from 198.51.100.24:58888)
 *   here: sent → forwarded bob→bob-nat → translated (bob-nat) → forwarded bob-nat→alice-nat
 *         → translated inbound (alice-nat) → forwarded alice-nat→alice → delivered
 */
import { INTERNET } from '../model/topology.ts';
import type { TopologySpec } from '../model/topology.ts';
import { sameEndpoint } from '../model/endpoint.ts';
import type { Packet } from '../model/packet.ts';
import type { Scenario } from '../model/scenario.ts';
import type { TraceEvent } from '../model/trace.ts';
import type { LabObservation } from '../protocol/events.ts';
import { marksOf } from './marks.ts';
import type { Marks } from './marks.ts';
import { RealNats } from './real-nats.ts';
import type { Frame, IndexedLine, RunRecord } from './timeline.ts';

type LabEvent = TraceEvent | LabObservation;
type Sent = Extract<TraceEvent, { type: 'sent' }>;

/** What a real run is drawn from (a LabRun has all of it). */
export interface RealRunSource {
  readonly setup: { readonly scenario: string };
  readonly topology: TopologySpec;
  readonly trace: readonly LabEvent[];
}

const decoder = new TextDecoder();
const textOf = (p: Packet): string => decoder.decode(p.payload).replace(/\n$/, '');

/** The nodes from `id` up to the internet (itself first). */
function chain(topology: TopologySpec, id: string): string[] {
  const byId = new Map(topology.nodes.map((n) => [n.id, n]));
  const out: string[] = [];
  for (let n = byId.get(id); n && out.length < 16; n = byId.get(n.parent)) out.push(n.id);
  return out;
}

/** The hops from `a` to `b`, and the NAT each side crosses first (the one on the internet). */
function route(topology: TopologySpec, a: string, b: string) {
  const up = chain(topology, a);
  const down = chain(topology, b);
  const common = up.find((n) => down.includes(n));
  const ups = common ? up.slice(0, up.indexOf(common) + 1) : up;
  const downs = common ? down.slice(0, down.indexOf(common)) : down;
  const nodes = [...ups, ...downs.reverse()].filter((n) => n !== INTERNET);
  const routers = new Set(topology.nodes.filter((n) => n.kind === 'router').map((n) => n.id));
  const outer = (side: string[]) => [...side].reverse().find((n) => routers.has(n));
  return {
    hops: nodes.slice(1).map((to, i) => [nodes[i] as string, to] as const),
    senderNat: common ? undefined : outer(ups.slice(1)),
    receiverNat: common ? undefined : outer(downs),
  };
}

/** A real run as the simulator's views read a recorded one. */
export class RealTimeline implements RunRecord {
  readonly scenario: Scenario;
  readonly events: TraceEvent[] = [];
  readonly limit = undefined;
  /** Per event of the source trace: the index here of the last event drawn from it (0: none). */
  readonly indexOf: number[] = [];
  /** Per event of the source trace: the id its packet has here. */
  readonly packetOf = new Map<number, number>();
  private readonly frames: Frame[];
  private readonly lines = new Map<string, IndexedLine[]>();
  private readonly nats: RealNats;
  private landmarks: Marks | undefined;

  private readonly nodes: ReadonlySet<string>;
  /** The sends of each text, oldest first (a text is usually sent once or a few times). */
  private readonly sent = new Map<string, { id: number; e: Sent }[]>();
  private sends = 0;

  constructor(
    private readonly source: RealRunSource,
    actors: readonly string[],
  ) {
    const topo = source.topology;
    this.scenario = {
      id: source.setup.scenario,
      title: { es: source.setup.scenario, en: source.setup.scenario },
      seed: 0,
      topology: topo,
      actors,
      steps: [],
    };
    for (const a of actors) this.lines.set(a, []);
    this.nats = new RealNats(
      topo.nodes.flatMap((n) => (n.kind === 'router' ? [{ id: n.id, wanIp: n.wanIp }] : [])),
    );
    this.frames = [{ index: 0, now: 0, event: undefined, nats: this.nats.views(), outcomes: [] }];
    this.nodes = new Set(topo.nodes.map((n) => n.id));
    this.sync();
  }

  /**
   * Draws the source's events not drawn yet (a live run grows in place): every step only appends,
   * so a growing run costs its new events, not a redraw.
   */
  sync(): void {
    const trace = this.source.trace;
    const nodes = this.nodes;
    for (let i = this.indexOf.length; i < trace.length; i++) {
      const e = trace[i] as LabEvent;
      for (const x of this.nats.expire(e.t)) this.push(x);
      if (e.type === 'sent' && nodes.has(e.node)) {
        const id = ++this.sends;
        const text = textOf(e.packet);
        this.sent.set(text, [...(this.sent.get(text) ?? []), { id, e }]);
        this.packetOf.set(i, id);
        this.push({ ...e, packet: { ...e.packet, id } });
      } else if (e.type === 'delivered' || e.type === 'dropped') {
        // Real packet ids are per machine: the send is found by its text, as the diff does.
        const s = [...(this.sent.get(textOf(e.packet)) ?? [])]
          .reverse()
          .find((x) => (e.type === 'delivered' ? x.e.node !== e.node : x.e.node === e.node));
        const id = s?.id ?? 100_000 + i;
        this.packetOf.set(i, id);
        if (s && e.type === 'delivered' && nodes.has(e.node)) this.travel(s.e, id, e);
        else if (nodes.has(e.node)) this.push({ ...e, packet: { ...e.packet, id } } as TraceEvent);
      } else if (e.type === 'command' || e.type === 'output') {
        this.push(e);
      }
      this.indexOf[i] = this.events.length;
    }
    this.landmarks = undefined;
  }

  /** The hops, rewrites and delivery of a datagram `sent` that arrived as `got`. */
  private travel(sent: Sent, id: number, got: Extract<LabEvent, { type: 'delivered' }>): void {
    const t = Math.max(got.t, this.frames.at(-1)?.now ?? 0);
    const { hops, senderNat, receiverNat } = route(this.scenario.topology, sent.node, got.node);
    let p: Packet = { ...sent.packet, id };
    const seenFrom = got.packet.src;
    for (const [from, to] of hops) {
      this.push({ type: 'forwarded', t, packet: p, from, to, arriveAt: t });
      if (to === senderNat && !sameEndpoint(p.src, seenFrom)) {
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
        const dst = got.packet.dst;
        const bindingId = this.nats.inbound(to, t, p.dst, p.src);
        const moved = dst.port !== p.dst.port || (dst.ip !== '0.0.0.0' && dst.ip !== p.dst.ip);
        if (moved && bindingId !== undefined) {
          const after = { ...p, dst };
          this.push({
            type: 'translated',
            t,
            node: to,
            direction: 'inbound',
            before: p,
            after,
            bindingId,
          });
          p = after;
        }
      }
    }
    this.push({ ...got, t, packet: { ...got.packet, id } });
  }

  private push(e: TraceEvent): void {
    this.events.push(e);
    const index = this.events.length;
    const prev = this.frames.at(-1) as Frame;
    const changes =
      e.type.startsWith('mapping') || e.type.startsWith('flow') || e.type === 'translated';
    this.frames.push({
      index,
      now: Math.max(prev.now, e.t),
      event: e,
      nats: changes ? this.nats.views() : prev.nats,
      outcomes: [],
    });
    if (e.type === 'command')
      this.lineOf(e.actor).push({ kind: 'command', text: e.text, t: e.t, step: e.step, index });
    else if (e.type === 'output')
      this.lineOf(e.actor).push({ kind: e.stream, text: e.text, t: e.t, index });
  }

  private lineOf(actor: string): IndexedLine[] {
    let lines = this.lines.get(actor);
    if (!lines) this.lines.set(actor, (lines = []));
    return lines;
  }

  get total(): number {
    return this.events.length;
  }

  get marks(): Marks {
    this.landmarks ??= marksOf(this.events);
    return this.landmarks;
  }

  frame(index: number): Frame {
    const i = Math.max(0, Math.min(this.total, Math.trunc(index) || 0));
    return this.frames[i] as Frame;
  }

  terminal(actor: string, index: number): readonly IndexedLine[] {
    return (this.lines.get(actor) ?? []).filter((l) => l.index <= index);
  }

  commandIndices(): number[] {
    return this.marks.commands.map((c) => c.index);
  }

  packetHistory(id: number, index: number): { index: number; event: TraceEvent }[] {
    const out: { index: number; event: TraceEvent }[] = [];
    this.events.slice(0, index).forEach((e, i) => {
      const pid = 'packet' in e ? e.packet.id : e.type === 'translated' ? e.after.id : undefined;
      if (pid === id) out.push({ index: i + 1, event: e });
    });
    return out;
  }
}
