/**
 * <lesson-app>: the course's shell (the start page): a top bar with the page tabs (Course,
 * Simulator, Outcome matrix: plain links, the simulator is its own app) and the language, then
 * the course index or a chapter. Course links move within the page (history entries); a
 * language switch keeps the chapter and the block in view. The chapter page loads lazily.
 */
import { LitElement, css, html } from 'lit';
import { courseHref, courseRoute } from '../app/course-url.ts';
import type { CourseRoute } from '../app/course-url.ts';
import { t } from '../i18n/index.ts';
import type { Lang, StringKey } from '../i18n/index.ts';
import { headerStyles } from './nat-header.styles.ts';
import { panelStyles } from './styles.ts';
import type { LessonPage } from './lesson-page.ts';
import './lesson-index.ts';

/** The course root element. */
export class LessonApp extends LitElement {
  static override properties = { route: { state: true } };

  private route: CourseRoute = courseRoute(location.search) ?? { page: 'course', lang: 'es' };

  static override styles = [
    panelStyles,
    headerStyles,
    css`
      /* The bar stays in view, so the language switch never scrolls the reader away. */
      .top {
        position: sticky;
        top: 0;
        z-index: 5;
        background: var(--bg);
        padding: 8px 12px;
      }
      @media print {
        .top {
          display: none;
        }
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('popstate', this.onPop);
    this.show(this.route);
    history.replaceState(null, '', courseHref(this.route) + location.hash);
    // The lab's elements (hub client, saved runs with their simulator) are not needed to read a
    // chapter: they load after the page (reading the address it was opened with from
    // app/opened-with.ts), so the course's first load stays small.
    void import('./lab-connect.ts');
    void import('./lab-replay.ts');
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('popstate', this.onPop);
  }

  private readonly onPop = (): void => this.show(courseRoute(location.search) ?? this.route);

  private show(r: CourseRoute): void {
    this.route = r;
    document.documentElement.lang = r.lang;
    if (r.page === 'lesson') void import('./lesson-page.ts');
    else document.title = `${t(r.lang, 'courseTitle')} · Agujero`;
  }

  /** Goes to a course page (a new history entry), at `hash` or the top. */
  private go(r: CourseRoute, hash = ''): void {
    history.pushState(null, '', courseHref(r) + hash);
    this.show(r);
    if (!hash) window.scrollTo(0, 0);
  }

  private readonly onClick = (e: MouseEvent): void => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
    const a = e.composedPath().find((n): n is HTMLAnchorElement => n instanceof HTMLAnchorElement);
    const href = a?.getAttribute('href') ?? '';
    if (!/^\?page=(course|lesson)\b/.test(href) || a?.target) return;
    const [query, hash] = href.split('#');
    const r = courseRoute(query ?? '');
    if (!r) return;
    e.preventDefault();
    this.go(r, hash ? `#${hash}` : '');
  };

  private setLang(lang: Lang): void {
    const page = this.renderRoot.querySelector<LessonPage>('lesson-page');
    const block = page?.blockInView();
    const hash = block ? `#${block}` : '';
    history.replaceState(null, '', courseHref({ ...this.route, lang }) + hash);
    this.show({ ...this.route, lang });
  }

  override render() {
    const r = this.route;
    const tr = (k: StringKey) => t(r.lang, k);
    const tab = (href: string, key: StringKey, current: boolean) =>
      html`<a href=${href} aria-current=${current ? 'page' : 'false'}>${tr(key)}</a>`;
    return html`<header class="top">
        <div class="brand"><b>${tr('appTitle')}</b><span>${tr('appTagline')}</span></div>
        <nav aria-label=${tr('mainNav')}>
          ${tab(courseHref({ page: 'course', lang: r.lang }), 'navCourse', true)}
          ${tab(`?s=walkthrough&lang=${r.lang}`, 'navSim', false)}
          ${tab(`?page=matrix&s=walkthrough&lang=${r.lang}`, 'navMatrix', false)}
        </nav>
        <div class="tools">
          <lab-connect .locale=${r.lang}></lab-connect>
          <div class="langs" role="group" aria-label=${tr('language')}>
            ${(['es', 'en'] as const).map(
              (l) =>
                html`<button
                  lang=${l}
                  aria-pressed=${r.lang === l ? 'true' : 'false'}
                  @click=${() => this.setLang(l)}
                >
                  ${l.toUpperCase()}
                </button>`,
            )}
          </div>
        </div>
      </header>
      <main @click=${this.onClick}>
        <lab-replay .locale=${r.lang}></lab-replay>
        ${
          r.page === 'lesson'
            ? html`<lesson-page .chapterKey=${r.key} .locale=${r.lang}></lesson-page>`
            : html`<lesson-index .locale=${r.lang}></lesson-index>`
        }
      </main>`;
  }
}

customElements.define('lesson-app', LessonApp);

declare global {
  interface HTMLElementTagNameMap {
    'lesson-app': LessonApp;
  }
}
