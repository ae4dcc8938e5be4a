/**
 * <lesson-predict>: a question the model answers. Options are radio buttons; "Reveal" says
 * kindly whether the pick was right, shows the explanation of the model's answer (computed at
 * build time) and plays the run in an embedded simulator. The pick is kept in the progress.
 */
import { LitElement, html } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { t } from '../i18n/index.ts';
import type { Lang } from '../i18n/index.ts';
import { markPredicted, progress } from '../lessons/progress.ts';
import type { PredictBlock } from '../lessons/types.ts';
import { lessonStyles } from './lesson.styles.ts';
import type { LessonSimulator } from './lesson-simulator.ts';
import './lesson-simulator.ts';

/** A predict block. */
export class LessonPredict extends LitElement {
  static override properties = {
    block: { attribute: false },
    chapter: { type: String },
    locale: { type: String },
    picked: { state: true },
    revealed: { state: true },
    nudge: { state: true },
  };

  block: PredictBlock | undefined;
  /** The chapter key, for progress. */
  chapter = '';
  locale: Lang = 'es';
  private picked: string | undefined;
  private revealed = false;
  private nudge = false;

  static override styles = [lessonStyles];

  override connectedCallback(): void {
    super.connectedCallback();
    const saved = this.block && progress().predicted[`${this.chapter}#${this.block.id}`];
    if (saved) {
      this.picked = saved.value;
      this.revealed = true;
    }
  }

  private reveal(): void {
    const b = this.block;
    if (!b) return;
    if (this.picked === undefined) {
      this.nudge = true;
      return;
    }
    this.nudge = false;
    this.revealed = true;
    markPredicted(this.chapter, b.id, this.picked, this.picked === b.answer);
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<LessonSimulator>('lesson-simulator')?.play(0, 4),
    );
  }

  override render() {
    const b = this.block;
    if (!b) return html``;
    const tr = (k: Parameters<typeof t>[1], p?: Record<string, string>) => t(this.locale, k, p);
    const right = b.options.find((o) => o.value === b.answer);
    const name = `predict-${b.id}`;
    return html`<div class="block" role="group" aria-labelledby="${name}-q">
      <h3 class="kind">${tr('predictHeading')}</h3>
      <div class="body" id="${name}-q">${unsafeHTML(b.html)}</div>
      <fieldset class="options">
        <legend class="sr">${tr('predictHeading')}</legend>
        ${b.options.map(
          (o) =>
            html`<label class=${this.revealed && o.value === b.answer ? 'answer' : ''}>
              <input
                type="radio"
                name=${name}
                .value=${o.value}
                .checked=${this.picked === o.value}
                @change=${() => {
                  this.picked = o.value;
                  this.revealed = false;
                }}
              />
              <span>${unsafeHTML(o.label)}</span>
            </label>`,
        )}
      </fieldset>
      <div class="controls">
        <button data-action="reveal" @click=${() => this.reveal()}>${tr('predictReveal')}</button>
        ${this.nudge ? html`<span class="muted" role="status">${tr('predictChoose')}</span>` : ''}
      </div>
      ${
        this.revealed
          ? html`<div class="verdict" role="status" data-right=${this.picked === b.answer}>
                ${
                  !right
                    ? html`<p class="bad">${tr('predictNoAnswer')}</p>`
                    : this.picked === b.answer
                      ? html`<p class="ok"><b>${tr('predictRight')}</b></p>`
                      : html`<p class="bad">
                          <b
                            >${tr('predictWrong', { answer: right.label.replace(/<[^>]+>/g, '') })}</b
                          >
                        </p>`
                }
                ${right ? html`<div class="body explanation">${unsafeHTML(right.explanation)}</div>` : ''}
              </div>
              <lesson-simulator
                .setup=${b.setup}
                .locale=${this.locale}
                .step=${0}
              ></lesson-simulator>`
          : ''
      }
    </div>`;
  }
}

customElements.define('lesson-predict', LessonPredict);

declare global {
  interface HTMLElementTagNameMap {
    'lesson-predict': LessonPredict;
  }
}
