/**
 * The state of one NAT: bindings (the RFC 4787 view) and flows (the conntrack view), with the
 * indices that make every lookup O(1) and the deadline queue that expires them.
 *
 * The indices are keyed by numbers, not "ip:port" strings: the tables number each address they
 * store (1, 2, ...), an endpoint is `address number * 65536 + port` and a pair of endpoints packs
 * both into one safe integer, so a lookup builds no string. Past the 1,023rd address (or for a
 * port outside 0-65535) a key falls back to a string, which never equals a number key.
 */
import type { Endpoint } from './endpoint.ts';
import type { BindingNoteFacts, BindingView, FlowView } from './trace.ts';
import { bindingNoteText } from './trace.ts';
import { DeadlineQueue } from './deadline-queue.ts';
import type { SmallMap } from './small-map.ts';

/** A key of the tables' indices (see the file comment). */
export type Key = number | string;

/** A mutable binding; exposed only through BindingView snapshots. */
export interface Binding {
  readonly id: number;
  /** Its mapping key (NatTables.endpointKey or pairKey, or a string for a clash binding). */
  readonly key: Key;
  readonly internal: Endpoint;
  readonly external: Endpoint;
  readonly keyRemote: Endpoint | undefined;
  readonly createdAt: number;
  expiresAt: number;
  dead: boolean;
  readonly note: BindingNoteFacts | undefined;
  /** Flows of this binding by remote key (NatTables.endpointKey); a Map past the first. */
  readonly flows: SmallMap<Key, Flow>;
}

/** A mutable flow; exposed only through FlowView snapshots. */
export interface Flow {
  readonly id: number;
  readonly kind: FlowView['kind'];
  /** Which side sent the first packet. */
  readonly origin: 'out' | 'in';
  readonly internal: Endpoint;
  readonly external: Endpoint;
  readonly remote: Endpoint;
  readonly createdAt: number;
  expiresAt: number;
  replied: boolean;
  dead: boolean;
  readonly binding: Binding | undefined;
}

/** Snapshot of a binding. */
export function bindingView(b: Binding): BindingView {
  const remotes: Endpoint[] = [];
  for (const f of b.flows.values()) if (f.origin === 'out') remotes.push(f.remote);
  return {
    id: b.id,
    internal: b.internal,
    external: b.external,
    keyRemote: b.keyRemote,
    createdAt: b.createdAt,
    expiresAt: b.expiresAt,
    remotes,
    note: b.note && bindingNoteText(b.note, b.external.port),
    noteFacts: b.note,
  };
}

/**
 * The conntrack tuples of a flow: the first packet as it arrived (original) and the packet that
 * answers it (reply, the original's inverse after NAT), as `conntrack -L` prints them.
 *
 *   out: original internal -> remote,  reply remote -> external
 *   in:  original remote -> external,  reply internal -> remote  (internal: host or DNAT target)
 */
export function flowTuples(
  f: Pick<Flow, 'origin' | 'internal' | 'external' | 'remote'>,
): Pick<FlowView, 'original' | 'reply'> {
  return f.origin === 'out'
    ? { original: { src: f.internal, dst: f.remote }, reply: { src: f.remote, dst: f.external } }
    : { original: { src: f.remote, dst: f.external }, reply: { src: f.internal, dst: f.remote } };
}

/** Snapshot of a flow. */
export function flowView(f: Flow): FlowView {
  return {
    id: f.id,
    kind: f.kind,
    origin: f.origin,
    ...flowTuples(f),
    internal: f.internal,
    external: f.external,
    remote: f.remote,
    createdAt: f.createdAt,
    expiresAt: f.expiresAt,
    replied: f.replied,
    bindingId: f.binding?.id,
  };
}

/**
 * A flow as one line of `conntrack -L -p udp` prints it (original tuple, then reply tuple),
 * with the seconds it has left at `now`:
 *
 *   udp      17 29 src=192.168.1.10 dst=54.93.249.162 sport=58888 dport=9000 [UNREPLIED]
 *     src=54.93.249.162 dst=54.93.229.24 sport=9000 dport=58888 mark=0 use=1   (one line)
 */
export function conntrackLine(f: FlowView, now: number): string {
  const tuple = (t: FlowView['original']) =>
    `src=${t.src.ip} dst=${t.dst.ip} sport=${t.src.port} dport=${t.dst.port}`;
  const secs = Math.max(0, Math.ceil((f.expiresAt - now) / 1000));
  return [
    `udp      17 ${secs}`,
    tuple(f.original),
    ...(f.replied ? [] : ['[UNREPLIED]']),
    tuple(f.reply),
    ...(f.replied ? ['[ASSURED]'] : []),
    'mark=0 use=1',
  ].join(' ');
}

/** Addresses numbered 1-1,023 give number keys; later ones string keys. */
const NUMBERED = 1024;
const isPort = (port: number): boolean => (port & 0xffff) === port;

/** Bindings and flows of one NAT with their indices. */
export class NatTables {
  readonly bindingsByKey = new Map<Key, Binding>();
  /**
   * Bindings by external endpoint key, oldest first: one binding alone (no array for the common
   * case), several only with port overloading.
   */
  readonly bindingsByExternal = new Map<Key, Binding | Binding[]>();
  /** Flows by (internal, remote) pair key. */
  readonly flowsInside = new Map<Key, Flow>();
  /** Flows by (external, remote) pair key: conntrack's reply tuple. */
  readonly flowsOutside = new Map<Key, Flow>();
  /** How many live bindings use each external port. */
  readonly portUse = new Map<number, number>();
  readonly bindingDeadlines = new DeadlineQueue<Binding>();
  readonly flowDeadlines = new DeadlineQueue<Flow>();
  /**
   * Bumped on every change a snapshot could show (entries added or removed, a packet handled,
   * which may refresh lifetimes), so views of an unchanged table can be reused.
   */
  version = 0;
  private nextId = 1;
  /** Every address the tables ever stored, numbered from 1 (kept: keys must not change). */
  private readonly addresses = new Map<string, number>();

  /** Allocates an id for a new binding or flow. */
  id(): number {
    return this.nextId++;
  }

  /** The number of `ip`, numbering it when `add`; 0 when it has none (nothing stored has it). */
  private address(ip: string, add: boolean): number {
    const n = this.addresses.get(ip);
    if (n !== undefined || !add) return n ?? 0;
    const next = this.addresses.size + 1;
    this.addresses.set(ip, next);
    return next;
  }

  /** The key of endpoint ip:port, numbering the address. */
  endpointKey(ip: string, port: number): Key {
    return this.endpoint(this.address(ip, true), ip, port);
  }

  private endpoint(a: number, ip: string, port: number): Key {
    return a < NUMBERED && isPort(port) ? a * 65_536 + port : `${ip}:${port}`;
  }

  /** The key of the pair (ipA:portA, ipB:portB), numbering both addresses. */
  pairKey(ipA: string, portA: number, ipB: string, portB: number): Key {
    return this.pair(this.address(ipA, true), portA, this.address(ipB, true), ipA, portB, ipB);
  }

  /** The key of a stored pair, or undefined when no stored entry can have it. */
  private storedPair(ipA: string, portA: number, ipB: string, portB: number): Key | undefined {
    const a = this.address(ipA, false);
    const b = a === 0 ? 0 : this.address(ipB, false);
    return b === 0 ? undefined : this.pair(a, portA, b, ipA, portB, ipB);
  }

  private pair(a: number, portA: number, b: number, ipA: string, portB: number, ipB: string): Key {
    if (a < NUMBERED && b < NUMBERED && isPort(portA) && isPort(portB))
      return ((a * 65_536 + portA) * NUMBERED + b) * 65_536 + portB;
    return `${ipA}:${portA}>${ipB}:${portB}`;
  }

  /** The flow of `internal` toward `remote`, as the inside sees it. */
  flowInside(internal: Endpoint, remote: Endpoint): Flow | undefined {
    const k = this.storedPair(internal.ip, internal.port, remote.ip, remote.port);
    return k === undefined ? undefined : this.flowsInside.get(k);
  }

  /** The flow whose reply tuple is `remote` -> extIp:extPort (conntrack's lookup). */
  flowOutside(extIp: string, extPort: number, remote: Endpoint): Flow | undefined {
    const k = this.storedPair(extIp, extPort, remote.ip, remote.port);
    return k === undefined ? undefined : this.flowsOutside.get(k);
  }

  /** The live bindings on external endpoint `ext`. */
  bindingsOn(ext: Endpoint): readonly Binding[] | undefined {
    const a = this.address(ext.ip, false);
    const on =
      a === 0 ? undefined : this.bindingsByExternal.get(this.endpoint(a, ext.ip, ext.port));
    return on === undefined || Array.isArray(on) ? on : [on];
  }

  addBinding(b: Binding): void {
    this.version++;
    this.bindingsByKey.set(b.key, b);
    const k = this.endpointKey(b.external.ip, b.external.port);
    const on = this.bindingsByExternal.get(k);
    if (on === undefined) this.bindingsByExternal.set(k, b);
    else if (Array.isArray(on)) on.push(b);
    else this.bindingsByExternal.set(k, [on, b]);
    this.portUse.set(b.external.port, (this.portUse.get(b.external.port) ?? 0) + 1);
    this.bindingDeadlines.add(b);
  }

  removeBinding(b: Binding): void {
    this.version++;
    b.dead = true;
    if (this.bindingsByKey.get(b.key) === b) this.bindingsByKey.delete(b.key);
    const k = this.endpointKey(b.external.ip, b.external.port);
    const on = this.bindingsByExternal.get(k);
    if (on === b) this.bindingsByExternal.delete(k);
    else if (Array.isArray(on)) {
      const rest = on.filter((x) => x !== b);
      if (rest.length > 0) this.bindingsByExternal.set(k, rest);
      else this.bindingsByExternal.delete(k);
    }
    const use = (this.portUse.get(b.external.port) ?? 1) - 1;
    if (use > 0) this.portUse.set(b.external.port, use);
    else this.portUse.delete(b.external.port);
  }

  addFlow(f: Flow): void {
    this.version++;
    const { internal, external, remote } = f;
    if (f.kind !== 'local')
      this.flowsInside.set(this.pairKey(internal.ip, internal.port, remote.ip, remote.port), f);
    this.flowsOutside.set(this.pairKey(external.ip, external.port, remote.ip, remote.port), f);
    f.binding?.flows.set(this.endpointKey(remote.ip, remote.port), f);
    this.flowDeadlines.add(f);
  }

  removeFlow(f: Flow): void {
    this.version++;
    f.dead = true;
    const { internal, external, remote } = f;
    const ik = this.pairKey(internal.ip, internal.port, remote.ip, remote.port);
    if (this.flowsInside.get(ik) === f) this.flowsInside.delete(ik);
    const ok = this.pairKey(external.ip, external.port, remote.ip, remote.port);
    if (this.flowsOutside.get(ok) === f) this.flowsOutside.delete(ok);
    const rk = this.endpointKey(remote.ip, remote.port);
    if (f.binding && f.binding.flows.get(rk) === f) f.binding.flows.delete(rk);
  }

  /** The earliest time something may expire. */
  nextDeadline(): number {
    return Math.min(this.bindingDeadlines.peekTime(), this.flowDeadlines.peekTime());
  }

  /** Live bindings, oldest first. */
  bindings(): Binding[] {
    return [...this.bindingsByKey.values()].sort((a, b) => a.id - b.id);
  }

  /** Live flows, oldest first. */
  flows(): Flow[] {
    return [...this.flowsOutside.values()].sort((a, b) => a.id - b.id);
  }
}
