/**
 * What `agujero verify` prints, on a disagreement made by hand: the row says DISAGREE, the
 * datagrams are listed with both sides (a `!` marks the ones that differ), differing conntrack
 * tables are shown whole, other fields as "model X, kernel Y"; the Markdown table counts per
 * family and marks the case.
 */
import { describe, expect, it } from 'vitest';
import { allCases } from '../../../lab/verify/cases/index.ts';
import { caseResult } from '../../../lab/verify/matrix.ts';
import type { RawObservation } from '../../../lab/verify/observation.ts';
import { disagreement, row, summary, toJson, toMarkdown } from '../../../lab/verify/report.ts';
import { runInModel } from '../../../lab/verify/run-model.ts';

const c = allCases().find((x) => x.id === 'filtering/masquerade/drop-new/same-address-other-port')!;
const model = runInModel(c);
// The "kernel" here lets the inbound datagram through: a made-up disagreement.
const lab: RawObservation = {
  ...model,
  datagrams: model.datagrams.map((d) =>
    d.id === 'inbound'
      ? { ...d, fate: { kind: 'delivered' }, seenAs: { ip: '203.0.113.162', port: 3479 } }
      : d,
  ),
  tables: [{ label: 'end', flows: { 'alice-nat': [], 'bob-nat': [] } }],
};
const result = caseResult(c, model, lab, 1);

describe('the report of a disagreement', () => {
  it('marks the row and shows both sides datagram by datagram', () => {
    expect(row(result)).toMatch(
      /^DISAGREE {2}filtering\/masquerade\/drop-new\/same-address-other-port/,
    );
    const text = disagreement(result);
    expect(text).toMatch(
      /^ {4}open +model -> 203\.0\.113\.162:3478 delivered as 192\.0\.2\.113:53333 +kernel -> 203\.0\.113\.162:3478 delivered/m,
    );
    expect(text).toMatch(
      /^ {2}! inbound +model -> 192\.0\.2\.113:53333 dropped@alice-nat +kernel -> 192\.0\.2\.113:53333 delivered as 203\.0\.113\.162:3479/m,
    );
    expect(text).toContain('! conntrack alice-nat @end');
    expect(text).toMatch(/kernel:\n {6}\(empty\)/);
  });

  it('counts it in the summary and the Markdown table', () => {
    expect(summary([result], 1500)).toBe('1 cases, 0 agree (1.5 s)\n');
    const md = toMarkdown([result], 1500, '2026-12-07');
    expect(md).toContain('| filtering | 1 | 0 |');
    expect(md).toMatch(
      /\| `filtering\/masquerade\/drop-new\/same-address-other-port` \| model: .*; kernel: .* \| \*\*no\*\* \|/,
    );
  });
});

describe('a case the kernel agreed on only when run again', () => {
  // Its second run agreed (the model's own observation); its first run differed as above.
  const rerun = { ...caseResult(c, model, model, 1), firstRun: result.differences };

  it('counts as agreeing, and its row and JSON say what the first run differed in', () => {
    expect(summary([rerun], 1000)).toBe('1 cases, 1 agree (1.0 s)\n');
    expect(row(rerun)).toMatch(
      /^agree {5}filtering\/masquerade\/drop-new\/same-address-other-port/,
    );
    expect(row(rerun)).toContain(
      '(agreed when run again; the first run differed: inbound.fate: kernel delivered;',
    );
    const json = JSON.parse(toJson([rerun], 1000)) as {
      results: { agree: boolean; firstRun?: { field: string; kernel: string }[] }[];
    };
    expect(json.results[0]!.agree).toBe(true);
    expect(json.results[0]!.firstRun).toContainEqual({
      field: 'inbound.fate',
      model: 'dropped@alice-nat',
      kernel: 'delivered',
    });
    expect(row(result)).not.toContain('run again');
  });
});
