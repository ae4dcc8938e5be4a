/**
 * A real NAT's tables as far as a lab run shows them. The lab cannot read the routers' state, so
 * the tables are inferred from the datagrams: when the receiver saw a sender's datagram come from
 * another address or port than the sender sent from, the sender's NAT holds that mapping (its
 * internal and external endpoints, and the remote it was sent to, as a conntrack entry would);
 * a datagram that arrived through a NAT at one of its mappings used it. A mapping is taken to live
 * Linux conntrack's default UDP timeouts (30 s, 120 s once the remote answered) after its last
 * use: the lab's NATs are Linux, and the real expiry is not observed.
 *
 *   alice (192.168.1.10:53333) ──► alice-nat ──► server sees 192.0.2.113:53333
 *   => alice-nat: 192.168.1.10:53333 ⇄ 192.0.2.113:53333, sent to the server's endpoint
 */
import { sameEndpoint } from '../model/endpoint.ts';
import type { Endpoint } from '../model/endpoint.ts';
import type { NatView } from '../model/network.ts';
import type { BindingView, FlowView, TraceEvent } from '../model/trace.ts';

/** Linux conntrack's UDP timeouts (nf_conntrack_udp_timeout, _stream), in ms. */
export const UDP_TIMEOUT_MS = 30_000;
export const UDP_STREAM_TIMEOUT_MS = 120_000;

interface Mapping {
  binding: BindingView;
  flows: FlowView[];
}

/** The inferred tables of every router of a topology, updated datagram by datagram. */
export class RealNats {
  private readonly maps = new Map<string, Mapping[]>();
  private readonly external = new Map<string, string>();
  /** Each router's last view, rebuilt only after its tables changed. */
  private readonly cache = new Map<string, NatView>();
  /** The earliest expiry of any mapping (expire() does nothing before it). */
  private soonest = Infinity;
  private nextId = 1;

  constructor(private readonly routers: readonly { id: string; wanIp: string }[]) {
    for (const r of routers) this.maps.set(r.id, []);
  }

  /** Mappings whose estimated lifetime ended by `t`, removed; their `mapping-expired` events. */
  expire(t: number): TraceEvent[] {
    const out: TraceEvent[] = [];
    if (t < this.soonest) return out;
    this.soonest = Infinity;
    for (const [node, list] of this.maps) {
      const kept = list.filter((m) => {
        if (m.binding.expiresAt > t) {
          this.soonest = Math.min(this.soonest, m.binding.expiresAt);
          return true;
        }
        out.push({ type: 'mapping-expired', t: m.binding.expiresAt, node, binding: m.binding });
        return false;
      });
      if (kept.length !== list.length) this.cache.delete(node);
      this.maps.set(node, kept);
    }
    return out;
  }

  /**
   * An outbound datagram left `router` from `internal` to `remote` and was seen coming from
   * `external`: the mapping it used (created or refreshed), with the events that say so.
   */
  outbound(
    router: string,
    t: number,
    internal: Endpoint,
    external: Endpoint,
    remote: Endpoint,
  ): { bindingId: number; events: TraceEvent[] } {
    const list = this.maps.get(router) ?? [];
    this.external.set(router, external.ip);
    this.cache.delete(router);
    this.soonest = Math.min(this.soonest, t + UDP_TIMEOUT_MS);
    let m = list.find(
      (x) =>
        sameEndpoint(x.binding.internal, internal) && sameEndpoint(x.binding.external, external),
    );
    const events: TraceEvent[] = [];
    if (!m) {
      const binding: BindingView = {
        id: this.nextId++,
        internal,
        external,
        createdAt: t,
        expiresAt: t + UDP_TIMEOUT_MS,
        remotes: [remote],
      };
      m = { binding, flows: [] };
      list.push(m);
      this.maps.set(router, list);
      events.push({ type: 'mapping-created', t, node: router, binding });
    } else {
      const remotes = m.binding.remotes.some((r) => sameEndpoint(r, remote))
        ? m.binding.remotes
        : [...m.binding.remotes, remote];
      m.binding = {
        ...m.binding,
        remotes,
        expiresAt: Math.max(m.binding.expiresAt, t + UDP_TIMEOUT_MS),
      };
      events.push({
        type: 'mapping-refreshed',
        t,
        node: router,
        bindingId: m.binding.id,
        expiresAt: m.binding.expiresAt,
      });
    }
    if (!m.flows.some((f) => sameEndpoint(f.remote, remote))) {
      const flow: FlowView = {
        id: this.nextId++,
        kind: 'nat',
        origin: 'out',
        original: { src: internal, dst: remote },
        reply: { src: remote, dst: external },
        internal,
        external,
        remote,
        createdAt: t,
        expiresAt: t + UDP_TIMEOUT_MS,
        replied: false,
        bindingId: m.binding.id,
      };
      m.flows.push(flow);
      events.push({ type: 'flow-created', t, node: router, flow });
    }
    return { bindingId: m.binding.id, events };
  }

  /**
   * A datagram from `remote` reached `external` on `router` and was delivered inside: the mapping
   * it came through, if one is known (its flow toward `remote` now counts as answered).
   */
  inbound(
    router: string,
    t: number,
    external: Endpoint,
    remote: Endpoint,
  ): BindingView | undefined {
    const m = (this.maps.get(router) ?? []).find((x) => x.binding.external.port === external.port);
    if (!m) return undefined;
    this.cache.delete(router);
    const until = t + UDP_STREAM_TIMEOUT_MS;
    m.flows = m.flows.map((f) =>
      sameEndpoint(f.remote, remote) ? { ...f, replied: true, expiresAt: until } : f,
    );
    if (m.flows.some((f) => f.replied))
      m.binding = { ...m.binding, expiresAt: Math.max(m.binding.expiresAt, until) };
    return m.binding;
  }

  /** Whether `router` holds a mapping on external port `port`. */
  holds(router: string, port: number): boolean {
    return (this.maps.get(router) ?? []).some((m) => m.binding.external.port === port);
  }

  /** Every router's tables now, in the topology's order. */
  views(): NatView[] {
    return this.routers.map((r) => {
      const cached = this.cache.get(r.id);
      if (cached) return cached;
      const list = this.maps.get(r.id) ?? [];
      const view = {
        node: r.id,
        externalIp: this.external.get(r.id) ?? r.wanIp,
        bindings: list.map((m) => m.binding),
        flows: list.flatMap((m) => m.flows),
      };
      this.cache.set(r.id, view);
      return view;
    });
  }
}
