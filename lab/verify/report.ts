/**
 * What `agujero verify` prints: one table row per case (its outcome in a few words, and whether
 * the model and the kernel agree), a disagreement as both sides datagram by datagram and table by
 * table, the closing `N cases, N agree`, the same as JSON, and a Markdown table for the README.
 */
import { ADDRESSES } from '../netns/plan.ts';
import type { VerifyCase } from './case.ts';
import type { NormalObservation } from './compare.ts';
import type { CaseResult } from './matrix.ts';

/** An outcome in a few words: the goals when the case has them, else each datagram's fate. */
export function outcome(c: VerifyCase, o: NormalObservation): string {
  const f = o.fields;
  if (c.stun)
    return [...f]
      .filter(([k]) => k.startsWith('stun '))
      .map(([k, v]) => `${k.slice(5)}: ${v}`)
      .join('; ');
  if (c.goals?.length)
    return c.goals.map((g) => `${g.name}: ${f.get(`goal ${g.name}`)}`).join(', ');
  const parts: string[] = [];
  for (const step of c.steps) {
    if (step.kind !== 'send') continue;
    const fate = f.get(`${step.id}.fate`) ?? '?';
    const seen = f.get(`${step.id}.seen`) ?? '-';
    parts.push(`${step.id} ${fate === 'delivered' ? `as ${short(seen)}` : fate}`);
  }
  return parts.join(', ');
}

/** A public endpoint of a NAT as `:port` (the address is the sender's router's), else whole. */
function short(endpoint: string): string {
  return endpoint.startsWith(`${ADDRESSES.aliceNatWan}:`) ||
    endpoint.startsWith(`${ADDRESSES.bobNatWan}:`)
    ? endpoint.slice(endpoint.indexOf(':'))
    : endpoint;
}

/** The width of the id column for `cases`. */
export function idWidth(cases: readonly VerifyCase[]): number {
  return Math.max(0, ...cases.map((c) => c.id.length));
}

/** One table row: verdict, case id (padded to `width`), outcome. */
export function row(r: CaseResult, width = 0): string {
  const mark = r.differences.length === 0 ? 'agree   ' : 'DISAGREE';
  return `${mark}  ${r.case.id.padEnd(width)}  ${outcome(r.case, r.model)}${rerunNote(r)}\n`;
}

/** Said of a case the kernel agreed on only when run again: what its first run differed in. */
export function rerunNote(r: CaseResult): string {
  if (!r.firstRun) return '';
  const fields = r.firstRun.map((d) => `${d.field}: kernel ${d.lab}`).join('; ');
  return ` (agreed when run again; the first run differed: ${fields})`;
}

/** A disagreement, both sides: every datagram, then every differing field. */
export function disagreement(r: CaseResult): string {
  const lines = [`  ${r.case.title}`];
  const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));
  for (const step of r.case.steps) {
    if (step.kind !== 'send') continue;
    const side = (o: NormalObservation): string => {
      const fate = o.fields.get(`${step.id}.fate`) ?? '?';
      const to = o.fields.get(`${step.id}.to`) ?? '-';
      const seen = o.fields.get(`${step.id}.seen`) ?? '-';
      return `-> ${to} ${fate}${fate === 'delivered' ? ` as ${seen}` : ''}`;
    };
    const m = side(r.model);
    const l = side(r.lab);
    lines.push(`  ${m === l ? ' ' : '!'} ${pad(step.id, 16)} model ${pad(m, 52)} kernel ${l}`);
  }
  for (const d of r.differences) {
    if (/^[^ ]+\.(to|fate|seen|at)$/.test(d.field)) continue; // shown above
    if (d.field.startsWith('conntrack'))
      lines.push(
        `  ! ${d.field}`,
        '    model:',
        ...indent(d.model),
        '    kernel:',
        ...indent(d.lab),
      );
    else lines.push(`  ! ${d.field}: model ${d.model}, kernel ${d.lab}`);
  }
  return `${lines.join('\n')}\n`;
}

const indent = (text: string): string[] => text.split('\n').map((l) => `      ${l}`);

/** The closing line. */
export function summary(results: readonly CaseResult[], ms: number): string {
  const agree = results.filter((r) => r.differences.length === 0).length;
  return `${results.length} cases, ${agree} agree (${(ms / 1000).toFixed(1)} s)\n`;
}

/** The whole run as JSON. */
export function toJson(results: readonly CaseResult[], ms: number): string {
  return `${JSON.stringify(
    {
      cases: results.length,
      agree: results.filter((r) => r.differences.length === 0).length,
      ms,
      results: results.map((r) => ({
        id: r.case.id,
        family: r.case.family,
        title: r.case.title,
        agree: r.differences.length === 0,
        outcome: { model: outcome(r.case, r.model), kernel: outcome(r.case, r.lab) },
        differences: r.differences.map((d) => ({ field: d.field, model: d.model, kernel: d.lab })),
        model: Object.fromEntries(r.model.fields),
        kernel: Object.fromEntries(r.lab.fields),
        ms: r.ms,
        ...(r.firstRun && {
          firstRun: r.firstRun.map((d) => ({ field: d.field, model: d.model, kernel: d.lab })),
        }),
      })),
    },
    null,
    2,
  )}\n`;
}

/**
 * The README table: a line per family (cases, how many agree), then every case in a collapsed
 * block (its outcome and the verdict), families in order.
 */
export function toMarkdown(results: readonly CaseResult[], ms: number, when: string): string {
  const agreeing = (rs: readonly CaseResult[]): number =>
    rs.filter((r) => r.differences.length === 0).length;
  const cell = (s: string): string => s.replaceAll('|', '\\|');
  const families = [...new Set(results.map((r) => r.case.family))];
  const lines = [
    `${results.length} cases, ${agreeing(results)} agree (${(ms / 1000).toFixed(1)} s, ${when}).`,
    '',
    '| family | cases | agree |',
    '| --- | --- | --- |',
    ...families.map((f) => {
      const rs = results.filter((r) => r.case.family === f);
      return `| ${f} | ${rs.length} | ${agreeing(rs)} |`;
    }),
    '',
    '<details><summary>Every case</summary>',
    '',
    '| case | outcome (model and kernel) | agree |',
    '| --- | --- | --- |',
  ];
  for (const r of results) {
    const m = outcome(r.case, r.model);
    const l = outcome(r.case, r.lab);
    const text = m === l ? m : `model: ${m}; kernel: ${l}`;
    const verdict = r.differences.length === 0 ? 'yes' : '**no**';
    lines.push(`| \`${r.case.id}\` | ${cell(text)} | ${verdict} |`);
  }
  lines.push('', '</details>');
  return `${lines.join('\n')}\n`;
}
