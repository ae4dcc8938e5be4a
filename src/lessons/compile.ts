/**
 * The lesson compiler (Node, build time): one lessons/NN-slug.LANG.md file to a typed Lesson:
 * front matter, then sections (prose HTML and blocks with validated attributes), each with its
 * source line, plus the links it makes. Meaning (scenarios, goals, answers) is checked later, in
 * check.ts; this file only reads shape.
 */
import type { Token } from 'markdown-it';
import { isLang } from '../i18n/index.ts';
import type { Lang } from '../i18n/index.ts';
import { buildBlock } from './blocks.ts';
import { readFrontMatter } from './front-matter.ts';
import { lessonMarkdown } from './markdown.ts';
import type { LinkRef, RenderEnv } from './markdown.ts';
import type { Lesson, LessonError, Section } from './types.ts';

/** What compiling one file gives: the lesson (when its front matter reads), links and errors. */
export interface Compiled {
  readonly file: string;
  readonly lesson: Lesson | undefined;
  readonly links: readonly LinkRef[];
  readonly errors: readonly LessonError[];
}

/** What a file's name says: `03-walkthrough.es.md`. */
export interface FileName {
  readonly key: string;
  readonly chapter: number;
  readonly slug: string;
  readonly lang: Lang;
}

/** Reads a lesson file name; undefined unless it is NN-slug.LANG.md. */
export function parseFileName(name: string): FileName | undefined {
  const m = /^((\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*))\.([a-z]{2})\.md$/.exec(name);
  if (!m || !isLang(m[4])) return undefined;
  return { key: m[1] as string, chapter: Number(m[2]), slug: m[3] as string, lang: m[4] };
}

const md = lessonMarkdown();

/**
 * Compiles `source`, the text of `file` (shown in errors, e.g. `lessons/03-walkthrough.es.md`).
 * `chapters` maps every chapter slug to its key, for links.
 */
export function compileLesson(
  file: string,
  source: string,
  chapters: Readonly<Record<string, string>>,
): Compiled {
  const errors: LessonError[] = [];
  const err = (line: number, message: string) => errors.push({ file, line, message });
  const name = parseFileName(file.split('/').pop() ?? file);
  if (!name) err(1, 'a lesson file is named NN-slug.LANG.md (LANG: es or en)');
  const front = readFrontMatter(source);
  for (const e of front.errors) err(e.line, e.message);
  if (name && front.meta) {
    if (front.meta.chapter !== name.chapter)
      err(2, `front matter: chapter ${front.meta.chapter} but the file name says ${name.chapter}`);
    if (front.meta.slug !== name.slug)
      err(2, `front matter: slug "${front.meta.slug}" but the file name says "${name.slug}"`);
  }
  const lang: Lang = name?.lang ?? 'es';
  const links: LinkRef[] = [];
  const env: RenderEnv = { lang, chapters, lineOffset: front.bodyLine - 1, links };
  const lines = front.body.split('\n');
  const tokens = md.parse(front.body, env);
  const render = (text: string, line: number): string =>
    text.trim() === ''
      ? ''
      : md.render(text, { lang, chapters, lineOffset: line - 1, links: [] } satisfies RenderEnv);
  const renderInline = (text: string, line: number): string =>
    md.renderInline(text, { lang, chapters, lineOffset: line - 1, links: [] } satisfies RenderEnv);

  const sections: Section[] = [];
  let prose: Token[] = [];
  const flush = () => {
    const first = prose.find((t) => t.map);
    const html = md.renderer.render(prose, md.options, env).trim();
    if (html !== '')
      sections.push({ kind: 'prose', html, line: (first?.map?.[0] ?? 0) + front.bodyLine });
    prose = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.type !== 'container_block_open' || t.level !== 0) {
      prose.push(t);
      continue;
    }
    flush();
    let depth = 1;
    while (depth > 0 && ++i < tokens.length) {
      const u = tokens[i] as Token;
      if (u.type === 'container_block_open') depth++;
      else if (u.type === 'container_block_close') depth--;
    }
    const [start, end] = t.map ?? [0, 0];
    const line = start + front.bodyLine;
    const closed = /^\s*:::+\s*$/.test(lines[end] ?? '');
    if (!closed) err(line, 'block not closed: a line ":::" must end it');
    const body = lines.slice(start + 1, end);
    const built = buildBlock(t.info, body, line, { render, renderInline });
    for (const e of built.errors) err(e.line, e.message);
    if (built.block) sections.push(built.block);
  }
  flush();
  const lesson: Lesson | undefined =
    front.meta && name ? { key: name.key, lang, meta: front.meta, sections } : undefined;
  return { file, lesson, links, errors };
}
