/**
 * SmallMap (a binding's flows): any sequence of set, delete and get leaves it answering exactly as
 * a Map does, iteration order included, across the switch from one inline entry to a real Map.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SmallMap } from '../../src/model/small-map.ts';

type Op = { readonly op: 'set' | 'delete' | 'get'; readonly key: number; readonly value: string };

const arbOp: fc.Arbitrary<Op> = fc.record({
  op: fc.constantFrom('set' as const, 'delete' as const, 'get' as const),
  key: fc.integer({ min: 0, max: 3 }),
  value: fc.constantFrom('a', 'b', 'c'),
});

/** Applies `ops` to a SmallMap and to a Map and expects the same answers after each. */
function same(ops: readonly Op[]): void {
  const small = new SmallMap<number, string>();
  const map = new Map<number, string>();
  for (const { op, key, value } of ops) {
    if (op === 'set') {
      expect(small.set(key, value)).toBe(small);
      map.set(key, value);
    } else if (op === 'delete') expect(small.delete(key)).toBe(map.delete(key));
    else expect(small.get(key)).toBe(map.get(key));
    expect(small.size).toBe(map.size);
    expect([...small.values()]).toEqual([...map.values()]);
  }
}

describe('SmallMap', () => {
  it.each<[string, Op[]]>([
    ['empty', [{ op: 'get', key: 1, value: 'a' }]],
    [
      'one entry replaced in place',
      [
        { op: 'set', key: 1, value: 'a' },
        { op: 'set', key: 1, value: 'b' },
        { op: 'get', key: 1, value: 'a' },
      ],
    ],
    [
      'a second key keeps the first one first',
      [
        { op: 'set', key: 1, value: 'a' },
        { op: 'set', key: 2, value: 'b' },
        { op: 'set', key: 1, value: 'c' },
      ],
    ],
    [
      'deleted then set again goes last',
      [
        { op: 'set', key: 1, value: 'a' },
        { op: 'set', key: 2, value: 'b' },
        { op: 'delete', key: 1, value: 'a' },
        { op: 'set', key: 1, value: 'c' },
        { op: 'delete', key: 3, value: 'a' },
      ],
    ],
  ])('%s', (_, ops) => same(ops));

  it('answers as a Map for any sequence', () => {
    fc.assert(fc.property(fc.array(arbOp, { maxLength: 30 }), (ops) => same(ops)));
  });
});
