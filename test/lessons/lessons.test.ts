// Every real lesson (lessons/NN-slug.LANG.md) compiles and passes every check: ids, scenarios,
// presets, goals, actors, commands, links, model-computed answers, explanations, tries, and the
// ES/EN pairing. While lessons/ holds no chapter yet, the fixture chapter stands in.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lessonFiles, loadCourse } from '../../src/lessons/load.ts';
import { formatError } from '../../src/lessons/types.ts';

const LESSONS = resolve(import.meta.dirname, '../../lessons');
const dir = lessonFiles(LESSONS).length > 0 ? LESSONS : resolve(import.meta.dirname, 'fixtures/good');

describe(`the course in ${dir.endsWith('lessons') ? 'lessons/' : 'the fixture'}`, () => {
  const course = loadCourse(dir, dir.endsWith('lessons') ? 'lessons' : 'test/lessons/fixtures/good');

  it('compiles and checks every lesson file without an error', () => {
    expect(course.errors.filter((e) => !e.warning).map(formatError)).toEqual([]);
  });

  it('has both languages of every chapter, and every predict answered by the model', () => {
    expect(course.lessons.size).toBe(course.index.length * 2);
    for (const lesson of course.lessons.values())
      for (const s of lesson.sections)
        if (s.kind === 'predict') expect(s.options.map((o) => o.value)).toContain(s.answer);
  });
});
