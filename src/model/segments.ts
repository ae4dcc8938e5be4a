/**
 * Who answers to which address on each segment of a topology: the Internet and every router's
 * LAN. A host owns its addresses on its parent's segment, a router its WAN address; a router
 * that only routes (its NAT does not translate) also makes its whole subtree reachable from its
 * parent's segment, so a packet to one of those addresses is handed to it to forward down.
 *
 *   INTERNET: 203.0.113.7 -> server, 198.51.100.1 -> aliceNat, ...
 *   aliceNat: 10.0.0.2 -> alice
 */
import type { TopologySpec } from './topology.ts';
import { INTERNET, nodeAddresses, resolveNat } from './topology.ts';

/** Segment id (INTERNET or a router id) -> address -> id of the node that owns it there. */
export type Segments = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** The address table of every segment of a (validated) topology. */
export function segmentsOf(topology: TopologySpec): Segments {
  const segments = new Map<string, Map<string, string>>([[INTERNET, new Map()]]);
  const routing = new Set<string>();
  for (const n of topology.nodes) {
    if (n.kind !== 'router') continue;
    segments.set(n.id, new Map());
    if (!resolveNat(n.nat).translate) routing.add(n.id);
  }
  const on = (seg: string) => segments.get(seg) as Map<string, string>;
  for (const n of topology.nodes) {
    if (n.kind === 'host') for (const ip of nodeAddresses(n)) on(n.parent).set(ip, n.id);
    else on(n.parent).set(n.wanIp, n.id);
  }
  const subtree = (routerId: string): string[] =>
    topology.nodes
      .filter((n) => n.parent === routerId)
      .flatMap((n) =>
        n.kind === 'host'
          ? nodeAddresses(n)
          : [n.wanIp, ...(routing.has(n.id) ? subtree(n.id) : [])],
      );
  for (const id of routing) {
    const parent = topology.nodes.find((n) => n.id === id)!.parent;
    for (const ip of subtree(id)) on(parent).set(ip, id);
  }
  return segments;
}
