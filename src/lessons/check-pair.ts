/**
 * The check that a chapter's Spanish and English files say the same thing apart from prose:
 * the same front matter numbers, the same blocks with the same ids in the same order, the same
 * attributes (scenario, NATs, question, option values, terminal lines, goal...). Errors point at
 * the English file, the translation.
 */
import type { Block, Lesson, LessonError } from './types.ts';
import { isBlock } from './types.ts';

/** The parts of a block both languages share: everything but its prose and lines. */
function shape(b: Block): string {
  const r: Record<string, unknown> = { ...b };
  delete r['html'];
  delete r['line'];
  if (b.kind === 'predict') r['options'] = b.options.map((o) => o.value);
  if (b.kind === 'terminal') r['lines'] = b.lines.map((l) => `${l.actor}$ ${l.command}`);
  if (b.kind === 'figure') delete r['alt'];
  delete r['answer'];
  return JSON.stringify(Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b))));
}

/** Compares the blocks of `es` (file `esFile`) with those of `en` (file `enFile`). */
export function checkPair(es: Lesson, en: Lesson, esFile: string, enFile: string): LessonError[] {
  const errors: LessonError[] = [];
  const err = (line: number, message: string) => errors.push({ file: enFile, line, message });
  if (es.meta.chapter !== en.meta.chapter || es.meta.slug !== en.meta.slug)
    err(2, `front matter: chapter/slug differ from ${esFile}`);
  const a = es.sections.filter(isBlock);
  const b = en.sections.filter(isBlock);
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (!x && y) {
      err(y.line, `${y.kind} ${y.id}: block ${i + 1} has no counterpart in ${esFile} (it has ${a.length} blocks)`);
      break;
    }
    if (x && !y) {
      err(b.at(-1)?.line ?? 1, `${esFile}:${x.line} ${x.kind} ${x.id}: missing here (block ${i + 1}; this file has ${b.length})`);
      break;
    }
    if (!x || !y) break;
    if (x.kind !== y.kind || x.id !== y.id) {
      err(y.line, `block ${i + 1} is ${y.kind} "${y.id}" but ${esFile}:${x.line} has ${x.kind} "${x.id}"`);
      break;
    }
    if (shape(x) !== shape(y))
      err(y.line, `${y.kind} ${y.id}: attributes differ from ${esFile}:${x.line} (${shape(x)} vs ${shape(y)})`);
  }
  return errors;
}
