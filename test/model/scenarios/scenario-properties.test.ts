/**
 * Property: a built-in scenario with random fields corrupted (replaced by random JSON values or
 * numbers such as NaN, Infinity and 1e9, deleted, nulled, or joined by unknown fields) is either
 * refused with a typed ModelError or runs to its end; never a raw TypeError or RangeError, never
 * a hang.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ModelError } from '../../../src/model/errors.ts';
import { ScenarioRun } from '../../../src/model/scenario-run.ts';
import type { Scenario } from '../../../src/model/scenario.ts';
import { SCENARIOS, variantScenario } from '../../../src/model/scenarios/index.ts';

type Json = unknown;
type Container = Record<string | number, Json>;

const BUILT_INS: readonly (() => Scenario)[] = [
  ...Object.values(SCENARIOS),
  () => variantScenario('simultaneous', 'symmetric', 'full-cone', { bob: true, alice: false }),
];

/** Values a tester would try, beside arbitrary JSON. */
const NASTY: readonly Json[] = [
  NaN,
  Infinity,
  -Infinity,
  -1,
  0,
  0.5,
  2,
  1e9,
  1e308,
  '',
  '1000',
  'bob',
  'server',
  'nc -lu 9000',
  '${server.saw.nobody.ip}',
  '${server saw}',
  '${server.saw.bob.ip',
  'echo "x" | nc -u ${server.saw.bob.ip} ${server.saw.bob.port.next}',
  null,
  undefined,
  true,
  [],
  {},
  [1, 2],
];

const valueArb: fc.Arbitrary<Json> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

/** How to corrupt one value: replace it, delete it, null it, or add an unknown sibling field. */
type Op =
  | { readonly kind: 'set'; readonly value: Json }
  | { readonly kind: 'delete' }
  | { readonly kind: 'null' }
  | { readonly kind: 'add'; readonly key: string };

/** One corruption: which value of the tree (an index into every path, mod their count), and how. */
const corruptionArb = fc.record({
  pick: fc.nat(),
  op: fc.oneof<fc.Arbitrary<Op>[]>(
    fc.record({ kind: fc.constant('set' as const), value: valueArb }),
    fc.constant({ kind: 'delete' as const }),
    fc.constant({ kind: 'null' as const }),
    fc.record({ kind: fc.constant('add' as const), key: fc.string({ maxLength: 6 }) }),
  ),
});

/** Every path to a value inside `v`, the root included. */
function paths(v: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out = [prefix];
  if (v !== null && typeof v === 'object')
    for (const [k, child] of Object.entries(v))
      out.push(...paths(child, [...prefix, Array.isArray(v) ? Number(k) : k]));
  return out;
}

/** Applies one corruption in place; returns the (possibly replaced) root. */
function corrupt(root: Json, pick: number, op: Op): Json {
  const all = paths(root);
  const path = all[pick % all.length] as (string | number)[];
  if (path.length === 0) return op.kind === 'set' ? op.value : op.kind === 'null' ? null : root;
  const parent = path.slice(0, -1).reduce<Json>((o, k) => (o as Container)[k], root) as Container;
  const key = path.at(-1) as string | number;
  if (op.kind === 'set') parent[key] = op.value;
  else if (op.kind === 'null') parent[key] = null;
  else if (op.kind === 'add') parent[`${key}${op.key}x`] = 1;
  else if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete parent[key];
  return root;
}

const numberArb = fc.oneof(
  fc.constantFrom(0, 1, 0.5, 7, 1e9, 1e15, -1, NaN, Infinity),
  fc.integer({ min: -10, max: 70_000 }),
  fc.double(),
);
const textArb = fc.oneof(
  fc.constantFrom(...NASTY.filter((v): v is string => typeof v === 'string')),
  fc.constantFrom('alice', 'bob-nat', 'internet', 'full-cone', 'symmetric', '10.0.0.0/8'),
  fc.constantFrom('192.168.1.2', '54.93.249.162', '^C', 'ss -unp', 'nc -klu 53333'),
  fc.string({ maxLength: 12 }),
);

/** Replaces one leaf with a value of its own type (numbers by numbers, strings by strings). */
function retype(root: Json, pick: number, n: number, text: string): void {
  const leaves = paths(root).filter((p) => {
    const v = p.reduce<Json>((o, k) => (o as Container)[k], root);
    return typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean';
  });
  const path = leaves[pick % leaves.length] as (string | number)[];
  const parent = path.slice(0, -1).reduce<Json>((o, k) => (o as Container)[k], root) as Container;
  const key = path.at(-1) as string | number;
  const old = parent[key];
  parent[key] = typeof old === 'number' ? n : typeof old === 'string' ? text : !old;
}

/** What became of a scenario: refused with this code, or ran to the end with this many events. */
function outcome(input: Json): string {
  let run: ScenarioRun;
  try {
    run = new ScenarioRun(input as Scenario);
  } catch (e) {
    if (e instanceof ModelError) return `refused: ${e.code}`;
    throw e;
  }
  const events = run.runToEnd().length;
  expect(run.step()).toBeUndefined();
  return `ran: ${events} events`;
}

describe('corrupted scenarios', () => {
  it('are refused with a typed error or run to their end', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(
        fc.nat({ max: BUILT_INS.length - 1 }),
        fc.array(corruptionArb, { minLength: 1, maxLength: 3 }),
        (which, corruptions) => {
          let s: Json = structuredClone((BUILT_INS[which] as () => Scenario)());
          for (const c of corruptions) s = corrupt(s, c.pick, c.op);
          seen.add(outcome(s).split(':')[0] as string);
        },
      ),
      { numRuns: 400 },
    );
    // Both branches were exercised, so the property says something about each.
    expect([...seen].sort()).toEqual(['ran', 'refused']);
  });

  it('with each value replaced by one of its own type are refused or run to their end', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(
        fc.nat({ max: BUILT_INS.length - 1 }),
        fc.array(fc.record({ pick: fc.nat(), number: numberArb, text: textArb }), {
          minLength: 1,
          maxLength: 3,
        }),
        (which, edits) => {
          const s = structuredClone((BUILT_INS[which] as () => Scenario)()) as Json;
          for (const e of edits) retype(s, e.pick, e.number, e.text);
          seen.add(outcome(s).split(':')[0] as string);
        },
      ),
      { numRuns: 150 },
    );
    expect([...seen].sort()).toEqual(['ran', 'refused']);
  });

  it.each<[string, Json]>([
    ['no scenario', undefined],
    ['a number', 42],
    ['a list', []],
    ['an empty object', {}],
  ])('refuses %s with a typed error', (_what, input) => {
    expect(outcome(input)).toBe('refused: bad-scenario');
  });
});
