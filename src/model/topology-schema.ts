/**
 * The shape of a TopologySpec as a valibot schema: every field of every node, link and NAT spec
 * has the right type (numbers are finite, objects have no unknown fields). Ranges, addresses,
 * references between nodes and NAT policy values are checked afterwards by validateTopology.
 */
import * as v from 'valibot';
import type { NatPolicy } from './nat-policy.ts';
import type { SameKeys } from './spec-shape.ts';
import { finiteNumber } from './spec-shape.ts';
import type { LinkSpec, NodeSpec, TopologySpec } from './topology.ts';

const STRING = 'must be a string';
const BOOLEAN = 'must be true or false';
const NUMBER = 'must be a number';

/** A link: latency and loss have the right type; their ranges are checked with the topology. */
export const LinkSchema = v.strictObject(
  {
    latencyMs: v.optional(finiteNumber('must be a number of ms')),
    loss: v.optional(finiteNumber('must be a probability (a number in [0, 1])')),
  },
  'must be a link { latencyMs?, loss? }',
);

const ForwardSchema = v.variant(
  'kind',
  [
    v.strictObject({
      kind: v.literal('port'),
      externalPort: v.number(NUMBER),
      internalIp: v.string(STRING),
      internalPort: v.number(NUMBER),
    }),
    v.strictObject({ kind: v.literal('dmz'), internalIp: v.string(STRING) }),
  ],
  (issue) => (issue.path ? 'must be "port" or "dmz"' : 'must be a forward { kind, ... }'),
);

const POLICY_ENTRIES = {
  translate: v.boolean(BOOLEAN),
  mapping: v.string(STRING),
  filtering: v.string(STRING),
  portAssignment: v.string(STRING),
  clash: v.string(STRING),
  portRange: v.tuple([v.number(NUMBER), v.number(NUMBER)], 'must be [first, last] port numbers'),
  portOverloading: v.boolean(BOOLEAN),
  lifetimeMs: v.number(NUMBER),
  streamLifetimeMs: v.number(NUMBER),
  inboundRefresh: v.boolean(BOOLEAN),
  hairpinning: v.boolean(BOOLEAN),
  inboundCreatesState: v.boolean(BOOLEAN),
  forwards: v.array(ForwardSchema, 'must be a list of forwards'),
};

const NAT_RULE = 'must be a preset name, { preset, overrides? } or a whole NAT policy';

const PolicySchema = v.strictObject(POLICY_ENTRIES, NAT_RULE);

/** Overrides may leave any field out, but a field that is there must have its type. */
const OverridesSchema = v.strictObject(
  Object.fromEntries(Object.entries(POLICY_ENTRIES).map(([k, s]) => [k, v.exactOptional(s)])) as {
    [K in keyof typeof POLICY_ENTRIES]: v.ExactOptionalSchema<
      (typeof POLICY_ENTRIES)[K],
      undefined
    >;
  },
  'must be an object of NAT policy fields',
);

const PresetSchema = v.strictObject(
  { preset: v.string(STRING), overrides: v.optional(OverridesSchema) },
  NAT_RULE,
);

/** A preset name, a preset with overrides (it has `preset`), or a whole policy. */
const NatSchema = v.lazy((input) =>
  typeof input === 'string'
    ? v.string()
    : typeof input === 'object' && input !== null && 'preset' in input
      ? PresetSchema
      : PolicySchema,
);

const common = {
  id: v.string(STRING),
  parent: v.string(STRING),
  link: v.optional(LinkSchema),
};

const NodeSchema = v.variant(
  'kind',
  [
    v.strictObject({
      kind: v.literal('host'),
      ...common,
      ip: v.string(STRING),
      extraIps: v.optional(v.array(v.string(STRING), 'must be a list of addresses')),
    }),
    v.strictObject({
      kind: v.literal('router'),
      ...common,
      wanIp: v.string(STRING),
      lanIp: v.string(STRING),
      lan: v.string(STRING),
      nat: NatSchema,
    }),
  ],
  (issue) => (issue.path ? 'must be "host" or "router"' : 'must be a node { kind, id, ... }'),
);

/** A whole topology's shape. */
export const TopologySchema = v.strictObject(
  {
    nodes: v.array(NodeSchema, 'must be a list of nodes'),
    defaultLink: v.optional(LinkSchema),
  },
  'must be an object { nodes, defaultLink? }',
);

type Node = v.InferOutput<typeof NodeSchema>;
/** Compile-time guard: the schemas know exactly the fields of the public types. */
const schemaMatchesTypes: [
  SameKeys<v.InferOutput<typeof TopologySchema>, TopologySpec>,
  SameKeys<v.InferOutput<typeof LinkSchema>, LinkSpec>,
  SameKeys<Extract<Node, { kind: 'host' }>, Extract<NodeSpec, { kind: 'host' }>>,
  SameKeys<Extract<Node, { kind: 'router' }>, Extract<NodeSpec, { kind: 'router' }>>,
  SameKeys<v.InferOutput<typeof PolicySchema>, NatPolicy>,
] = [true, true, true, true, true];
void schemaMatchesTypes;
