/**
 * The Vite plugin that serves the compiled course: `virtual:lessons` (the index: chapters with
 * titles and summaries in both languages, block ids, and a loader per chapter and language) and
 * one lazily imported module per lesson (`virtual:lesson/03-walkthrough.es`: the checked Lesson
 * with its predict answers; figures imported as asset URLs). Lesson problems are logged, not
 * fatal: `npx tsx scripts/check-lessons.ts` and test/lessons fail on them.
 */
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { loadCourse, lessonFiles } from './load.ts';
import type { Course } from './load.ts';
import { formatError } from './types.ts';

const INDEX = 'virtual:lessons';
const LESSON = 'virtual:lesson/';

/** The plugin; `dir` is the lessons directory. */
export function lessonsPlugin(dir = 'lessons'): Plugin {
  const root = resolve(dir);
  let course: Course | undefined;
  const get = (warn: (m: string) => void): Course => {
    if (!course) {
      course = loadCourse(root, dir);
      for (const e of course.errors) warn(formatError(e));
    }
    return course;
  };
  return {
    name: 'agujero-lessons',
    resolveId(id) {
      if (id === INDEX || id.startsWith(LESSON)) return `\0${id}`;
      return undefined;
    },
    load(id) {
      if (!id.startsWith('\0virtual:')) return undefined;
      for (const f of lessonFiles(root)) this.addWatchFile(resolve(root, f));
      const c = get((m) => this.warn(m));
      if (id === `\0${INDEX}`) {
        const loaders = [...c.lessons.keys()]
          .map((k) => `  ${JSON.stringify(k)}: () => import(${JSON.stringify(LESSON + k)}),`)
          .join('\n');
        return `export const chapters = ${JSON.stringify(c.index)};\nexport const loaders = {\n${loaders}\n};\n`;
      }
      const key = id.slice(`\0${LESSON}`.length);
      const lesson = c.lessons.get(key);
      if (!lesson) return `export default undefined;`;
      const imports: string[] = [];
      const fixes: string[] = [];
      lesson.sections.forEach((s, i) => {
        if (s.kind !== 'figure') return;
        imports.push(`import f${i} from ${JSON.stringify(`${resolve(root, s.src)}?url`)};`);
        fixes.push(`lesson.sections[${i}].src = f${i};`);
      });
      return `${imports.join('\n')}\nconst lesson = ${JSON.stringify(lesson)};\n${fixes.join('\n')}\nexport default lesson;\n`;
    },
    handleHotUpdate(ctx) {
      if (!ctx.file.startsWith(root) || !ctx.file.endsWith('.md')) return undefined;
      course = undefined;
      const mods = [...ctx.server.moduleGraph.idToModuleMap.entries()]
        .filter(([id]) => id.startsWith('\0virtual:lesson'))
        .map(([, m]) => m);
      for (const m of mods) ctx.server.moduleGraph.invalidateModule(m);
      ctx.server.ws.send({ type: 'full-reload' });
      return [];
    },
  };
}
