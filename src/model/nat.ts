/**
 * A NAT device (or stateful firewall): translates outbound packets through bindings, filters and
 * translates inbound ones, expires idle state, and reports every decision as trace events.
 *
 *   inside host ──► outbound(): find flow | find binding by mapping key | allocate port ──► outside
 *   inside host ◄── inbound():  exact flow | static forward | binding + filtering | drop  ◄── outside
 */
import type { Endpoint } from './endpoint.ts';
import { formatEndpoint } from './endpoint.ts';
import type { NatPolicy } from './nat-policy.ts';
import { CONNTRACK_STREAM_AFTER_MS, conntrackStyle } from './nat-policy.ts';
import type { Packet } from './packet.ts';
import { withDst, withSrc } from './packet.ts';
import { PortAllocator } from './port-allocator.ts';
import { SmallMap } from './small-map.ts';
import type { Rng } from './rng.ts';
import type { BindingNoteFacts, DropFacts, DropReason, TraceSink } from './trace.ts';
import type { Binding, Flow, Key } from './nat-tables.ts';
import { bindingView, flowView, NatTables } from './nat-tables.ts';

/** A remote no flow uses, to ask whether a port is free toward anyone else. */
const NO_REMOTE: Endpoint = { ip: '0.0.0.0', port: 0 };

/** Settings of one NAT device. */
export interface NatOptions {
  /** Node id used in trace events. */
  readonly node: string;
  /** The address on the outside (WAN) interface. */
  readonly externalIp: string;
  readonly policy: NatPolicy;
  readonly rng: Rng;
  /** Seed for hash-based port choices. */
  readonly seed: number;
  /** Where trace events go; without one, the NAT builds none (the birthday trials). */
  readonly emit?: TraceSink;
}

/** One NAT device's logic and tables. Pure: every call takes `now`. */
export class Nat {
  readonly node: string;
  readonly externalIp: string;
  readonly policy: NatPolicy;
  readonly tables = new NatTables();
  private readonly ports: PortAllocator;
  private readonly emit: TraceSink | undefined;
  private readonly expired: (Binding | Flow)[] = [];
  /** Conntrack-style NATs: the newest binding of each internal endpoint, by its mapping key. */
  private readonly newest = new Map<Key, Binding>();
  /** External ports a static port forward holds. */
  private readonly forwarded: ReadonlySet<number>;

  constructor(opts: NatOptions) {
    this.node = opts.node;
    this.externalIp = opts.externalIp;
    this.policy = opts.policy;
    this.emit = opts.emit;
    this.ports = new PortAllocator(opts.policy, opts.rng, opts.seed);
    this.forwarded = new Set(
      opts.policy.forwards.flatMap((f) => (f.kind === 'port' ? [f.externalPort] : [])),
    );
  }

  /**
   * Translates a packet leaving the inside network. Returns the rewritten packet, or null after
   * emitting a `dropped` event.
   */
  outbound(p: Packet, now: number, direction: 'outbound' | 'hairpin' = 'outbound'): Packet | null {
    this.expire(now);
    const t = this.tables;
    t.version++;
    const remote = p.dst;
    let flow = t.flowInside(p.src, remote);
    if (!flow) {
      const binding = this.bindingFor(p.src, remote, now);
      if (!binding) {
        if (this.emit)
          this.drop(p, now, 'port-exhausted', `no free external port on ${this.externalIp}`, {
            externalIp: this.externalIp,
          });
        return null;
      }
      flow = this.newFlow('nat', 'out', p.src, binding.external, remote, binding, now);
    } else if (flow.origin === 'in') flow.replied = true;
    this.refresh(flow, now, true);
    if (!this.policy.translate) return p;
    return this.translated(p, withSrc(p, flow.external), flow, now, direction);
  }

  /**
   * Handles a packet arriving from outside for `p.dst` (an external endpoint of this NAT, or an
   * inside host when the device does not translate). Returns the packet rewritten for the inside,
   * or null after emitting a `dropped` event.
   */
  inbound(p: Packet, now: number, direction: 'inbound' | 'hairpin' = 'inbound'): Packet | null {
    this.expire(now);
    const t = this.tables;
    t.version++;
    const ext = p.dst;
    const remote = p.src;
    const flow = t.flowOutside(ext.ip, ext.port, remote);
    if (flow) {
      if (flow.origin === 'out') flow.replied = true;
      this.refresh(flow, now, this.policy.inboundRefresh);
      if (flow.kind === 'local') {
        if (this.emit)
          this.drop(
            p,
            now,
            'router-port-closed',
            `${formatEndpoint(remote)} -> ${formatEndpoint(ext)} matched the router's own conntrack entry`,
            { createdState: false },
          );
        return null;
      }
      return this.deliverInside(p, flow, now, direction);
    }
    const forward = this.forwardFor(ext);
    if (forward) {
      const created = this.newFlow('forward', 'in', forward, ext, remote, undefined, now);
      this.refresh(created, now, false);
      return this.deliverInside(p, created, now, direction);
    }
    const candidates = t.bindingsOn(ext);
    if (!this.policy.translate && this.policy.filtering === 'endpoint-independent') {
      // A router that only routes but tracks flows (Linux conntrack) keeps one for this too.
      if (conntrackStyle(this.policy))
        this.refresh(this.newFlow('nat', 'in', ext, ext, remote, undefined, now), now, false);
      return p;
    }
    let reason: DropReason = 'no-mapping';
    if (candidates) {
      for (const b of candidates) {
        const verdict = this.filter(b, remote);
        if (verdict === 'pass') {
          const created = this.newFlow('nat', 'in', b.internal, ext, remote, b, now);
          this.refresh(created, now, this.policy.inboundRefresh);
          return this.deliverInside(p, created, now, direction);
        }
        // Report the closest miss over every mapping sharing this port, whatever their order.
        if (verdict === 'filtered-port' || reason === 'no-mapping') reason = verdict;
      }
    }
    if (this.policy.inboundCreatesState) {
      const local = this.newFlow('local', 'in', ext, ext, remote, undefined, now);
      this.refresh(local, now, false);
      if (this.emit)
        this.drop(
          p,
          now,
          'router-port-closed',
          `${noMapping(remote, ext)}; INPUT accepts it, so the router keeps a conntrack entry that can clash later`,
          { createdState: true },
        );
      return null;
    }
    if (!this.emit) return null;
    const facts = reason === 'no-mapping' ? undefined : { filtering: this.policy.filtering };
    this.drop(p, now, reason, `filtered: ${noMapping(remote, ext)}`, facts);
    return null;
  }

  /**
   * A packet from inside to this NAT's own external address, which it does not hairpin: a
   * conntrack NAT hands it to the router's own stack (where nothing listens) and keeps a local,
   * untranslated entry for it, as the kernel does (the INPUT rule only filters the WAN side);
   * other NATs keep nothing. The caller reports the drop.
   */
  refuseHairpin(p: Packet, now: number): void {
    this.expire(now);
    if (!conntrackStyle(this.policy)) return;
    this.tables.version++;
    const flow =
      this.tables.flowInside(p.src, p.dst) ??
      this.newFlow('local', 'out', p.src, p.src, p.dst, undefined, now);
    this.refresh(flow, now, false);
  }

  /** Expires bindings and flows due at or before `now`, emitting events. */
  expire(now: number): void {
    const t = this.tables;
    if (t.nextDeadline() > now) return;
    const due = this.expired;
    due.length = 0;
    t.flowDeadlines.popDue(now, due as Flow[]);
    for (const f of due as Flow[]) {
      t.removeFlow(f);
      this.emit?.({ type: 'flow-expired', t: now, node: this.node, flow: flowView(f) });
    }
    due.length = 0;
    t.bindingDeadlines.popDue(now, due as Binding[]);
    for (const b of due as Binding[]) {
      for (const f of [...b.flows.values()]) {
        t.removeFlow(f);
        this.emit?.({ type: 'flow-expired', t: now, node: this.node, flow: flowView(f) });
      }
      t.removeBinding(b);
      this.emit?.({ type: 'mapping-expired', t: now, node: this.node, binding: bindingView(b) });
    }
    due.length = 0;
  }

  /** The earliest virtual time at which something may expire (Infinity if nothing can). */
  nextDeadline(): number {
    return this.tables.nextDeadline();
  }

  private deliverInside(
    p: Packet,
    flow: Flow,
    now: number,
    direction: 'inbound' | 'hairpin',
  ): Packet {
    if (!this.policy.translate) return p;
    return this.translated(p, withDst(p, flow.internal), flow, now, direction);
  }

  /** Emits the `translated` event of a rewrite and returns the rewritten packet. */
  private translated(
    before: Packet,
    after: Packet,
    flow: Flow,
    now: number,
    direction: 'outbound' | 'inbound' | 'hairpin',
  ): Packet {
    const bindingId = flow.binding?.id ?? 0;
    this.emit?.({
      type: 'translated',
      t: now,
      node: this.node,
      direction,
      before,
      after,
      bindingId,
    });
    return after;
  }

  /** The key of the binding a flow of `internal` toward `remote` uses, as the mapping says. */
  private mappingKey(internal: Endpoint, remote: Endpoint): Key {
    const t = this.tables;
    const { ip, port } = internal;
    if (this.policy.portAssignment === 'random-per-flow')
      return t.pairKey(ip, port, remote.ip, remote.port);
    switch (this.policy.mapping) {
      case 'endpoint-independent':
        return t.endpointKey(ip, port);
      case 'address-dependent':
        // Port 0 stands for "any port of that address"; one NAT uses one of these key forms.
        return t.pairKey(ip, port, remote.ip, 0);
      case 'address-port-dependent':
        return t.pairKey(ip, port, remote.ip, remote.port);
      default: {
        const never: never = this.policy.mapping;
        return never;
      }
    }
  }

  /** The binding a new flow uses: existing, new, or a clash binding on another port. */
  private bindingFor(internal: Endpoint, remote: Endpoint, now: number): Binding | undefined {
    const t = this.tables;
    const key = this.mappingKey(internal, remote);
    const existing = t.bindingsByKey.get(key);
    if (!this.policy.translate) {
      return existing ?? this.newBinding(key, internal, internal, undefined, now, undefined);
    }
    const p = this.policy;
    if (
      conntrackStyle(p) &&
      p.portAssignment === 'preserve' &&
      p.mapping === 'endpoint-independent'
    )
      return this.conntrackBinding(key, internal, remote, now);
    const keyRemote =
      this.policy.mapping === 'endpoint-independent' &&
      this.policy.portAssignment !== 'random-per-flow'
        ? undefined
        : remote;
    if (existing) {
      const holder = t.flowOutside(existing.external.ip, existing.external.port, remote);
      if (!holder) return existing;
      const port = this.ports.onClash(existing.external.port, remote, this.free);
      if (port === undefined) return undefined;
      return this.newBinding(
        clashKey(key, remote),
        internal,
        { ip: this.externalIp, port },
        remote,
        now,
        this.clashNote(existing.external.port, remote),
      );
    }
    const port = this.ports.choose(internal, remote, this.free);
    if (port === undefined) return undefined;
    const external = { ip: this.externalIp, port };
    if (this.policy.portAssignment !== 'preserve' || port === internal.port)
      return this.newBinding(key, internal, external, keyRemote, now, undefined);
    const note = this.clashNote(internal.port, remote);
    // Held only toward this remote (a conntrack tuple clash): like conntrack, which NATs each
    // flow on its own, only this flow moves; later flows toward other remotes keep the port.
    const wanted = internal.port;
    const [lo, hi] = this.policy.portRange;
    const heldOnlyHere =
      wanted >= lo &&
      wanted <= hi &&
      this.tables.flowOutside(this.externalIp, wanted, remote) !== undefined &&
      this.free(wanted, NO_REMOTE);
    if (heldOnlyHere)
      return this.newBinding(clashKey(key, remote), internal, external, remote, now, note);
    return this.newBinding(key, internal, external, keyRemote, now, note);
  }

  /**
   * The binding of a new flow on a conntrack NAT (Linux MASQUERADE, nf_nat's get_unique_tuple,
   * measured by `agujero verify`'s clash cases): each flow is translated on its own, taking the
   * internal endpoint's newest mapping when that external endpoint is still unique toward
   * `remote`, else the internal port when it is, else the clash rule. So a port held toward one
   * remote moves only that flow, and the flows that follow reuse the port it moved to.
   */
  private conntrackBinding(
    key: Key,
    internal: Endpoint,
    remote: Endpoint,
    now: number,
  ): Binding | undefined {
    const main = this.tables.bindingsByKey.get(key);
    const latest = this.newest.get(key);
    const candidate = latest && !latest.dead ? latest : main;
    if (candidate && this.free(candidate.external.port, remote)) return candidate;
    const port = this.ports.choose(internal, remote, this.free);
    if (port === undefined) return undefined;
    const external = { ip: this.externalIp, port };
    const wanted = candidate?.external.port ?? internal.port;
    const note = port === wanted ? undefined : this.clashNote(wanted, remote);
    const b = main
      ? this.newBinding(clashKey(key, remote), internal, external, remote, now, note)
      : this.newBinding(key, internal, external, undefined, now, note);
    this.newest.set(key, b);
    return b;
  }

  /** Why `wanted` could not carry a new flow toward `remote`. */
  private clashNote(wanted: number, remote: Endpoint): BindingNoteFacts {
    const [lo, hi] = this.policy.portRange;
    if (wanted < lo || wanted > hi) return { kind: 'out-of-range', wanted, range: [lo, hi] };
    const ext = { ip: this.externalIp, port: wanted };
    const holder = this.tables.flowOutside(ext.ip, ext.port, remote);
    if (!holder) return { kind: 'taken', wanted };
    return {
      kind: 'clash',
      wanted: ext,
      remote,
      holder: holder.kind === 'local' ? 'local' : 'flow',
    };
  }

  /** Whether `port` may carry a new flow toward `remote`. */
  private readonly free = (port: number, remote: Endpoint): boolean => {
    const t = this.tables;
    if (t.flowOutside(this.externalIp, port, remote)) return false;
    if (this.forwarded.has(port)) return false;
    return this.policy.portOverloading || !t.portUse.has(port);
  };

  private forwardFor(ext: Endpoint): Endpoint | undefined {
    if (!this.policy.translate || ext.ip !== this.externalIp) return undefined;
    let dmz: Endpoint | undefined;
    for (const f of this.policy.forwards) {
      if (f.kind === 'port' && f.externalPort === ext.port)
        return { ip: f.internalIp, port: f.internalPort };
      if (f.kind === 'dmz') dmz = { ip: f.internalIp, port: ext.port };
    }
    return dmz;
  }

  private filter(b: Binding, remote: Endpoint): 'pass' | 'filtered-address' | 'filtered-port' {
    const f = this.policy.filtering;
    if (f === 'endpoint-independent') return 'pass';
    let sameIp = false;
    for (const flow of b.flows.values()) {
      if (flow.origin !== 'out' || flow.remote.ip !== remote.ip) continue;
      if (f === 'address-dependent' || flow.remote.port === remote.port) return 'pass';
      sameIp = true;
    }
    return sameIp ? 'filtered-port' : 'filtered-address';
  }

  private newBinding(
    key: Key,
    internal: Endpoint,
    external: Endpoint,
    keyRemote: Endpoint | undefined,
    now: number,
    note: BindingNoteFacts | undefined,
  ): Binding {
    const b: Binding = {
      id: this.tables.id(),
      key,
      internal,
      external,
      keyRemote,
      createdAt: now,
      expiresAt: now + this.policy.lifetimeMs,
      dead: false,
      note,
      flows: new SmallMap(),
    };
    this.tables.addBinding(b);
    this.emit?.({ type: 'mapping-created', t: now, node: this.node, binding: bindingView(b) });
    return b;
  }

  private newFlow(
    kind: Flow['kind'],
    origin: Flow['origin'],
    internal: Endpoint,
    external: Endpoint,
    remote: Endpoint,
    binding: Binding | undefined,
    now: number,
  ): Flow {
    const f: Flow = {
      id: this.tables.id(),
      kind,
      origin,
      internal,
      external,
      remote,
      createdAt: now,
      expiresAt: now + this.policy.lifetimeMs,
      replied: false,
      dead: false,
      binding,
    };
    this.tables.addFlow(f);
    this.emit?.({ type: 'flow-created', t: now, node: this.node, flow: flowView(f) });
    return f;
  }

  /** Extends a flow's life and, when `bindingToo`, its binding's. */
  private refresh(f: Flow, now: number, bindingToo: boolean): void {
    const stream =
      f.replied && (!conntrackStyle(this.policy) || now - f.createdAt > CONNTRACK_STREAM_AFTER_MS);
    f.expiresAt = now + (stream ? this.policy.streamLifetimeMs : this.policy.lifetimeMs);
    const b = f.binding;
    if (!b || !bindingToo) return;
    if (f.expiresAt > b.expiresAt) {
      b.expiresAt = f.expiresAt;
      this.emit?.({
        type: 'mapping-refreshed',
        t: now,
        node: this.node,
        bindingId: b.id,
        expiresAt: b.expiresAt,
      });
    }
  }

  private drop(
    p: Packet,
    now: number,
    reason: DropReason,
    detail: string,
    facts?: DropFacts,
  ): void {
    this.emit?.({
      type: 'dropped',
      t: now,
      node: this.node,
      packet: p,
      reason,
      detail,
      ...(facts && { facts }),
    });
  }
}

/** The key of a binding held only toward `remote` (after a clash): never a number key. */
function clashKey(key: Key, remote: Endpoint): string {
  return `${key}#${formatEndpoint(remote)}`;
}

/** Why an inbound packet found no way in, for a drop's detail. */
function noMapping(remote: Endpoint, ext: Endpoint): string {
  return `no mapping permits ${formatEndpoint(remote)} -> ${formatEndpoint(ext)}`;
}
