/**
 * The course read from disk (Node, build time): every lessons/NN-slug.LANG.md compiled, checked
 * against the model and its counterpart in the other language, with the index the browser gets.
 * Used by the Vite plugin, scripts/check-lessons.ts and the tests.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { LANGS } from '../i18n/index.ts';
import type { Lang } from '../i18n/index.ts';
import { checkLesson } from './check.ts';
import { checkPair } from './check-pair.ts';
import { compileLesson, parseFileName } from './compile.ts';
import type { ChapterEntry, Lesson, LessonError } from './types.ts';
import { isBlock } from './types.ts';

/** The whole course, checked. */
export interface Course {
  /** Checked lessons by `KEY.LANG`. */
  readonly lessons: ReadonlyMap<string, Lesson>;
  /** Source file (as shown in errors) by `KEY.LANG`. */
  readonly files: ReadonlyMap<string, string>;
  readonly index: readonly ChapterEntry[];
  readonly errors: readonly LessonError[];
}

/** Lesson file names in `dir` (NN-slug.LANG.md), sorted. */
export function lessonFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^\d{2}-.*\.md$/.test(f))
    .sort();
}

/** Reads, compiles and checks every lesson in `dir`; `shown` is how file paths are printed. */
export function loadCourse(dir: string, shown = relative(process.cwd(), resolve(dir)) || '.'): Course {
  const names = lessonFiles(dir);
  const chapters: Record<string, string> = {};
  for (const n of names) {
    const f = parseFileName(n);
    if (f) chapters[f.slug] = f.key;
  }
  const compiled = names.map((n) =>
    compileLesson(join(shown, n), readFileSync(join(dir, n), 'utf8'), chapters),
  );
  const errors: LessonError[] = compiled.flatMap((c) => [...c.errors]);
  const blockIds: Record<string, Set<string>> = {};
  for (const c of compiled)
    if (c.lesson)
      blockIds[`${c.lesson.key}.${c.lesson.lang}`] = new Set(
        c.lesson.sections.filter(isBlock).map((b) => b.id).filter((id) => id !== ''),
      );
  const ctx = { chapters, blockIds, fileExists: (p: string) => existsSync(join(dir, p)) };
  const lessons = new Map<string, Lesson>();
  const files = new Map<string, string>();
  for (const c of compiled) {
    const checked = checkLesson(c, ctx);
    errors.push(...checked.errors);
    if (checked.lesson) {
      lessons.set(`${checked.lesson.key}.${checked.lesson.lang}`, checked.lesson);
      files.set(`${checked.lesson.key}.${checked.lesson.lang}`, c.file);
    }
  }
  const index: ChapterEntry[] = [];
  for (const key of [...new Set(Object.values(chapters))].sort()) {
    const by = (l: Lang) => lessons.get(`${key}.${l}`);
    const es = by('es');
    const en = by('en');
    for (const l of LANGS)
      if (!by(l) && !errors.some((e) => e.file === join(shown, `${key}.${l}.md`)))
        errors.push({ file: join(shown, `${key}.${l}.md`), line: 1, message: `missing: chapter ${key} has no ${l === 'es' ? 'Spanish' : 'English'} file (or it does not compile)` });
    if (!es || !en) continue;
    errors.push(...checkPair(es, en, files.get(`${key}.es`) as string, files.get(`${key}.en`) as string));
    index.push({
      key,
      chapter: es.meta.chapter,
      slug: es.meta.slug,
      title: { es: es.meta.title, en: en.meta.title },
      summary: { es: es.meta.summary, en: en.meta.summary },
      blocks: es.sections.filter(isBlock).filter((b) => b.id !== '').map((b) => ({ id: b.id, kind: b.kind })),
    });
  }
  return { lessons, files, index, errors };
}
