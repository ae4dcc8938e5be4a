/**
 * The network segments of a topology as capture interfaces: the internet (the WAN) and each
 * router's LAN, which segment a hop crosses, and a deterministic MAC address for every node on
 * every segment it is attached to.
 */
import { ModelError } from '../errors.ts';
import type { TopologySpec } from '../topology.ts';
import { INTERNET } from '../topology.ts';

/** One segment: INTERNET or a router's LAN, with its router (undefined for the internet). */
export interface Segment {
  /** INTERNET or the router's id. */
  readonly id: string;
  /** The interface name a capture shows: `internet` or `alice-nat-lan`. */
  readonly name: string;
  /** `WAN: the internet` or `LAN of alice-nat, 192.168.0.0/24`. */
  readonly description: string;
}

/** The segments of `topology`: the internet first, then each router's LAN in topology order. */
export function segmentsOf(topology: TopologySpec): Segment[] {
  return [
    { id: INTERNET, name: INTERNET, description: 'WAN: the internet' },
    ...topology.nodes.flatMap((n) =>
      n.kind === 'router'
        ? [{ id: n.id, name: `${n.id}-lan`, description: `LAN of ${n.id}, ${n.lan}` }]
        : [],
    ),
  ];
}

/** Which segment a node is attached to upwards (its parent). */
function parentOf(topology: TopologySpec, id: string): string {
  const node = topology.nodes.find((n) => n.id === id);
  if (!node) throw new ModelError('no-such-node', `no node "${id}" in the topology`);
  return node.parent;
}

/**
 * The segment a hop from node `from` to node `to` crosses: a router sending into its own LAN
 * (`to`'s parent is `from`) uses that LAN, every other hop its sender's parent segment.
 */
export function hopSegment(topology: TopologySpec, from: string, to: string): string {
  return parentOf(topology, to) === from ? from : parentOf(topology, from);
}

/**
 * The MAC address of `node` on segment `segment`: locally administered unicast
 * 02:61:67 ("ag") : segment index : node index (2 bytes, from 1), so each (node, segment) pair
 * is unique and the same in every export of the same topology.
 */
export function macOf(topology: TopologySpec, segment: string, node: string): Uint8Array {
  const segIndex = segmentsOf(topology).findIndex((s) => s.id === segment);
  const nodeIndex = topology.nodes.findIndex((n) => n.id === node) + 1;
  if (segIndex < 0 || nodeIndex === 0)
    throw new ModelError('no-such-node', `no node "${node}" on segment "${segment}"`);
  return Uint8Array.of(0x02, 0x61, 0x67, segIndex & 0xff, nodeIndex >> 8, nodeIndex & 0xff);
}

/** `aa:bb:cc:dd:ee:ff`. */
export function formatMac(mac: Uint8Array): string {
  return [...mac].map((b) => b.toString(16).padStart(2, '0')).join(':');
}
