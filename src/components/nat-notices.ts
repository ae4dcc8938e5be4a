/**
 * <nat-notices>: what the app could not use or changed on its own, said visibly until dismissed:
 * link values it could not use (each with what is shown instead) and one-off notes such as the
 * NATs a new scenario brought. Emits `nat-dismiss`.
 */
import { LitElement, css, html } from 'lit';
import type { UrlProblem } from '../app/url-state.ts';
import { t } from '../i18n/index.ts';
import type { Lang } from '../i18n/index.ts';
import { urlProblemText } from '../i18n/url-problems.ts';
import type { RunProblem } from '../i18n/url-problems.ts';
import { emit } from './events.ts';

/** The notices strip under the header. */
export class NatNotices extends LitElement {
  static override properties = {
    locale: { type: String },
    problems: { attribute: false },
    info: { type: String },
  };

  locale: Lang = 'es';
  problems: readonly (UrlProblem | RunProblem)[] = [];
  info = '';

  static override styles = css`
    :host {
      display: block;
    }
    .notice {
      display: flex;
      gap: 10px;
      align-items: flex-start;
      background: color-mix(in srgb, var(--nat) 14%, var(--panel));
      border: 1px solid var(--nat);
      color: var(--text);
      padding: 8px 12px;
      border-radius: 8px;
      margin-bottom: 8px;
      font-size: var(--fs-l);
    }
    .body {
      flex: 1;
      min-width: 0;
    }
    ul {
      margin: 4px 0 0;
      padding-left: 18px;
    }
    p {
      margin: 0;
    }
    button {
      font: inherit;
      color: inherit;
      background: var(--panel);
      border: 1px solid var(--line);
      border-radius: 6px;
      padding: 3px 10px;
      cursor: pointer;
    }
  `;

  override render() {
    if (this.problems.length === 0 && !this.info) return html``;
    return html`<div class="notice" role="status" data-testid="notices">
      <div class="body">
        ${
          this.problems.length > 0
            ? html`<p><b>${t(this.locale, 'noticeTitle')}</b></p>
                <ul>
                  ${this.problems.map(
                    (p) => html`<li data-param=${p.param}>${urlProblemText(this.locale, p)}</li>`,
                  )}
                </ul>`
            : ''
        }
        ${this.info ? html`<p data-testid="info">${this.info}</p>` : ''}
      </div>
      <button @click=${() => emit(this, 'nat-dismiss', {})}>${t(this.locale, 'dismiss')}</button>
    </div>`;
  }
}

customElements.define('nat-notices', NatNotices);

declare global {
  interface HTMLElementTagNameMap {
    'nat-notices': NatNotices;
  }
}
