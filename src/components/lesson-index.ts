/**
 * <lesson-index>: the course's start page: every chapter with its title and summary in the
 * reader's language, whether it was opened, and how many of its questions and tasks are done
 * (from the progress in localStorage).
 */
import { LitElement, html, css } from 'lit';
import { chapters } from 'virtual:lessons';
import { t } from '../i18n/index.ts';
import type { Lang } from '../i18n/index.ts';
import { courseHref } from '../app/course-url.ts';
import { chapterDone, onProgress, progress } from '../lessons/progress.ts';
import { lessonStyles } from './lesson.styles.ts';
import { pageStyles } from './lesson-page.styles.ts';

/** The course index. */
export class LessonIndex extends LitElement {
  static override properties = { locale: { type: String } };

  locale: Lang = 'es';
  private off: (() => void) | undefined;

  static override styles = [
    lessonStyles,
    pageStyles,
    css`
      ol {
        list-style: none;
        padding: 0;
        margin: 16px 0;
        display: grid;
        gap: 10px;
      }
      li a {
        display: grid;
        grid-template-columns: 44px 1fr;
        gap: 2px 12px;
        padding: 12px 14px;
        border: 1px solid var(--line);
        border-radius: 8px;
        background: var(--panel);
        color: var(--text);
        text-decoration: none;
      }
      li a:hover {
        border-color: var(--accent);
      }
      .n {
        grid-row: span 3;
        font-size: 26px;
        color: var(--nat);
        font-variant-numeric: tabular-nums;
      }
      .title {
        font-size: 18px;
        font-weight: 600;
      }
      .state {
        font-size: var(--fs-m);
        color: var(--muted);
      }
      .state .ok {
        color: var(--ok);
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    this.off = onProgress(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.off?.();
  }

  override render() {
    const l = this.locale;
    const p = progress();
    return html`<div class="index">
      <h1>${t(l, 'courseTitle')}</h1>
      <p class="summary">${t(l, 'courseIntro')}</p>
      ${chapters.length === 0 ? html`<p>${t(l, 'courseEmpty')}</p>` : ''}
      <ol aria-label=${t(l, 'courseChapters')}>
        ${chapters.map((c) => {
          const done = chapterDone(c.key, c.blocks);
          const opened = p.opened.includes(c.key);
          return html`<li data-chapter=${c.key}>
            <a href=${courseHref({ page: 'lesson', key: c.key, lang: l })}>
              <span class="n" aria-hidden="true">${c.chapter}</span>
              <span class="title"
                ><span class="sr">${t(l, 'courseChapter', { n: c.chapter })}: </span
                >${c.title[l]}</span
              >
              <span class="muted">${c.summary[l]}</span>
              <span class="state" data-testid="chapter-progress">
                <span class=${opened ? 'ok' : ''}
                  >${opened ? `✓ ${t(l, 'courseOpened')}` : t(l, 'courseUnread')}</span
                >
                · ${done.total === 0 ? t(l, 'courseNoTasks') : t(l, 'courseDone', done)}
              </span>
            </a>
          </li>`;
        })}
      </ol>
      <p class="muted">${t(l, 'courseSaved')}</p>
    </div>`;
  }
}

customElements.define('lesson-index', LessonIndex);

declare global {
  interface HTMLElementTagNameMap {
    'lesson-index': LessonIndex;
  }
}
