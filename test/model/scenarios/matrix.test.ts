import { describe, expect, it } from 'vitest';
import { outcomeMatrix } from '../../../src/model/outcome-matrix.ts';
import type { Verdict } from '../../../src/model/outcome-matrix.ts';
import { PRESET_IDS } from '../../../src/model/presets.ts';

// Rows: Bob's NAT; columns: Alice's NAT, in PRESET_IDS order:
// oi open-internet, fc full-cone, rc restricted-cone, prc port-restricted-cone, s symmetric (sequential),
// lm linux-masquerade (INPUT accepts), lmd linux-masquerade-input-drop, lrf linux-random-fully, cg cgnat.
// D direct, F fails as typed but another procedure works, P port prediction, R relay.
//
// Why, in RFC 4787 terms: two endpoint-independent mappings always punch (D). A symmetric side
// facing an address-only filter works by answering the punch's real source (F). Facing a
// port-dependent filter, only a predictable (sequential) symmetric NAT can be reached, by
// guessing its next port (P); a random one needs a relay (R). Linux with INPUT accepting keeps
// router-local conntrack entries that make the seed order clash (F).
const EXPECTED = `
      oi fc rc prc s  lm lmd lrf cg
oi    D  D  D  D   F  D  D   F   D
fc    D  D  D  D   F  D  D   F   D
rc    D  D  D  D   F  D  D   F   D
prc   D  D  D  D   P  D  D   R   D
s     F  F  F  P   P  P  P   R   P
lm    F  F  F  F   P  F  F   R   F
lmd   D  D  D  D   P  D  D   R   D
lrf   F  F  F  R   R  R  R   R   R
cg    D  D  D  D   P  D  D   R   D
`;

const LETTER: Record<Verdict, string> = {
  direct: 'D',
  fails: 'F',
  'port-prediction': 'P',
  relay: 'R',
};

describe('the pairwise outcome matrix over every preset', () => {
  const matrix = outcomeMatrix();

  it('covers every pair, rows Bob and columns Alice', () => {
    expect(matrix).toHaveLength(PRESET_IDS.length);
    matrix.forEach((row, i) => {
      expect(row.map((c) => c.alice)).toEqual(PRESET_IDS);
      expect(row.every((c) => c.bob === PRESET_IDS[i])).toBe(true);
    });
  });

  it('matches the expected verdicts', () => {
    const expected = EXPECTED.trim()
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/).slice(1));
    expect(matrix.map((row) => row.map((c) => LETTER[c.verdict]))).toEqual(expected);
  });

  it('gives every cell a one-line reason naming the drop when it is not direct', () => {
    for (const cell of matrix.flat()) {
      expect(cell.reason).not.toContain('\n');
      if (cell.verdict === 'direct')
        expect(cell.reason).toBe('the walkthrough works as typed, both directions');
      else expect(cell.reason).toMatch(/: no, .*\(at [a-z-]+\); /);
    }
  });

  it('names the procedure that worked', () => {
    const cell = (bob: string, alice: string) =>
      matrix.flat().find((c) => c.bob === bob && c.alice === alice)!;
    expect(cell('full-cone', 'symmetric')).toMatchObject({ worked: 'reply-to-source' });
    expect(cell('linux-masquerade', 'linux-masquerade')).toMatchObject({ worked: 'simultaneous' });
    expect(cell('symmetric', 'symmetric')).toMatchObject({ worked: 'seed-order', predicted: true });
    expect(cell('linux-random-fully', 'port-restricted-cone').reason).toMatch(/a relay is needed$/);
  });
});

describe('matrix cells carry the missed goal as data', () => {
  it('gives the drop event behind every non-direct verdict, for views in other languages', () => {
    for (const cell of outcomeMatrix().flat()) {
      if (cell.verdict === 'direct') {
        expect(cell.missed).toBeUndefined();
        continue;
      }
      expect(cell.missed?.reached).toBe(false);
      expect(cell.missed?.cause.kind).toBe('dropped');
      const drop = cell.missed?.cause.kind === 'dropped' ? cell.missed.cause.event : undefined;
      expect(cell.reason).toContain(drop!.detail);
    }
  });
});
