/**
 * A NAT device (or stateful firewall): translates outbound packets through bindings, filters and
 * translates inbound ones, expires idle state, and reports every decision as trace events.
 *
 *   inside host ──► outbound(): find flow | find binding by mapping key | allocate port ──► outside
 *   inside host ◄── inbound():  exact flow | static forward | binding + filtering | drop  ◄── outside
 */
import { BindingChooser } from './nat-binding-choice.ts';
import { NatLifecycle } from './nat-lifecycle.ts';
import type { NatPolicy } from './nat-policy.ts';
import { conntrackStyle } from './nat-policy.ts';
import {
  exhaustedDetail,
  filteredDetail,
  filterVerdict,
  forwardTarget,
  localEntryDetail,
  ownEntryDetail,
} from './nat-verdicts.ts';
import type { Packet } from './packet.ts';
import { withDst, withSrc } from './packet.ts';
import type { Rng } from './rng.ts';
import type { DropFacts, DropReason, TraceSink } from './trace.ts';
import type { Flow } from './nat-tables.ts';
import { NatTables } from './nat-tables.ts';

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
  private readonly emit: TraceSink | undefined;
  /** Creates, refreshes and expires the bindings and flows in `tables`. */
  private readonly life: NatLifecycle;
  /** Picks the binding of each new outbound flow (mapping key, port choice, clash rules). */
  private readonly chooser: BindingChooser;

  constructor(opts: NatOptions) {
    this.node = opts.node;
    this.externalIp = opts.externalIp;
    this.policy = opts.policy;
    this.emit = opts.emit;
    this.life = new NatLifecycle(this.tables, opts.policy, opts.node, opts.emit);
    this.chooser = new BindingChooser(
      this.tables,
      opts.policy,
      opts.externalIp,
      opts.rng,
      opts.seed,
      this.life.newBinding,
    );
  }

  /**
   * Translates a packet leaving the inside network. Returns the rewritten packet, or null after
   * emitting a `dropped` event.
   */
  outbound(p: Packet, now: number, direction: 'outbound' | 'hairpin' = 'outbound'): Packet | null {
    this.life.expire(now);
    const t = this.tables;
    t.version++;
    const remote = p.dst;
    let flow = t.flowInside(p.src, remote);
    if (!flow) {
      const binding = this.chooser.bindingFor(p.src, remote, now);
      if (!binding) {
        if (this.emit)
          this.drop(p, now, 'port-exhausted', exhaustedDetail(this.externalIp), {
            externalIp: this.externalIp,
          });
        return null;
      }
      flow = this.life.newFlow('nat', 'out', p.src, binding.external, remote, binding, now);
    } else if (flow.origin === 'in') flow.replied = true;
    this.life.refresh(flow, now, true);
    if (!this.policy.translate) return p;
    return this.translated(p, withSrc(p, flow.external), flow, now, direction);
  }

  /**
   * Handles a packet arriving from outside for `p.dst` (an external endpoint of this NAT, or an
   * inside host when the device does not translate). Returns the packet rewritten for the inside,
   * or null after emitting a `dropped` event.
   */
  inbound(p: Packet, now: number, direction: 'inbound' | 'hairpin' = 'inbound'): Packet | null {
    this.life.expire(now);
    const t = this.tables;
    t.version++;
    const ext = p.dst;
    const remote = p.src;
    const flow = t.flowOutside(ext.ip, ext.port, remote);
    if (flow) {
      if (flow.origin === 'out') flow.replied = true;
      this.life.refresh(flow, now, this.policy.inboundRefresh);
      if (flow.kind === 'local') {
        if (this.emit)
          this.drop(p, now, 'router-port-closed', ownEntryDetail(remote, ext), {
            createdState: false,
          });
        return null;
      }
      return this.deliverInside(p, flow, now, direction);
    }
    const forward = forwardTarget(this.policy, this.externalIp, ext);
    if (forward) {
      const created = this.life.newFlow('forward', 'in', forward, ext, remote, undefined, now);
      this.life.refresh(created, now, false);
      return this.deliverInside(p, created, now, direction);
    }
    const candidates = t.bindingsOn(ext);
    if (!this.policy.translate && this.policy.filtering === 'endpoint-independent') {
      // A router that only routes but tracks flows (Linux conntrack) keeps one for this too.
      if (conntrackStyle(this.policy)) {
        const routed = this.life.newFlow('nat', 'in', ext, ext, remote, undefined, now);
        this.life.refresh(routed, now, false);
      }
      return p;
    }
    let reason: DropReason = 'no-mapping';
    if (candidates) {
      for (const b of candidates) {
        const verdict = filterVerdict(this.policy.filtering, b, remote);
        if (verdict === 'pass') {
          const created = this.life.newFlow('nat', 'in', b.internal, ext, remote, b, now);
          this.life.refresh(created, now, this.policy.inboundRefresh);
          return this.deliverInside(p, created, now, direction);
        }
        // Report the closest miss over every mapping sharing this port, whatever their order.
        if (verdict === 'filtered-port' || reason === 'no-mapping') reason = verdict;
      }
    }
    if (this.policy.inboundCreatesState) {
      const local = this.life.newFlow('local', 'in', ext, ext, remote, undefined, now);
      this.life.refresh(local, now, false);
      if (this.emit)
        this.drop(p, now, 'router-port-closed', localEntryDetail(remote, ext), {
          createdState: true,
        });
      return null;
    }
    if (!this.emit) return null;
    const facts = reason === 'no-mapping' ? undefined : { filtering: this.policy.filtering };
    this.drop(p, now, reason, filteredDetail(remote, ext), facts);
    return null;
  }

  /**
   * A packet from inside to this NAT's own external address, which it does not hairpin: a
   * conntrack NAT hands it to the router's own stack (where nothing listens) and keeps a local,
   * untranslated entry for it, as the kernel does (the INPUT rule only filters the WAN side);
   * other NATs keep nothing. The caller reports the drop.
   */
  refuseHairpin(p: Packet, now: number): void {
    this.life.expire(now);
    if (!conntrackStyle(this.policy)) return;
    this.tables.version++;
    const flow =
      this.tables.flowInside(p.src, p.dst) ??
      this.life.newFlow('local', 'out', p.src, p.src, p.dst, undefined, now);
    this.life.refresh(flow, now, false);
  }

  /** Expires bindings and flows due at or before `now`, emitting events. */
  expire(now: number): void {
    this.life.expire(now);
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
