/**
 * Words that follow a count, in the UI's languages: a string says `{n#agent|agents}` where the
 * word goes, and the form is picked by the language's plural rule (Intl.PluralRules) for the
 * parameter's value: "1 agent", "0 agents", "2 agentes". Used by `t` for every string.
 */

/** One PluralRules per language, made once. */
const RULES = new Map<string, Intl.PluralRules>();

/** The `one` form when `lang`'s rule calls `n` singular, otherwise `other`. */
export function plural(lang: string, n: number, one: string, other: string): string {
  let rules = RULES.get(lang);
  if (!rules) RULES.set(lang, (rules = new Intl.PluralRules(lang)));
  return rules.select(n) === 'one' ? one : other;
}

/** `{name}` or `{name#one|other}` in a string. */
export const PLACEHOLDER = /\{(\w+)(?:#([^|{}]*)\|([^{}]*))?\}/g;

/**
 * Replaces each placeholder of `s` from `params`: `{name}` with the value, `{name#one|other}`
 * with the form for the value (left as written when the parameter is missing or not a number).
 */
export function fill(
  lang: string,
  s: string,
  params: Readonly<Record<string, string | number>>,
): string {
  return s.replace(PLACEHOLDER, (all, name: string, one?: string, other?: string) => {
    if (!(name in params)) return all;
    const value = params[name];
    if (one === undefined) return String(value);
    return typeof value === 'number' ? plural(lang, value, one, other ?? one) : all;
  });
}
