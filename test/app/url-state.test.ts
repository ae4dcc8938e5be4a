// The view state in the URL: every field round-trips, NAT choices encode and decode, and what a
// link cannot use is reported, not thrown (fast-check over random states).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_STATE,
  decodeNat,
  encodeNat,
  formatState,
  parseState,
  sameChoice,
} from '../../src/app/url-state.ts';
import type { NatChoice } from '../../src/app/url-state.ts';

describe('URL state', () => {
  it('round-trips every field', () => {
    const s = {
      page: 'matrix' as const,
      scenario: 'linux-clash',
      nat: {
        'alice-nat': { preset: 'symmetric' as const, overrides: {} },
        'bob-nat': {
          preset: 'full-cone' as const,
          overrides: {
            filtering: 'address-dependent' as const,
            mapping: 'address-port-dependent' as const,
            portAssignment: 'random-per-flow' as const,
            clash: 'random' as const,
            lifetimeMs: 30_000,
            hairpinning: true,
            inboundCreatesState: false,
          },
        },
      },
      seed: 42,
      step: 27,
      packet: 3,
      lang: 'en' as const,
      present: true,
    };
    const q = formatState(s);
    expect(q).toContain('nat.alice-nat=symmetric');
    expect(q).toContain(
      'nat.bob-nat=full-cone.m-apd.f-ad.pa-random-per-flow.c-random.lt-30.hp-1.ic-0',
    );
    expect(parseState(q)).toEqual(s);
  });

  it('falls back to defaults on nonsense, never throws', () => {
    expect(parseState('')).toEqual(DEFAULT_STATE);
    const s = parseState('?s=nope&nat.bob-nat=warp-drive&seed=x&step=-3&lang=fr&page=zz&pkt=1e9');
    expect(s).toEqual(DEFAULT_STATE);
    expect(decodeNat('symmetric.f-xx.lt-0.hp-2.zz-1')).toEqual({
      preset: 'symmetric',
      overrides: {},
    });
  });

  it('keeps every lifetime the picker accepts through a link (1.5 s was read back as 1 s)', () => {
    const roundTrip = (lifetimeMs: number) => {
      const nat = {
        'bob-nat': { preset: 'full-cone' as const, overrides: { lifetimeMs, hairpinning: true } },
      };
      return parseState(formatState({ ...DEFAULT_STATE, nat })).nat;
    };
    for (const ms of [1500, 500, 1, 30_000, 86_400_000, 1000.1, 123.456])
      expect(roundTrip(ms)).toEqual({
        'bob-nat': { preset: 'full-cone', overrides: { lifetimeMs: ms, hairpinning: true } },
      });
    expect(
      formatState({
        ...DEFAULT_STATE,
        nat: { 'bob-nat': { preset: 'full-cone', overrides: { lifetimeMs: 1500 } } },
      }),
    ).toContain('full-cone.lt-1.5');
    // Whatever the picker accepts (seconds > 0 up to a day, times 1000) survives.
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 86_400, noNaN: true }).filter((s) => s > 0),
        (seconds) => {
          const ms = seconds * 1000;
          expect(roundTrip(ms)['bob-nat']?.overrides.lifetimeMs).toBe(ms);
        },
      ),
      { numRuns: 2000 },
    );
    // Links made before keep working; out-of-range values are still ignored.
    expect(decodeNat('full-cone.lt-30.hp-1')?.overrides).toEqual({
      lifetimeMs: 30_000,
      hairpinning: true,
    });
    expect(decodeNat('full-cone.lt-0.lt-1e9.ltms-0.ltms-x')?.overrides).toEqual({});
  });

  it('reports every value it could not use, with the parameter and the value', () => {
    const found: { kind: string; param: string; value: string }[] = [];
    parseState(
      '?s=nope&step=abc&lang=fr&seed=99999999999&pkt=0&page=zz&nat.bob-nat=full-cone.lt-0&nat.x=warp&q=1',
      (p) => found.push(p),
    );
    const rows = (list: string[][]) => list.map((r) => r.join(' ')).sort();
    expect(rows(found.map((p) => [p.kind, p.param, p.value]))).toEqual(
      rows([
        ['unknown-scenario', 's', 'nope'],
        ['bad-lang', 'lang', 'fr'],
        ['bad-page', 'page', 'zz'],
        ['bad-nat', 'nat.bob-nat', 'full-cone.lt-0'],
        ['bad-nat', 'nat.x', 'warp'],
        ['unknown-param', 'q', '1'],
        ['bad-seed', 'seed', '99999999999'],
        ['bad-step', 'step', 'abc'],
        ['bad-packet', 'pkt', '0'],
      ]),
    );
    const none: unknown[] = [];
    parseState(formatState({ ...DEFAULT_STATE, seed: 4_294_967_295, step: 3 }), (p) =>
      none.push(p),
    );
    expect(none).toEqual([]);
  });

  it('encodes a choice without overrides as the bare preset id', () => {
    expect(encodeNat({ preset: 'cgnat', overrides: {} })).toBe('cgnat');
  });
});

describe('sameChoice', () => {
  const a: NatChoice = {
    preset: 'full-cone',
    overrides: { lifetimeMs: 30_000, portRange: [2000, 3000] },
  };
  it.each([
    ['the same object', a, a, true],
    [
      'a copy, keys in another order',
      a,
      { preset: 'full-cone', overrides: { portRange: [2000, 3000], lifetimeMs: 30_000 } },
      true,
    ],
    [
      'an override set to undefined is no override',
      { preset: 'symmetric', overrides: { hairpinning: undefined } },
      { preset: 'symmetric', overrides: {} },
      true,
    ],
    ['another preset', a, { ...a, preset: 'symmetric' }, false],
    [
      'another value',
      a,
      { preset: 'full-cone', overrides: { lifetimeMs: 31_000, portRange: [2000, 3000] } },
      false,
    ],
    [
      'another array',
      a,
      { preset: 'full-cone', overrides: { lifetimeMs: 30_000, portRange: [2000, 3001] } },
      false,
    ],
    [
      'one more override',
      a,
      { preset: 'full-cone', overrides: { ...a.overrides, hairpinning: true } },
      false,
    ],
    ['none against one', a, undefined, false],
  ] satisfies [string, NatChoice, NatChoice | undefined, boolean][])('%s', (_, x, y, same) => {
    expect(sameChoice(x, y)).toBe(same);
    expect(sameChoice(y, x)).toBe(same);
  });
});
