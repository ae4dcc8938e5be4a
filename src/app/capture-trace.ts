/**
 * A capture's packets as the model's TraceEvents, NATs included: `sent` by the host, a
 * `translated` event at each NAT that rewrote it, `delivered` where it arrived, `dropped`
 * (port-unreachable) at a host that answered ICMP port unreachable, and `dropped`
 * at a NAT that took it in and let nothing out (its LAN was captured), with the reason the
 * NAT's state so far gives: no mapping at that port (or no longer one: it had sent to that
 * very endpoint), never sent to that address, or never to that port. Node ids are the walkthrough topology's (server, alice, bob, alice-nat, bob-nat).
 */
import type { CaptureAnalysis } from '../capture/index.ts';
import type { Endpoint } from '../model/endpoint.ts';
import type { DropReason, TraceEvent } from '../model/trace.ts';

type NatDrop = Extract<DropReason, 'no-mapping' | 'filtered-address' | 'filtered-port'>;

/**
 * Why a NAT whose mapping sent to the endpoints `sentTo` ("ip:port") dropped a packet from
 * `remote`: it never sent (no mapping); it sent to that very endpoint, so the mapping that let
 * it in is gone (expired or flushed: no mapping); it sent to that address from another port
 * (filtered by port); or never to that address.
 */
export function reasonOf(sentTo: ReadonlySet<string> | undefined, remote: Endpoint): NatDrop {
  if (!sentTo || sentTo.size === 0 || sentTo.has(`${remote.ip}:${remote.port}`))
    return 'no-mapping';
  for (const e of sentTo) if (e.slice(0, e.lastIndexOf(':')) === remote.ip) return 'filtered-port';
  return 'filtered-address';
}

/** What each NAT's mappings (router and external port) have sent to so far, in capture order. */
export class NatSends {
  private readonly sent = new Map<string, Set<string>>();

  /** `after` left `router` (an outbound rewrite). */
  record(router: string, after: { readonly src: Endpoint; readonly dst: Endpoint }): void {
    const k = `${router}:${after.src.port}`;
    let to = this.sent.get(k);
    if (!to) this.sent.set(k, (to = new Set()));
    to.add(`${after.dst.ip}:${after.dst.port}`);
  }

  /** Why `router` dropped `p`, which reached its external port p.dst.port from p.src. */
  reason(router: string, p: { readonly src: Endpoint; readonly dst: Endpoint }): NatDrop {
    return reasonOf(this.sent.get(`${router}:${p.dst.port}`), p.src);
  }
}

/** The TraceEvents of `a`'s packets, in time order. */
export function captureTrace(a: CaptureAnalysis): TraceEvent[] {
  const out: TraceEvent[] = [];
  const sends = new NatSends();
  for (const j of a.journeys) {
    if (j.sender) out.push({ type: 'sent', t: j.t, node: j.sender, packet: j.sent });
    for (const r of j.rewrites) {
      out.push({
        type: 'translated',
        t: r.t,
        node: r.router,
        direction: r.direction,
        before: r.before,
        after: r.after,
        bindingId: 0,
      });
      if (r.direction === 'outbound') sends.record(r.router, r.after);
    }
    if (j.end.kind === 'delivered') {
      out.push({
        type: 'delivered',
        t: j.end.t,
        node: j.end.node,
        packet: j.last,
        socket: j.last.dst,
      });
    } else if (j.end.kind === 'refused') {
      out.push({
        type: 'dropped',
        t: j.end.t,
        node: j.end.node,
        packet: j.last,
        reason: 'port-unreachable',
        detail: `${j.end.node} answered ICMP port unreachable: nothing listened on ${j.last.dst.port}`,
      });
    } else if (j.end.kind === 'dropped') {
      const reason = sends.reason(j.end.router, j.last);
      out.push({
        type: 'dropped',
        t: j.end.t,
        node: j.end.router,
        packet: j.last,
        reason,
        detail: `seen reaching ${j.end.router} at ${j.last.dst.ip}:${j.last.dst.port}, never on its LAN`,
      });
    }
  }
  return out.sort((x, y) => x.t - y.t);
}
