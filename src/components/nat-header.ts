/**
 * <nat-header>: the top bar: brand, the page tabs (links that work without script too; Course
 * is a plain link to the course's own app), the
 * scenario and seed on the simulator page, presentation mode, "Copy link" and the language.
 * Emits `nat-navigate`, `nat-change-lang` and `nat-present`; the scenario bar inside emits its own.
 */
import { LitElement, html } from 'lit';
import { courseHref } from '../app/course-url.ts';
import { formatState } from '../app/url-state.ts';
import type { ViewState } from '../app/url-state.ts';
import { t } from '../i18n/index.ts';
import type { StringKey } from '../i18n/index.ts';
import { emit } from './events.ts';
import { headerStyles } from './nat-header.styles.ts';
import { panelStyles } from './styles.ts';
import './nat-scenario-bar.ts';

/** The top bar. */
export class NatHeader extends LitElement {
  static override properties = {
    state: { attribute: false },
    seed: { type: Number },
    copied: { state: true },
  };

  /** The app's view state (page, scenario, language, presentation). */
  state: ViewState | undefined;
  /** The seed the run uses (the URL's, or the scenario's own). */
  seed = 0;
  private copied = false;

  static override styles = [panelStyles, headerStyles];

  private async copyLink(): Promise<void> {
    try {
      await navigator.clipboard.writeText(location.href);
    } catch {
      /* Clipboard denied (e.g. insecure context): the address bar already holds the link. */
    }
    this.copied = true;
    setTimeout(() => (this.copied = false), 1500);
  }

  override render() {
    const s = this.state;
    if (!s) return html``;
    const tr = (k: StringKey) => t(s.lang, k);
    const nav = (page: ViewState['page'], key: StringKey) =>
      html`<a
        href=${formatState({ ...s, page })}
        aria-current=${s.page === page ? 'page' : 'false'}
        @click=${(e: Event) => {
          e.preventDefault();
          if (s.page !== page) emit(this, 'nat-navigate', { page });
        }}
        >${tr(key)}</a
      >`;
    return html`<header class="top">
      <div class="brand"><b>${tr('appTitle')}</b><span>${tr('appTagline')}</span></div>
      <nav aria-label=${tr('mainNav')}>
        <a href=${courseHref({ page: 'course', lang: s.lang })} aria-current="false"
          >${tr('navCourse')}</a
        >
        ${nav('sim', 'navSim')} ${nav('matrix', 'navMatrix')}
      </nav>
      ${
        s.page === 'sim'
          ? html`<nat-scenario-bar
              .locale=${s.lang}
              .scenario=${s.scenario}
              .seed=${this.seed}
            ></nat-scenario-bar>`
          : ''
      }
      <div class="tools">
        <button
          data-action="present"
          aria-pressed=${s.present ? 'true' : 'false'}
          title=${tr('presentHelp')}
          @click=${() => emit(this, 'nat-present', { present: !s.present })}
        >
          ${tr('present')}
        </button>
        <button data-action="copy-link" @click=${() => void this.copyLink()}>
          ${this.copied ? tr('linkCopied') : tr('copyLink')}
        </button>
        <div class="langs" role="group" aria-label=${tr('language')}>
          ${(['es', 'en'] as const).map(
            (l) =>
              html`<button
                lang=${l}
                aria-pressed=${s.lang === l ? 'true' : 'false'}
                @click=${() => emit(this, 'nat-change-lang', { lang: l })}
              >
                ${l.toUpperCase()}
              </button>`,
          )}
        </div>
      </div>
    </header>`;
  }
}

customElements.define('nat-header', NatHeader);

declare global {
  interface HTMLElementTagNameMap {
    'nat-header': NatHeader;
  }
}
