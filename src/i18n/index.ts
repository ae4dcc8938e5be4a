/**
 * UI strings in Spanish and English: the language type, the lookup with {name} parameters (and
 * the word after a count, {n#agent|agents}), and the pick of a model's Localized text.
 */
import { en } from './en.ts';
import type { Strings } from './en.ts';
import { es } from './es.ts';
import { fill } from './plural.ts';

/** A UI language. */
export type Lang = 'es' | 'en';

/** Every UI language, default first. */
export const LANGS: readonly Lang[] = ['es', 'en'];

/** A key of the string tables. */
export type StringKey = keyof Strings;

const TABLES: Readonly<Record<Lang, Strings>> = { es, en };

/** Whether `x` names a UI language. */
export function isLang(x: unknown): x is Lang {
  return x === 'es' || x === 'en';
}

/**
 * The string `key` in `lang`, with `{name}` replaced from `params` and `{name#one|other}` by the
 * word for that count in `lang` (plural.ts).
 * @example t('en', 'stepOf', { index: 3, total: 74 }) // "step 3 of 74"
 */
export function t(
  lang: Lang,
  key: StringKey,
  params: Readonly<Record<string, string | number>> = {},
): string {
  return fill(lang, TABLES[lang][key], params);
}

/** Picks the language from a model's `{ en, es }` text. */
export function pick(lang: Lang, text: { readonly en: string; readonly es: string }): string {
  return text[lang];
}

/** A fixed-language lookup, handy inside a render method. */
export function translator(
  lang: Lang,
): (key: StringKey, params?: Record<string, string | number>) => string {
  return (key, params) => t(lang, key, params);
}
