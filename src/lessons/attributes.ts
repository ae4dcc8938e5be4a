/**
 * A block's opening line, `::: predict id=p-x ask="goal:alice-hears-bob" title="Dos NAT"`, split
 * into its kind and `key=value` attributes (values quoted with "..." when they hold spaces), and
 * the valibot schemas of the attributes each kind of block takes (the block registry's half that
 * does not need markdown).
 */
import * as v from 'valibot';

/** The kind and attributes of an opening line, or why they cannot be read. */
export type OpeningLine =
  | { readonly kind: string; readonly attrs: Readonly<Record<string, string>> }
  | { readonly error: string };

const ATTR = /^([a-zA-Z][a-zA-Z0-9-]*)=(?:"([^"]*)"|([^\s"]+))(?:\s+|$)/;

/** Parses the text after `:::` (`predict id=p-x ask=goal:g`). */
export function parseOpening(info: string): OpeningLine {
  const text = info.trim();
  const m = /^([a-z]+)(?:\s+|$)/.exec(text);
  if (!m) return { error: `a block opens with "::: KIND", got "::: ${text}"` };
  const attrs: Record<string, string> = {};
  let rest = text.slice(m[0].length);
  while (rest !== '') {
    const a = ATTR.exec(rest);
    if (!a) return { error: `cannot read the attributes at "${rest}" (key=value, or key="a b")` };
    const key = a[1] as string;
    if (key in attrs) return { error: `attribute "${key}" given twice` };
    attrs[key] = a[2] ?? (a[3] as string);
    rest = rest.slice(a[0].length);
  }
  return { kind: m[1] as string, attrs };
}

const ID = v.pipe(
  v.string(),
  v.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'an id is lowercase letters, digits and dashes'),
);
const WHOLE = v.pipe(
  v.string(),
  v.regex(/^\d{1,9}$/, 'expected a whole number'),
  v.transform((s) => Number(s)),
);
const STEP = v.union(
  [v.literal('end'), WHOLE],
  'expected a whole number or "end"',
) as v.GenericSchema<string, number | 'end'>;
const NAME = v.pipe(v.string(), v.regex(/^[a-z][a-z0-9-]*$/, 'expected an id such as full-cone'));

/** Attributes of every block that runs a scenario. */
const SCENARIO = {
  id: ID,
  scenario: NAME,
  'bob-nat': v.optional(NAME),
  'alice-nat': v.optional(NAME),
  cgnat: v.optional(NAME),
  seed: v.optional(WHOLE),
  stopAfter: v.optional(WHOLE),
};

const PANEL = v.picklist(
  ['topology', 'sequence', 'tables', 'terminals', 'goals'],
  'panels are topology, sequence, tables, terminals, goals',
);

/** The attribute schema of each block kind (unknown attributes are refused). */
export const ATTRIBUTE_SCHEMAS = {
  simulator: v.strictObject({
    ...SCENARIO,
    step: v.optional(STEP),
    panels: v.optional(
      v.pipe(
        v.string(),
        v.transform((s) => s.split(',')),
        v.array(PANEL),
      ),
    ),
  }),
  predict: v.strictObject({
    ...SCENARIO,
    scenario: v.optional(NAME),
    step: v.optional(STEP),
    ask: v.pipe(v.string(), v.regex(/^(goal|saw|fate|verdict|stun):.+$/, 'ask is KIND:WHAT')),
  }),
  terminal: v.strictObject({ ...SCENARIO }),
  try: v.strictObject({ ...SCENARIO, goal: NAME, solution: v.optional(ID) }),
  note: v.strictObject({
    id: v.optional(ID),
    kind: v.optional(v.picklist(['info', 'warning', 'history'], 'kind: info, warning, history')),
  }),
  figure: v.strictObject({ id: ID, src: v.string(), alt: v.pipe(v.string(), v.minLength(1)) }),
  plot: v.strictObject({ id: ID, kind: NAME }),
} as const;

/** A block kind the registry knows. */
export type KnownKind = keyof typeof ATTRIBUTE_SCHEMAS;

/** Whether `kind` is a registered block kind. */
export function isKnownKind(kind: string): kind is KnownKind {
  return Object.hasOwn(ATTRIBUTE_SCHEMAS, kind);
}

/** The parsed attributes of a kind. */
export type Attributes<K extends KnownKind> = v.InferOutput<(typeof ATTRIBUTE_SCHEMAS)[K]>;

/** Validates a kind's attributes: the typed value, or one message per problem. */
export function validateAttributes<K extends KnownKind>(
  kind: K,
  attrs: Readonly<Record<string, string>>,
): { ok: Attributes<K> } | { errors: string[] } {
  const r = v.safeParse(ATTRIBUTE_SCHEMAS[kind], attrs);
  if (r.success) return { ok: r.output as Attributes<K> };
  return {
    errors: r.issues.map((i) => {
      const key = i.path?.map((p) => String(p.key)).join('.') ?? '';
      if (i.type === 'strict_object' || i.type === 'object')
        return i.input === undefined
          ? `${kind}: missing attribute "${key}"`
          : `${kind}: unknown attribute "${key}"`;
      return `${kind}: attribute ${key}="${String(i.input)}": ${i.message}`;
    }),
  };
}
