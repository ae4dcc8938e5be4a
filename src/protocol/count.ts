/**
 * A count and its noun in English, singular or plural by the language's rule (Intl.PluralRules):
 * "1 step", "0 steps", "2 peers". For the sentences the hub and the lab commands print, which are
 * in English; the browser's strings pick their forms in src/i18n (plural.ts).
 */

const RULES = new Intl.PluralRules('en');

/** "1 agent", "2 agents"; `other` defaults to `one` + "s". */
export function count(n: number, one: string, other = `${one}s`): string {
  return `${n} ${RULES.select(n) === 'one' ? one : other}`;
}
