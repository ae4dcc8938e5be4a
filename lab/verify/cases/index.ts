/**
 * Every conformance case, family by family, and the `--only` filter over their ids.
 */
import type { VerifyCase } from '../case.ts';
import { clashCases } from './clashes.ts';
import { doubleNatCases } from './double-nat.ts';
import { expiryCases } from './expiry.ts';
import { filteringCases } from './filtering.ts';
import { hairpinCases } from './hairpin.ts';
import { mappingCases } from './mapping.ts';
import { punchGridCases } from './punch-grid.ts';
import { stunCases } from './stun.ts';
import { ncWalkthroughCases, walkthroughCases } from './walkthrough.ts';

/** Every case, in the order they run (grouped by topology later). */
export function allCases(): VerifyCase[] {
  const cases = [
    ...mappingCases(),
    ...filteringCases(),
    ...walkthroughCases(),
    ...ncWalkthroughCases(),
    ...punchGridCases(),
    ...clashCases(),
    ...hairpinCases(),
    ...doubleNatCases(),
    ...expiryCases(),
    ...stunCases(),
  ];
  const ids = new Set<string>();
  for (const c of cases) {
    if (ids.has(c.id)) throw new Error(`duplicate verify case id ${c.id}`);
    ids.add(c.id);
  }
  return cases;
}

/**
 * The cases whose id matches `pattern`: a substring, or a glob with `*` (any run of characters),
 * e.g. `walkthrough/accept/*`, `filtering/*random*`.
 */
export function selectCases(
  cases: readonly VerifyCase[],
  pattern: string | undefined,
): VerifyCase[] {
  if (pattern === undefined || pattern === '') return [...cases];
  if (!pattern.includes('*')) return cases.filter((c) => c.id.includes(pattern));
  const re = new RegExp(`^${pattern.split('*').map(escape).join('.*')}$`);
  return cases.filter((c) => re.test(c.id));
}

function escape(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}
