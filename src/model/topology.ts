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
import type { Prefix } from './endpoint.ts';
import { inPrefix, ipToNumber, parsePrefix } from './endpoint.ts';
import { ModelError } from './errors.ts';
import type { NatPolicy } from './nat-policy.ts';
import { makePolicy, validatePolicy } from './nat-policy.ts';
import type { PresetId } from './presets.ts';
import { preset } from './presets.ts';
import type { FieldPath } from './spec-error.ts';
import { formatPath, SpecError } from './spec-error.ts';
import { shapeProblem } from './spec-shape.ts';
import { TopologySchema } from './topology-schema.ts';

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

/** A router's node. */
type RouterSpec = Extract<NodeSpec, { readonly kind: 'router' }>;

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

/**
 * Checks a topology: its shape (TopologySchema), then ids, parents, addresses, NATs and links.
 * Throws SpecError('bad-topology') naming the first problem, with its field path as data.
 */
export function validateTopology(spec: unknown): asserts spec is TopologySpec {
  const bad = (msg: string, ...path: FieldPath): never => {
    throw new SpecError('bad-topology', `invalid topology: ${msg}`, path);
  };
  /** Runs a check that throws ModelError; words its error as the topology's. */
  const attempt = <T>(check: () => T, who: string, ...path: FieldPath): T => {
    try {
      return check();
    } catch (e) {
      if (!(e instanceof ModelError)) throw e;
      return bad(`${who}: ${e.message}`, ...path);
    }
  };
  const shape = shapeProblem(TopologySchema, spec);
  if (shape) {
    const field = shape.path.length ? `"${formatPath(shape.path)}"` : 'it';
    bad(`${field} ${shape.rule}`, ...shape.path);
  }
  const { nodes, defaultLink } = spec as TopologySpec;
  const ids = new Set<string>([INTERNET]);
  nodes.forEach((n, i) => {
    if (!/^[a-z][a-z0-9-]*$/.test(n.id))
      bad(`node id "${n.id}" must be lowercase letters, digits and dashes`, 'nodes', i, 'id');
    if (ids.has(n.id)) bad(`duplicate node id "${n.id}"`, 'nodes', i, 'id');
    ids.add(n.id);
  });
  const routers = new Map(
    nodes.filter((n): n is RouterSpec => n.kind === 'router').map((n) => [n.id, n]),
  );
  const lans = new Map<string, Prefix>();
  nodes.forEach((n, i) => {
    if (n.kind === 'router')
      lans.set(
        n.id,
        attempt(() => parsePrefix(n.lan), `router "${n.id}"`, 'nodes', i, 'lan'),
      );
  });
  const seen = new Map<string, string>();
  nodes.forEach((n, i) => {
    if (n.parent !== INTERNET && !routers.has(n.parent))
      bad(
        `"${n.id}" has parent "${n.parent}", which is not a router or "${INTERNET}"`,
        'nodes',
        i,
        'parent',
      );
    const addressField = n.kind === 'host' ? 'ip' : 'wanIp';
    nodeAddresses(n).forEach((ip, k) => {
      const at: FieldPath = ['nodes', i, ...(k === 0 ? [addressField] : ['extraIps', k - 1])];
      const segKey = `${n.parent}/${ip}`;
      attempt(() => ipToNumber(ip), `"${n.id}"`, ...at);
      if (seen.has(segKey))
        bad(`"${n.id}" and "${seen.get(segKey)}" both use ${ip} on ${n.parent}`, ...at);
      seen.set(segKey, n.id);
      const lan = lans.get(n.parent);
      if (lan && !inPrefix(ip, lan))
        bad(
          `"${n.id}" address ${ip} is outside its router's LAN ${routers.get(n.parent)?.lan}`,
          ...at,
        );
    });
    if (n.kind === 'router') {
      const where = `router "${n.id}"`;
      const lan = lans.get(n.id) as Prefix;
      if (!attempt(() => inPrefix(n.lanIp, lan), where, 'nodes', i, 'lanIp'))
        bad(`${where} lanIp ${n.lanIp} is outside ${n.lan}`, 'nodes', i, 'lanIp');
      attempt(() => resolveNat(n.nat), where, 'nodes', i, 'nat');
    }
    checkLink(n.link, `"${n.id}"`, bad, 'nodes', i, 'link');
  });
  checkLink(defaultLink, 'defaultLink', bad, 'defaultLink');
  // Cycles: walk up from every node.
  nodes.forEach((n, i) => {
    let cur: string = n.parent;
    for (let hops = 0; cur !== INTERNET; hops++) {
      if (hops > nodes.length) bad(`"${n.id}" is in a parent cycle`, 'nodes', i, 'parent');
      cur = (routers.get(cur) as RouterSpec).parent;
    }
  });
}

/** Latency >= 0 and loss in [0, 1], on a node's link or the default link. */
function checkLink(
  link: LinkSpec | undefined,
  who: string,
  bad: (msg: string, ...path: FieldPath) => never,
  ...path: FieldPath
): void {
  if (link?.latencyMs !== undefined && !(link.latencyMs >= 0))
    bad(`${who} latency must be >= 0`, ...path, 'latencyMs');
  if (link?.loss !== undefined && !(link.loss >= 0 && link.loss <= 1))
    bad(`${who} loss must be in [0, 1]`, ...path, 'loss');
}
