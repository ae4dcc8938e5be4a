/**
 * The conformance matrix without the kernel: the case list (count, unique ids, families), the
 * `--only` selection, the port naming and field comparison, and the model adapter on cases whose
 * outcome DESIGN.md states (the walkthrough works with INPUT dropping new inbound and clashes
 * with it accepting).
 */
import { describe, expect, it } from 'vitest';
import type { VerifyCase } from '../../../lab/verify/case.ts';
import { allCases, selectCases } from '../../../lab/verify/cases/index.ts';
import { compare, normalise } from '../../../lab/verify/compare.ts';
import { byGroup } from '../../../lab/verify/matrix.ts';
import type { RawObservation } from '../../../lab/verify/observation.ts';
import { runInModel } from '../../../lab/verify/run-model.ts';

const cases = allCases();
const byId = (id: string): VerifyCase => {
  const c = cases.find((x) => x.id === id);
  if (!c) throw new Error(`no case ${id}`);
  return c;
};

describe('the case list', () => {
  it('has at least 100 cases with unique ids', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  it.each([
    ['mapping', 16],
    ['filtering', 32],
    ['walkthrough', 32],
    ['walkthrough-nc', 32],
    ['punch', 25],
    ['clash', 24],
    ['hairpin', 8],
    ['double-nat', 12],
    ['expiry', 6],
    ['stun', 8],
  ])('family %s has %i cases', (family, n) => {
    expect(cases.filter((c) => c.family === family)).toHaveLength(n);
  });

  it('groups cases by router configuration, keeping every case once', () => {
    const grouped = byGroup(cases);
    expect(grouped).toHaveLength(cases.length);
    const keys = grouped.map((c) => JSON.stringify(c.routers));
    const runs = keys.filter((k, i) => i === 0 || k !== keys[i - 1]).length;
    expect(runs).toBe(new Set(keys).size);
  });
});

describe('--only', () => {
  it.each([
    ['walkthrough/accept/*', 16],
    ['filtering/restricted-cone', 8],
    ['punch/', 25],
    ['*random-fully*', 28],
    ['expiry/stream', 2],
    ['no-such-case', 0],
    ['', cases.length],
  ])('%j selects %i cases', (pattern, n) => {
    expect(selectCases(cases, pattern)).toHaveLength(n);
  });
});

describe('normalising and comparing', () => {
  const c = byId('mapping/masquerade/accept/plain');
  const raw = (ports: number[]): RawObservation => ({
    datagrams: ports.map((port, i) => ({
      id: `to-${i + 1}`,
      from: 'alice@alice:53333',
      to: { ip: '203.0.113.162', port: 3478 },
      fate: { kind: 'delivered' },
      seenAs: { ip: '192.0.2.113', port },
      deliveredTo: { ip: '203.0.113.162', port: 3478 },
    })),
    tables: [{ label: 'end', flows: { 'alice-nat': [], 'bob-nat': [] } }],
  });

  it.each([
    [
      'the same random ports in the same places',
      [53333, 40001, 40001, 40002],
      [53333, 1200, 1200, 65000],
      0,
    ],
    [
      'a port reused on one side only',
      [40001, 40001, 53333, 53333],
      [40001, 40002, 53333, 53333],
      1,
    ],
    [
      'preserved on one side, not the other',
      [53333, 53333, 53333, 53333],
      [53333, 53333, 53333, 9065],
      1,
    ],
  ])('%s: %j vs %j -> %i differences', (_what, model, lab, n) => {
    const d = compare(normalise(c, raw(model)), normalise(c, raw(lab)));
    expect(d).toHaveLength(n);
  });

  it('names unnamed ports P1, P2 in order of appearance, and keeps the ports the case names', () => {
    const o = normalise(c, raw([40001, 53333, 40002, 40001]));
    expect([1, 2, 3, 4].map((i) => o.fields.get(`to-${i}.seen`))).toEqual([
      '192.0.2.113:P1',
      '192.0.2.113:53333',
      '192.0.2.113:P2',
      '192.0.2.113:P1',
    ]);
  });
});

describe('the model adapter', () => {
  const goals = (id: string): (string | undefined)[] => {
    const c = byId(id);
    const o = normalise(c, runInModel(c));
    return ['goal alice hears bob', 'goal bob hears alice'].map((g) => o.fields.get(g));
  };

  it.each([
    [
      'walkthrough/drop-new/bob-port-restricted-cone/alice-port-restricted-cone',
      ['reached', 'reached'],
    ],
    [
      'walkthrough/accept/bob-port-restricted-cone/alice-port-restricted-cone',
      ['missed', 'missed'],
    ],
    ['walkthrough/drop-new/bob-symmetric/alice-symmetric', ['missed', 'missed']],
    ['punch/bob-full-cone/alice-symmetric', ['reached', 'reached']],
  ])('%s: %j', (id, expected) => {
    expect(goals(id)).toEqual(expected);
  });

  it("the walkthrough with INPUT accepting: Bob's reply clashes onto another port", () => {
    const c = byId('walkthrough/accept/bob-port-restricted-cone/alice-port-restricted-cone');
    const o = normalise(c, runInModel(c));
    expect(o.fields.get('soy-bob.fate')).toBe('dropped@alice-nat');
    expect(o.fields.get('conntrack bob-nat @end')).toMatch(
      /192\.168\.2\.20:58888>192\.0\.2\.113:53333 \| 192\.0\.2\.113:53333>198\.51\.100\.24:P1/,
    );
  });
});
