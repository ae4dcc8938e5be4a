/**
 * <lesson-try>: a task the simulator checks. The task's text, the goal, and an embedded
 * simulator (cut after the block's stopAfter) whose terminals the reader types into; it ticks
 * itself, and records the try as done, when the recorded run reaches the goal.
 */
import { LitElement, html } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { t, pick } from '../i18n/index.ts';
import type { Lang } from '../i18n/index.ts';
import { markTried, progress } from '../lessons/progress.ts';
import type { TryBlock } from '../lessons/types.ts';
import type { GoalOutcome } from '../model/index.ts';
import { lessonStyles } from './lesson.styles.ts';
import './lesson-simulator.ts';

/** A try block. */
export class LessonTry extends LitElement {
  static override properties = {
    block: { attribute: false },
    chapter: { type: String },
    locale: { type: String },
    open: { state: true },
    done: { state: true },
    goal: { state: true },
  };

  block: TryBlock | undefined;
  chapter = '';
  locale: Lang = 'es';
  private open = false;
  private done = false;
  private goal: GoalOutcome['goal'] | undefined;

  static override styles = [lessonStyles];

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.block) this.done = progress().tried.includes(`${this.chapter}#${this.block.id}`);
  }

  private readonly onRun = (e: CustomEvent<{ outcomes: readonly GoalOutcome[] }>): void => {
    const b = this.block;
    const o = e.detail.outcomes.find((x) => x.goal.id === b?.goal);
    this.goal = o?.goal;
    if (b && o?.reached && !this.done) {
      this.done = true;
      markTried(this.chapter, b.id);
    }
  };

  override render() {
    const b = this.block;
    if (!b) return html``;
    const tr = (k: Parameters<typeof t>[1], p?: Record<string, string>) => t(this.locale, k, p);
    return html`<div class="block" data-done=${this.done}>
      <h3 class="kind">${this.done ? '✓ ' : ''}${tr('tryHeading')}</h3>
      <div class="body">${unsafeHTML(b.html)}</div>
      ${this.goal ? html`<p class="muted">${tr('tryGoal', { goal: pick(this.locale, this.goal.label) })}</p>` : ''}
      <p role="status" class=${this.done ? 'ok' : 'muted'} data-testid="try-status">
        ${this.done ? html`<b>${tr('tryDone')}</b>` : this.open ? tr('tryPending') : ''}
      </p>
      ${
        this.open
          ? html`<lesson-simulator
              .setup=${b.setup}
              .locale=${this.locale}
              .step=${'end'}
              @lesson-run=${this.onRun}
            ></lesson-simulator>`
          : html`<div class="controls">
              <button data-action="try" @click=${() => (this.open = true)}>
                ${tr('tryStart')}
              </button>
            </div>`
      }
    </div>`;
  }
}

customElements.define('lesson-try', LessonTry);

declare global {
  interface HTMLElementTagNameMap {
    'lesson-try': LessonTry;
  }
}
