/**
 * The state of one NAT: bindings (the RFC 4787 view) and flows (the conntrack view), with the
 * indices that make every lookup O(1) and the deadline queue that expires them.
 */
import type { Endpoint } from './endpoint.ts';
import { endpointKey } from './endpoint.ts';
import type { BindingNoteFacts, BindingView, FlowView } from './trace.ts';
import { bindingNoteText } from './trace.ts';
import { DeadlineQueue } from './deadline-queue.ts';

/** A mutable binding; exposed only through BindingView snapshots. */
export interface Binding {
  readonly id: number;
  readonly key: string;
  readonly internal: Endpoint;
  readonly external: Endpoint;
  readonly keyRemote: Endpoint | undefined;
  readonly createdAt: number;
  expiresAt: number;
  dead: boolean;
  readonly note: BindingNoteFacts | undefined;
  /** Flows of this binding by remote key. */
  readonly flows: Map<string, Flow>;
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

/** Key of a flow as seen from inside: internal endpoint and remote. */
export function insideKey(internal: Endpoint, remote: Endpoint): string {
  return `${internal.ip}:${internal.port}>${remote.ip}:${remote.port}`;
}

/** Key of a flow as seen from outside (conntrack's reply tuple): external endpoint and remote. */
export function outsideKey(external: Endpoint, remote: Endpoint): string {
  return `${external.ip}:${external.port}<${remote.ip}:${remote.port}`;
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

/** Bindings and flows of one NAT with their indices. */
export class NatTables {
  readonly bindingsByKey = new Map<string, Binding>();
  /** Bindings by external endpoint key; several only with port overloading. */
  readonly bindingsByExternal = new Map<string, Binding[]>();
  readonly flowsInside = new Map<string, Flow>();
  readonly flowsOutside = new Map<string, Flow>();
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

  /** Allocates an id for a new binding or flow. */
  id(): number {
    return this.nextId++;
  }

  addBinding(b: Binding): void {
    this.version++;
    this.bindingsByKey.set(b.key, b);
    const k = endpointKey(b.external);
    const list = this.bindingsByExternal.get(k);
    if (list) list.push(b);
    else this.bindingsByExternal.set(k, [b]);
    this.portUse.set(b.external.port, (this.portUse.get(b.external.port) ?? 0) + 1);
    this.bindingDeadlines.add(b);
  }

  removeBinding(b: Binding): void {
    this.version++;
    b.dead = true;
    if (this.bindingsByKey.get(b.key) === b) this.bindingsByKey.delete(b.key);
    const k = endpointKey(b.external);
    const list = this.bindingsByExternal.get(k);
    if (list) {
      const rest = list.filter((x) => x !== b);
      if (rest.length > 0) this.bindingsByExternal.set(k, rest);
      else this.bindingsByExternal.delete(k);
    }
    const use = (this.portUse.get(b.external.port) ?? 1) - 1;
    if (use > 0) this.portUse.set(b.external.port, use);
    else this.portUse.delete(b.external.port);
  }

  addFlow(f: Flow): void {
    this.version++;
    if (f.kind !== 'local') this.flowsInside.set(insideKey(f.internal, f.remote), f);
    this.flowsOutside.set(outsideKey(f.external, f.remote), f);
    f.binding?.flows.set(endpointKey(f.remote), f);
    this.flowDeadlines.add(f);
  }

  removeFlow(f: Flow): void {
    this.version++;
    f.dead = true;
    const ik = insideKey(f.internal, f.remote);
    if (this.flowsInside.get(ik) === f) this.flowsInside.delete(ik);
    const ok = outsideKey(f.external, f.remote);
    if (this.flowsOutside.get(ok) === f) this.flowsOutside.delete(ok);
    const rk = endpointKey(f.remote);
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
