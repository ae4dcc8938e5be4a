/**
 * <lesson-page>: one chapter: its title, prose and blocks in order (note and figure drawn here;
 * simulator, predict, terminal, try and plot by their lesson-* elements), and previous / next
 * chapter. Loads the chapter's compiled module lazily, records it as opened, scrolls to the
 * `#block-id` of the URL, and tells which block is in view (so a language switch keeps the place).
 */
import { LitElement, html } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { chapters, loaders } from 'virtual:lessons';
import { t } from '../i18n/index.ts';
import type { Lang, StringKey } from '../i18n/index.ts';
import { courseHref } from '../app/course-url.ts';
import { markOpened } from '../lessons/progress.ts';
import type { Block, Lesson, Section } from '../lessons/types.ts';
import { lessonStyles } from './lesson.styles.ts';
import { pageStyles } from './lesson-page.styles.ts';
import './lesson-simulator.ts';
import './lesson-predict.ts';
import './lesson-terminal.ts';
import './lesson-try.ts';
import './lesson-plot.ts';

const NOTE_TITLE: Record<string, StringKey> = {
  info: 'noteInfo',
  warning: 'noteWarning',
  history: 'noteHistory',
};

/** A chapter page. */
export class LessonPage extends LitElement {
  static override properties = {
    chapterKey: { type: String },
    locale: { type: String },
    lesson: { state: true },
    missing: { state: true },
  };

  chapterKey = '';
  locale: Lang = 'es';
  private lesson: Lesson | undefined;
  private missing = false;
  private loaded = '';

  static override styles = [lessonStyles, pageStyles];

  protected override willUpdate(): void {
    const want = `${this.chapterKey}.${this.locale}`;
    if (want === this.loaded) return;
    this.loaded = want;
    this.lesson = undefined;
    this.missing = false;
    const load = loaders[want];
    if (!load) {
      this.missing = true;
      return;
    }
    void load().then(async (m) => {
      if (this.loaded !== want) return;
      this.lesson = m.default;
      this.missing = !m.default;
      if (!m.default) return;
      markOpened(this.chapterKey);
      document.title = `${m.default.meta.title} · Agujero`;
      await this.updateComplete;
      this.scrollToHash();
    });
  }

  /** Scrolls to the block named by the URL's hash (inside this shadow root), or to the top. */
  scrollToHash(): void {
    const id = decodeURIComponent(location.hash.slice(1));
    const el = id ? this.renderRoot.querySelector(`[id="${CSS.escape(id)}"]`) : null;
    if (el) {
      el.scrollIntoView({ block: 'start' });
      (el as HTMLElement).focus({ preventScroll: true });
    } else window.scrollTo(0, 0);
  }

  /** The id of the first block in view (for a language switch), if any. */
  blockInView(): string | undefined {
    const blocks = [...this.renderRoot.querySelectorAll<HTMLElement>('[data-block][id]')];
    return blocks.find((b) => b.getBoundingClientRect().bottom > 80)?.id;
  }

  private readonly onClick = (e: MouseEvent): void => {
    const a = e.composedPath().find((n): n is HTMLAnchorElement => n instanceof HTMLAnchorElement);
    const href = a?.getAttribute('href') ?? '';
    if (!href.startsWith('#')) return;
    e.preventDefault();
    history.pushState(null, '', href);
    this.scrollToHash();
  };

  private block(b: Block) {
    const l = this.locale;
    const key = this.chapterKey;
    switch (b.kind) {
      case 'simulator':
        return html`<div class="block">
          <h3 class="kind">${t(l, 'simulatorHeading')}</h3>
          <lesson-simulator
            .setup=${b.setup}
            .locale=${l}
            .step=${b.step}
            .panels=${b.panels}
          ></lesson-simulator>
          ${b.html ? html`<div class="body caption">${unsafeHTML(b.html)}</div>` : ''}
        </div>`;
      case 'predict':
        return html`<lesson-predict .block=${b} .chapter=${key} .locale=${l}></lesson-predict>`;
      case 'terminal':
        return html`<lesson-terminal .block=${b} .locale=${l}></lesson-terminal>`;
      case 'try':
        return html`<lesson-try .block=${b} .chapter=${key} .locale=${l}></lesson-try>`;
      case 'plot':
        return html`<lesson-plot .block=${b} .locale=${l}></lesson-plot>`;
      case 'note':
        return html`<aside
          class="block note ${b.tone}"
          aria-label=${t(l, NOTE_TITLE[b.tone] ?? 'noteInfo')}
        >
          <h3 class="kind">${t(l, NOTE_TITLE[b.tone] ?? 'noteInfo')}</h3>
          <div class="body">${unsafeHTML(b.html)}</div>
        </aside>`;
      case 'figure':
        return html`<figure class="block figure">
          <img src=${b.src} alt=${b.alt} />
          ${b.html ? html`<figcaption class="body">${unsafeHTML(b.html)}</figcaption>` : ''}
        </figure>`;
    }
  }

  private section(s: Section) {
    if (s.kind === 'prose') return html`<div class="prose">${unsafeHTML(s.html)}</div>`;
    return html`<section data-block=${s.kind} id=${s.id || `line-${s.line}`} tabindex="-1">
      ${this.block(s)}
    </section>`;
  }

  override render() {
    const l = this.locale;
    if (this.missing)
      return html`<p role="alert">${t(l, 'lessonMissing', { key: this.chapterKey })}</p>`;
    const lesson = this.lesson;
    if (!lesson) return html`<p class="muted" role="status">${t(l, 'lessonLoading')}</p>`;
    const i = chapters.findIndex((c) => c.key === this.chapterKey);
    const prev = chapters[i - 1];
    const next = chapters[i + 1];
    const link = (c: (typeof chapters)[number], rel: StringKey) =>
      html`<a
        href=${courseHref({ page: 'lesson', key: c.key, lang: l })}
        rel=${rel === 'lessonPrev' ? 'prev' : 'next'}
      >
        <span class="muted">${t(l, rel)}</span> ${c.chapter}. ${c.title[l]}</a
      >`;
    return html`<article @click=${this.onClick}>
        <p class="eyebrow">${t(l, 'courseChapter', { n: lesson.meta.chapter })}</p>
        <h1>${lesson.meta.title}</h1>
        <p class="summary">${lesson.meta.summary}</p>
        ${lesson.sections.map((s) => this.section(s))}
      </article>
      <nav class="pager" aria-label=${t(l, 'lessonChapterNav')}>
        ${prev ? link(prev, 'lessonPrev') : html`<span></span>`}
        <a href=${courseHref({ page: 'course', lang: l })}>${t(l, 'lessonAll')}</a>
        ${next ? link(next, 'lessonNext') : html`<span></span>`}
      </nav>`;
  }
}

customElements.define('lesson-page', LessonPage);

declare global {
  interface HTMLElementTagNameMap {
    'lesson-page': LessonPage;
  }
}
