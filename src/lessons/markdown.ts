/**
 * The markdown-it instance the lesson compiler uses (build time only, never in the browser): one
 * container rule that takes every `::: KIND ...` block (the compiler reads its kind and
 * attributes), and a core rule that rewrites and records links with their source lines: a chapter
 * slug (`stun`, `stun#p-x`) becomes that lesson's URL, `#block-id` stays, `?s=...` is the simulator.
 */
import MarkdownIt from 'markdown-it';
import container from 'markdown-it-container';
import type { Lang } from '../i18n/index.ts';
import { plannedKey } from './plan.ts';

/** A link written in a lesson, as the checks resolve it. */
export type LinkRef =
  | { readonly kind: 'chapter'; readonly slug: string; readonly anchor?: string; line: number }
  | { readonly kind: 'anchor'; readonly anchor: string; readonly line: number }
  | { readonly kind: 'simulator'; readonly query: string; readonly line: number }
  | { readonly kind: 'bad'; readonly href: string; readonly line: number };

/** What a render needs and collects. */
export type RenderEnv = {
  readonly lang: Lang;
  /** Chapter key (`03-walkthrough`) by slug. */
  readonly chapters: Readonly<Record<string, string>>;
  /** Added to token lines (0-based) to give the file's 1-based line. */
  readonly lineOffset: number;
  readonly links: LinkRef[];
};

const SLUG = /^([a-z][a-z0-9-]*)(?:#([a-z0-9-]+))?$/;

/** The URL of a lesson, and of a block in it. */
export function lessonHref(key: string, lang: Lang, anchor?: string): string {
  return `?page=lesson&l=${key}&lang=${lang}${anchor ? `#${anchor}` : ''}`;
}

/** Rewrites one href, recording what it points at. */
function resolveHref(href: string, line: number, env: RenderEnv): string {
  if (/^(https?:|mailto:)/.test(href)) return href;
  if (href.startsWith('#')) {
    env.links.push({ kind: 'anchor', anchor: href.slice(1), line });
    return href;
  }
  if (href.startsWith('?')) {
    env.links.push({ kind: 'simulator', query: href, line });
    return /[?&]lang=/.test(href) ? href : `${href}&lang=${env.lang}`;
  }
  const m = SLUG.exec(href);
  if (!m) {
    env.links.push({ kind: 'bad', href, line });
    return href;
  }
  const slug = m[1] as string;
  const anchor = m[2];
  env.links.push({ kind: 'chapter', slug, ...(anchor ? { anchor } : {}), line });
  const key = env.chapters[slug] ?? plannedKey(slug);
  return key ? lessonHref(key, env.lang, anchor) : href;
}

/** A markdown-it for lessons: HTML off, typographer off (so `ip:port` and quotes stay as typed). */
export function lessonMarkdown(): InstanceType<typeof MarkdownIt> {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  md.use(container, 'block', { validate: () => true });
  // A code block may scroll sideways: keyboard users must be able to reach it.
  const fence = md.renderer.rules.fence;
  md.renderer.rules.fence = (...args) =>
    (fence?.(...args) ?? '').replace(/^<pre>/, '<pre tabindex="0">');
  md.core.ruler.push('lesson_links', (state) => {
    const env = state.env as unknown as RenderEnv;
    if (!env?.links) return;
    for (const token of state.tokens) {
      if (token.type !== 'inline' || !token.children) continue;
      const line = (token.map?.[0] ?? 0) + env.lineOffset + 1;
      for (const child of token.children) {
        if (child.type !== 'link_open') continue;
        const href = String(child.attrGet('href') ?? '');
        child.attrSet('href', resolveHref(href, line, env));
      }
    }
  });
  return md;
}
