/**
 * Which binding (mapping) a NAT's new outbound flow uses: the RFC 4787 mapping key of the flow,
 * an existing binding under that key, a new one on the port the allocator picks, or, when the
 * wanted port is held toward that remote, a clash binding on another port; Linux conntrack's own
 * choice (nf_nat's get_unique_tuple); and the note explaining why a binding did not get the port
 * it wanted. Owns the port allocator, the ports static forwards hold, and conntrack's newest
 * binding of each internal endpoint. Creating the binding is the Nat's (it emits the event).
 *
 *   new flow internal -> remote ──► mappingKey ──► existing binding, free toward remote? ──► use it
 *                                                 └► else PortAllocator.choose / onClash ──► new
 */
import type { Endpoint } from './endpoint.ts';
import { formatEndpoint } from './endpoint.ts';
import type { NatPolicy } from './nat-policy.ts';
import { conntrackStyle } from './nat-policy.ts';
import { PortAllocator } from './port-allocator.ts';
import type { Rng } from './rng.ts';
import type { BindingNoteFacts } from './trace.ts';
import type { Binding, Key, NatTables } from './nat-tables.ts';

/** A remote no flow uses, to ask whether a port is free toward anyone else. */
const NO_REMOTE: Endpoint = { ip: '0.0.0.0', port: 0 };

/** Creates, stores and reports a binding (the Nat's `newBinding`). */
export type MakeBinding = (
  key: Key,
  internal: Endpoint,
  external: Endpoint,
  keyRemote: Endpoint | undefined,
  now: number,
  note: BindingNoteFacts | undefined,
) => Binding;

/** One NAT's choice of binding for each new outbound flow. Pure: every call takes `now`. */
export class BindingChooser {
  private readonly ports: PortAllocator;
  /** Conntrack-style NATs: the newest binding of each internal endpoint, by its mapping key. */
  private readonly newest = new Map<Key, Binding>();
  /** External ports a static port forward holds. */
  private readonly forwarded: ReadonlySet<number>;

  constructor(
    private readonly tables: NatTables,
    private readonly policy: NatPolicy,
    private readonly externalIp: string,
    rng: Rng,
    seed: number,
    private readonly newBinding: MakeBinding,
  ) {
    this.ports = new PortAllocator(policy, rng, seed);
    this.forwarded = new Set(
      policy.forwards.flatMap((f) => (f.kind === 'port' ? [f.externalPort] : [])),
    );
  }

  /** The binding a new flow uses: existing, new, or a clash binding on another port. */
  bindingFor(internal: Endpoint, remote: Endpoint, now: number): Binding | undefined {
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
}

/** The key of a binding held only toward `remote` (after a clash): never a number key. */
function clashKey(key: Key, remote: Endpoint): string {
  return `${key}#${formatEndpoint(remote)}`;
}
