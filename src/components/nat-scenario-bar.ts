/**
 * <nat-scenario-bar>: which scenario runs and with which seed (for the random port choices);
 * sits in the app's top bar and emits `nat-change-scenario` and `nat-change-seed`.
 */
import { LitElement, css, html } from 'lit';
import type { PropertyValues } from 'lit';
import { live } from 'lit/directives/live.js';
import { isSeed } from '../app/url-state.ts';
import { scenarioOptions } from '../app/titles.ts';
import { t } from '../i18n/index.ts';
import type { Lang } from '../i18n/index.ts';
import { emit } from './events.ts';
import { panelStyles } from './styles.ts';

/** Scenario and seed pickers. */
export class NatScenarioBar extends LitElement {
  static override properties = {
    locale: { type: String },
    scenario: { type: String },
    seed: { type: Number },
    seedText: { state: true },
    seedAbout: { state: true },
  };

  locale: Lang = 'es';
  scenario = 'walkthrough';
  seed = 0;
  /** A seed typed that the simulation cannot use (kept on screen with a message). */
  private seedText: string | undefined;
  /** Whether the explanation of the seed is open. */
  private seedAbout = false;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('seed') || changed.has('scenario')) this.seedText = undefined;
  }

  private typedSeed(text: string): void {
    if (/^\d{1,10}$/.test(text) && isSeed(Number(text))) {
      this.seedText = undefined;
      emit(this, 'nat-change-seed', { seed: Number(text) });
    } else this.seedText = text;
  }

  static override styles = [
    panelStyles,
    css`
      :host {
        display: flex;
        gap: 10px;
        align-items: center;
        flex-wrap: wrap;
        font-size: var(--fs-xs);
        color: var(--muted);
      }
      label {
        display: flex;
        gap: 6px;
        align-items: center;
        min-width: 0;
      }
      label.scenario {
        flex: 1 1 220px;
      }
      select {
        flex: 1 1 0;
        width: 100%;
        min-width: 0;
        max-width: 330px;
      }
      input {
        width: 110px;
      }
      .help {
        min-width: 30px;
        border-radius: 50%;
      }
      .about {
        flex-basis: 100%;
        margin: 0;
        color: var(--text);
        font-size: var(--fs-s);
      }
      .invalid {
        flex-basis: 100%;
        margin: 0;
        color: var(--bad);
        font-size: var(--fs-xs);
      }
      @media (max-width: 640px) {
        select {
          max-width: none;
        }
      }
    `,
  ];

  override render() {
    return html`<label class="scenario"
        >${t(this.locale, 'scenario')}
        <select
          data-testid="scenario"
          .value=${live(this.scenario)}
          @change=${(e: Event) =>
            emit(this, 'nat-change-scenario', { scenario: (e.target as HTMLSelectElement).value })}
        >
          ${scenarioOptions(this.locale).map(
            (o) =>
              html`<option value=${o.id} ?selected=${o.id === this.scenario}>${o.title}</option>`,
          )}
        </select></label
      >
      <label title=${t(this.locale, 'seedHelp')} aria-describedby="seed-about"
        >${t(this.locale, 'seed')}
        <input
          type="number"
          min="0"
          max="4294967295"
          data-testid="seed"
          aria-invalid=${this.seedText === undefined ? 'false' : 'true'}
          aria-describedby="seed-error"
          .value=${live(this.seedText ?? String(this.seed))}
          @change=${(e: Event) => this.typedSeed((e.target as HTMLInputElement).value)}
      /></label>
      <button
        class="help"
        aria-expanded=${this.seedAbout ? 'true' : 'false'}
        aria-controls="seed-about"
        aria-label=${t(this.locale, 'seedWhat')}
        @click=${() => (this.seedAbout = !this.seedAbout)}
      >
        ?
      </button>
      <p class="about" id="seed-about" ?hidden=${!this.seedAbout} data-testid="seed-about">
        ${t(this.locale, 'seedAbout')}
      </p>
      ${
        this.seedText === undefined
          ? html`<span id="seed-error" hidden></span>`
          : html`<p class="invalid" id="seed-error" role="alert" data-testid="seed-error">
              ${t(this.locale, 'seedRange', { current: this.seed })}
            </p>`
      }`;
  }
}

customElements.define('nat-scenario-bar', NatScenarioBar);

declare global {
  interface HTMLElementTagNameMap {
    'nat-scenario-bar': NatScenarioBar;
  }
}
