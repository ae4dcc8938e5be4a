/**
 * The declarative topology: hosts and NAT routers in a tree under the internet, with links, and
 * its validation. Example (the walkthrough):
 *
 *                         internet
 *            ┌───────────────┼────────────────┐
 *         server          bob-nat          alice-nat
 *     54.93.249.162    54.93.229.24     82.230.120.113
 *                           │                 │
 *                          bob              alice
 *                      192.168.1.2       192.168.0.2
 */
import { inPrefix, ipToNumber, parsePrefix } from './endpoint.ts';
import { ModelError } from './errors.ts';
import type { NatPolicy } from './nat-policy.ts';
import { makePolicy, validatePolicy } from './nat-policy.ts';
import type { PresetId } from './presets.ts';
import { preset } from './presets.ts';

/** The id of the root segment. */
export const INTERNET = 'internet';

/** One-way latency and loss of a node's uplink. */
export interface LinkSpec {
  readonly latencyMs?: number;
  /** Probability in [0, 1] that a packet crossing this link is lost. */
  readonly loss?: number;
}

/** A router's NAT: a preset id, a preset with overrides, or a full policy. */
export type NatSpec =
  PresetId | { readonly preset: PresetId; readonly overrides?: Partial<NatPolicy> } | NatPolicy;

/** A host or router in the tree. `parent` is INTERNET or a router id. */
export type NodeSpec =
  | {
      readonly kind: 'host';
      readonly id: string;
      readonly ip: string;
      /** More addresses on the same segment (a STUN server has two). */
      readonly extraIps?: readonly string[];
      readonly parent: string;
      readonly link?: LinkSpec;
    }
  | {
      readonly kind: 'router';
      readonly id: string;
      /** Address on the parent segment (the NAT's external address). */
      readonly wanIp: string;
      /** Address on its own LAN (the hosts' gateway). */
      readonly lanIp: string;
      /** The LAN prefix, e.g. 192.168.1.0/24. */
      readonly lan: string;
      readonly parent: string;
      readonly nat: NatSpec;
      readonly link?: LinkSpec;
    };

/** A whole topology. */
export interface TopologySpec {
  readonly nodes: readonly NodeSpec[];
  /** Applied to nodes without their own link. Default: 10 ms, no loss. */
  readonly defaultLink?: LinkSpec;
}

/** Resolves a NatSpec to a validated policy. */
export function resolveNat(spec: NatSpec): NatPolicy {
  if (typeof spec === 'string') return preset(spec).policy;
  if ('preset' in spec)
    return makePolicy({ ...preset(spec.preset).policy, ...(spec.overrides ?? {}) });
  validatePolicy(spec);
  return spec;
}

/** The addresses a node has on its parent segment. */
export function nodeAddresses(n: NodeSpec): readonly string[] {
  return n.kind === 'host' ? [n.ip, ...(n.extraIps ?? [])] : [n.wanIp];
}

/** Checks a topology; throws ModelError('bad-topology') naming the first problem. */
export function validateTopology(spec: TopologySpec): void {
  const bad = (msg: string): never => {
    throw new ModelError('bad-topology', `invalid topology: ${msg}`);
  };
  const ids = new Set<string>([INTERNET]);
  for (const n of spec.nodes) {
    if (!/^[a-z][a-z0-9-]*$/.test(n.id))
      bad(`node id "${n.id}" must be lowercase letters, digits and dashes`);
    if (ids.has(n.id)) bad(`duplicate node id "${n.id}"`);
    ids.add(n.id);
  }
  const routers = new Map(spec.nodes.filter((n) => n.kind === 'router').map((n) => [n.id, n]));
  const seen = new Map<string, string>();
  for (const n of spec.nodes) {
    if (n.parent !== INTERNET && !routers.has(n.parent))
      bad(`"${n.id}" has parent "${n.parent}", which is not a router or "${INTERNET}"`);
    for (const ip of nodeAddresses(n)) {
      const segKey = `${n.parent}/${ip}`;
      try {
        ipToNumber(ip);
      } catch (e) {
        bad(`"${n.id}": ${(e as Error).message}`);
      }
      if (seen.has(segKey))
        bad(`"${n.id}" and "${seen.get(segKey)}" both use ${ip} on ${n.parent}`);
      seen.set(segKey, n.id);
      const parent = routers.get(n.parent);
      if (parent && parent.kind === 'router' && !inPrefix(ip, parsePrefix(parent.lan))) {
        bad(`"${n.id}" address ${ip} is outside its router's LAN ${parent.lan}`);
      }
    }
    if (n.kind === 'router') {
      try {
        const lan = parsePrefix(n.lan);
        if (!inPrefix(n.lanIp, lan)) bad(`router "${n.id}" lanIp ${n.lanIp} is outside ${n.lan}`);
        resolveNat(n.nat);
      } catch (e) {
        if (e instanceof ModelError && e.code === 'bad-topology') throw e;
        bad(`router "${n.id}": ${(e as Error).message}`);
      }
    }
    const link = n.link ?? {};
    if (link.latencyMs !== undefined && !(link.latencyMs >= 0))
      bad(`"${n.id}" latency must be >= 0`);
    if (link.loss !== undefined && !(link.loss >= 0 && link.loss <= 1))
      bad(`"${n.id}" loss must be in [0, 1]`);
  }
  // Cycles: walk up from every node.
  for (const n of spec.nodes) {
    let cur: string = n.parent;
    for (let hops = 0; cur !== INTERNET; hops++) {
      if (hops > spec.nodes.length) bad(`"${n.id}" is in a parent cycle`);
      cur = (routers.get(cur) as NodeSpec).parent;
    }
  }
}
