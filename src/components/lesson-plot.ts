/**
 * <lesson-plot>: the slot of a plot block. Loads the element registered for its kind
 * (src/lessons/plots.ts) and shows it with the caption; a kind whose element is not available
 * shows a clear "plot unavailable" box instead.
 */
import { LitElement, html } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { unsafeStatic, html as staticHtml } from 'lit/static-html.js';
import { t } from '../i18n/index.ts';
import type { Lang } from '../i18n/index.ts';
import { loadPlot } from '../lessons/plots.ts';
import type { PlotBlock } from '../lessons/types.ts';
import { lessonStyles } from './lesson.styles.ts';

/** A plot block. */
export class LessonPlot extends LitElement {
  static override properties = {
    block: { attribute: false },
    locale: { type: String },
    tag: { state: true },
  };

  block: PlotBlock | undefined;
  locale: Lang = 'es';
  /** The plot element's tag; '' while loading; undefined when unavailable. */
  private tag: string | undefined = '';
  private asked = '';

  static override styles = [lessonStyles];

  protected override willUpdate(): void {
    const kind = this.block?.plot ?? '';
    if (kind === this.asked) return;
    this.asked = kind;
    this.tag = '';
    void loadPlot(kind).then((tag) => (this.tag = tag));
  }

  override render() {
    const b = this.block;
    if (!b) return html``;
    const tag = this.tag;
    return html`<figure class="block">
      ${
        tag === ''
          ? html`<p class="muted">${t(this.locale, 'plotLoading')}</p>`
          : tag === undefined
            ? html`<p class="unavailable" role="note">
                ${t(this.locale, 'plotUnavailable', { kind: b.plot })}
              </p>`
            : staticHtml`<${unsafeStatic(tag)} .locale=${this.locale}></${unsafeStatic(tag)}>`
      }
      ${b.html ? html`<figcaption class="body">${unsafeHTML(b.html)}</figcaption>` : ''}
    </figure>`;
  }
}

customElements.define('lesson-plot', LessonPlot);

declare global {
  interface HTMLElementTagNameMap {
    'lesson-plot': LessonPlot;
  }
}
