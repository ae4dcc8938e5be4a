/**
 * A capture's packets as the model's TraceEvents, NATs included: `sent` by the host, a
 * `translated` event at each NAT that rewrote it, `delivered` where it arrived, `dropped`
 * (port-unreachable) at a host that answered ICMP port unreachable, and `dropped`
 * at a NAT that took it in and let nothing out (its LAN was captured), with the reason the
 * NAT's state so far gives: no mapping at that port, never sent to that address, or never to
 * that port. Node ids are the walkthrough topology's (server, alice, bob, alice-nat, bob-nat).
 */
import type { CaptureAnalysis, CaptureRouter } from '../capture/index.ts';
import type { Endpoint } from '../model/endpoint.ts';
import type { DropReason, TraceEvent } from '../model/trace.ts';

/** Why a NAT whose mapping sent to the addresses `sentTo` dropped a packet from `remote`. */
export function reasonOf(
  sentTo: ReadonlySet<string> | undefined,
  remote: Endpoint,
): Extract<DropReason, 'no-mapping' | 'filtered-address' | 'filtered-port'> {
  if (!sentTo || sentTo.size === 0) return 'no-mapping';
  return sentTo.has(remote.ip) ? 'filtered-port' : 'filtered-address';
}

/** The TraceEvents of `a`'s packets, in time order. */
export function captureTrace(a: CaptureAnalysis): TraceEvent[] {
  const out: TraceEvent[] = [];
  const sentTo = new Map<string, Set<string>>();
  const at = (router: CaptureRouter, port: number): string => `${router}:${port}`;
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
      if (r.direction === 'outbound') {
        const k = at(r.router, r.after.src.port);
        let ips = sentTo.get(k);
        if (!ips) sentTo.set(k, (ips = new Set()));
        ips.add(r.after.dst.ip);
      }
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
      const reason = reasonOf(sentTo.get(at(j.end.router, j.last.dst.port)), j.last.src);
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
