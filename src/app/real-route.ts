/**
 * The way a real datagram went between two machines of a lab's topology: up from the sender to
 * the first node both share (the internet, or a router both sit behind), then down to the
 * receiver, and the NAT on each side that faces the other (where a rewrite becomes visible).
 *
 *   bob ─► bob-nat ─► (internet) ─► alice-nat ─► alice      senderNat bob-nat, receiverNat alice-nat
 */
import { INTERNET } from '../model/topology.ts';
import type { TopologySpec } from '../model/topology.ts';

/** The nodes from `id` up to the internet (itself first). */
export function chain(topology: TopologySpec, id: string): string[] {
  const byId = new Map(topology.nodes.map((n) => [n.id, n]));
  const out: string[] = [];
  for (let n = byId.get(id); n && out.length < 16; n = byId.get(n.parent)) out.push(n.id);
  return out;
}

/** The hops from `a` to `b`, and the NAT each side crosses first (the one on the internet). */
export function route(topology: TopologySpec, a: string, b: string) {
  const up = chain(topology, a);
  const down = chain(topology, b);
  const common = up.find((n) => down.includes(n));
  const ups = common ? up.slice(0, up.indexOf(common) + 1) : up;
  const downs = common ? down.slice(0, down.indexOf(common)) : down;
  const nodes = [...ups, ...downs.reverse()].filter((n) => n !== INTERNET);
  const routers = new Set(topology.nodes.filter((n) => n.kind === 'router').map((n) => n.id));
  const outer = (side: string[]) => [...side].reverse().find((n) => routers.has(n));
  return {
    hops: nodes.slice(1).map((to, i) => [nodes[i] as string, to] as const),
    senderNat: common ? undefined : outer(ups.slice(1)),
    receiverNat: common ? undefined : outer(downs),
  };
}
