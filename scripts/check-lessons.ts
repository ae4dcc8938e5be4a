/**
 * Compiles and checks every lesson (lessons/NN-slug.LANG.md, or the directory given) and prints
 * each problem as `file:line: message`; exits 1 when there is any.
 *
 *   npx tsx scripts/check-lessons.ts [DIR]
 */
import { loadCourse } from '../src/lessons/load.ts';
import { formatError } from '../src/lessons/types.ts';

const dir = process.argv[2] ?? 'lessons';
const started = Date.now();
const course = loadCourse(dir);
const all = [...course.errors].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
for (const e of all) console.log(formatError(e));
const errors = all.filter((e) => !e.warning);
const warnings = all.length - errors.length;
const files = course.lessons.size;
const ms = Date.now() - started;
console.log(
  errors.length === 0
    ? `ok: ${files} lesson files, ${course.index.length} chapters, ${warnings} warning(s) (${ms} ms)`
    : `${errors.length} problem(s) in ${dir} (${files} lesson files compiled, ${ms} ms)`,
);
process.exitCode = errors.length === 0 ? 0 : 1;
