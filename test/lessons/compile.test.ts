// The lesson compiler: front matter, sections with source lines, block attributes, bodies,
// links rewritten and recorded; the good fixture chapter compiles to the expected data.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileLesson, parseFileName } from '../../src/lessons/compile.ts';
import { loadCourse } from '../../src/lessons/load.ts';
import type { PredictBlock, TerminalBlock } from '../../src/lessons/types.ts';
import { isBlock } from '../../src/lessons/types.ts';

const GOOD = resolve(import.meta.dirname, 'fixtures/good');
const FRONT = '---\nchapter: 1\nslug: tiny\ntitle: T: with a colon\nsummary: S.\n---\n';

describe('compileLesson', () => {
  it('reads the file name', () => {
    expect(parseFileName('03-walkthrough.es.md')).toEqual({
      key: '03-walkthrough',
      chapter: 3,
      slug: 'walkthrough',
      lang: 'es',
    });
    expect(parseFileName('3-walkthrough.es.md')).toBeUndefined();
    expect(parseFileName('03-walkthrough.fr.md')).toBeUndefined();
  });

  it('compiles the good fixture: prose, blocks with lines, answers from the model', () => {
    const course = loadCourse(GOOD, 'fixtures');
    expect(course.errors).toEqual([]);
    const es = course.lessons.get('01-tiny.es');
    expect(es?.meta).toEqual({
      chapter: 1,
      slug: 'tiny',
      title: 'Un capítulo mínimo',
      summary: 'Comprueba el compilador: prosa, un simulador, una pregunta, órdenes y una tarea.',
    });
    const blocks = es?.sections.filter(isBlock) ?? [];
    expect(blocks.map((b) => [b.kind, b.id, b.line])).toEqual([
      ['simulator', 'sim-a', 12],
      ['predict', 'p-bob-port', 16],
      ['terminal', 't-punch', 24],
      ['try', 'try-hole', 30],
      ['note', '', 34],
      ['plot', 'plot-b', 38],
    ]);
    const p = blocks[1] as PredictBlock;
    expect(p.answer).toBe('58888');
    expect(p.options.map((o) => o.value)).toEqual(['58888', '9000']);
    expect(p.setup).toEqual({ scenario: 'walkthrough', nat: {}, stopAfter: 6 });
    expect((blocks[2] as TerminalBlock).lines[0]).toEqual({
      actor: 'alice',
      command: 'echo "upd hole" | nc -p 53333 -u 54.93.229.24 58888',
      line: 25,
    });
    const prose = es?.sections[0];
    expect(prose?.kind === 'prose' && prose.html).toContain('<code>54.93.229.24:58888</code>');
    expect(prose?.kind === 'prose' && prose.html).toContain('href="?s=walkthrough&amp;lang=es"');
    expect(course.index).toEqual([
      expect.objectContaining({
        key: '01-tiny',
        title: { es: 'Un capítulo mínimo', en: 'A tiny chapter' },
      }),
    ]);
  });

  it('keeps colons in front matter values and rewrites chapter links', () => {
    const src = `${FRONT}\nSee [stun](stun#p-x).\n`;
    const c = compileLesson('lessons/01-tiny.en.md', src, { stun: '05-stun' });
    expect(c.errors).toEqual([]);
    expect(c.lesson?.meta.title).toBe('T: with a colon');
    expect(c.links).toEqual([{ kind: 'chapter', slug: 'stun', anchor: 'p-x', line: 8 }]);
    const prose = c.lesson?.sections[0];
    expect(prose?.kind === 'prose' && prose.html).toContain('?page=lesson&amp;l=05-stun&amp;lang=en#p-x');
  });

  it('names file and line for shape errors', () => {
    const src = `${FRONT}\n::: bogus id=x\n:::\n\n::: simulator id=Bad scenario=walkthrough\n:::\n\n::: predict id=p scenario=walkthrough ask=goal:alice-hears-bob\nQ?\n- yes Sí\n:::\n\n::: note\nunclosed\n`;
    const c = compileLesson('lessons/01-tiny.es.md', src, {});
    expect(c.errors.map((e) => `${e.file}:${e.line}: ${e.message}`)).toEqual([
      'lessons/01-tiny.es.md:8: unknown block "bogus" (simulator, predict, terminal, try, note, figure, plot)',
      expect.stringMatching(/^lessons\/01-tiny.es.md:11: simulator: attribute id="Bad": an id is lowercase/),
      'lessons/01-tiny.es.md:16: predict: an option is "- VALUE: label", got "- yes Sí"',
      'lessons/01-tiny.es.md:15: predict: at least two options',
      'lessons/01-tiny.es.md:19: block not closed: a line ":::" must end it',
    ]);
  });

  it('refuses front matter that does not match the file name', () => {
    const c = compileLesson('lessons/02-other.es.md', FRONT, {});
    expect(c.errors.map((e) => e.message)).toEqual([
      'front matter: chapter 1 but the file name says 2',
      'front matter: slug "tiny" but the file name says "other"',
    ]);
  });

  it('reads the real fixture files line by line as written', () => {
    const text = readFileSync(resolve(GOOD, '01-tiny.es.md'), 'utf8').split('\n');
    expect(text[15]).toMatch(/^::: predict id=p-bob-port/);
  });
});
