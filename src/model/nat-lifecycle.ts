/**
 * The life of a NAT's state: creating a binding or a flow (stored in the NatTables, with the
 * policy's lifetime), refreshing a flow (UDP or, once replied to, stream lifetime, as conntrack
 * does only after CONNTRACK_STREAM_AFTER_MS) and its binding, and expiring what is due, each
 * reported as its trace event (`mapping-created`, `flow-created`, `mapping-refreshed`,
 * `flow-expired`, `mapping-expired`) when the NAT has a sink. The Nat decides when.
 *
 *   newBinding / newFlow ──► refresh on every packet ──► expire at the deadline
 */
import type { Endpoint } from './endpoint.ts';
import type { NatPolicy } from './nat-policy.ts';
import { CONNTRACK_STREAM_AFTER_MS, conntrackStyle } from './nat-policy.ts';
import { SmallMap } from './small-map.ts';
import type { TraceSink } from './trace.ts';
import type { Binding, Flow, NatTables } from './nat-tables.ts';
import { bindingView, flowView } from './nat-tables.ts';
import type { MakeBinding } from './nat-binding-choice.ts';

/** Creates, refreshes and expires one NAT's bindings and flows. Pure: every call takes `now`. */
export class NatLifecycle {
  private readonly expired: (Binding | Flow)[] = [];

  constructor(
    private readonly tables: NatTables,
    private readonly policy: NatPolicy,
    private readonly node: string,
    private readonly emit: TraceSink | undefined,
  ) {}

  /** Creates, stores and reports a binding (a BindingChooser's MakeBinding). */
  readonly newBinding: MakeBinding = (key, internal, external, keyRemote, now, note) => {
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
  };

  /** Creates, stores and reports a flow (of `binding`, if it has one). */
  newFlow(
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
  refresh(f: Flow, now: number, bindingToo: boolean): void {
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
}
