/**
 * A lesson's front matter: `key: value` lines between the opening `---` lines (chapter, slug,
 * title, summary; the value is the rest of the line, so it may hold colons; surrounding quotes
 * are dropped), validated with valibot, and where the markdown body starts.
 */
import * as v from 'valibot';
import type { LessonMeta } from './types.ts';

const META = v.strictObject({
  chapter: v.pipe(
    v.string(),
    v.regex(/^\d{1,2}$/, 'expected the chapter number'),
    v.transform((x) => Number(x)),
  ),
  slug: v.pipe(v.string(), v.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)),
  title: v.pipe(v.string(), v.trim(), v.minLength(1)),
  summary: v.pipe(v.string(), v.trim(), v.minLength(1)),
});

/** The front matter read from a file. */
export interface FrontMatter {
  readonly meta: LessonMeta | undefined;
  /** The markdown after the front matter. */
  readonly body: string;
  /** The 1-based file line of the body's first line. */
  readonly bodyLine: number;
  readonly errors: readonly { line: number; message: string }[];
}

/** Splits and validates the front matter of `source`. */
export function readFrontMatter(source: string): FrontMatter {
  const lines = source.replace(/\r\n/g, '\n').split('\n');
  if (lines[0] !== '---') {
    const errors = [{ line: 1, message: 'front matter missing: the file starts with a line "---"' }];
    return { meta: undefined, body: lines.join('\n'), bodyLine: 1, errors };
  }
  const close = lines.indexOf('---', 1);
  if (close < 0) {
    const errors = [{ line: 1, message: 'front matter not closed: a second line "---" must end it' }];
    return { meta: undefined, body: '', bodyLine: lines.length + 1, errors };
  }
  const body = lines.slice(close + 1).join('\n');
  const bodyLine = close + 2;
  const data: Record<string, string> = {};
  const errors: { line: number; message: string }[] = [];
  lines.slice(1, close).forEach((l, i) => {
    const m = /^([a-z]+):\s*(.*)$/.exec(l);
    if (m) data[m[1] as string] = (m[2] as string).replace(/^"(.*)"$|^'(.*)'$/, '$1$2');
    else if (l.trim() !== '') errors.push({ line: i + 2, message: `front matter: a line is "key: value", got "${l}"` });
  });
  if (errors.length) return { meta: undefined, body, bodyLine, errors };
  const r = v.safeParse(META, data);
  if (r.success) return { meta: r.output, body, bodyLine, errors: [] };
  const issues = r.issues.map((i) => {
    const key = i.path?.map((p) => String(p.key)).join('.') ?? '';
    const at = lines.findIndex((l, n) => n > 0 && n < close && l.startsWith(`${key}:`));
    const what = i.input === undefined ? 'missing' : i.message;
    return { line: at > 0 ? at + 1 : 2, message: `front matter: ${key || 'the whole'}: ${what}` };
  });
  return { meta: undefined, body, bodyLine, errors: issues };
}
