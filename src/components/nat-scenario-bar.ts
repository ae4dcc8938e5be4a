/**
 * <nat-scenario-bar>: which scenario runs and with which seed (for the random port choices);
 * sits in the app's top bar and emits `nat-change-scenario` and `nat-change-seed`.
 */
import { LitElement, css, html } from 'lit';
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
  };

  locale: Lang = 'es';
  scenario = 'walkthrough';
  seed = 0;

  static override styles = [
    panelStyles,
    css`
      :host {
        display: flex;
        gap: 10px;
        align-items: center;
        flex-wrap: wrap;
        font-size: 12px;
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
        width: 92px;
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
          @change=${(e: Event) =>
            emit(this, 'nat-change-scenario', { scenario: (e.target as HTMLSelectElement).value })}
        >
          ${scenarioOptions(this.locale).map(
            (o) =>
              html`<option value=${o.id} ?selected=${o.id === this.scenario}>${o.title}</option>`,
          )}
        </select></label
      >
      <label title=${t(this.locale, 'seedHelp')}
        >${t(this.locale, 'seed')}
        <input
          type="number"
          data-testid="seed"
          .value=${String(this.seed)}
          @change=${(e: Event) => {
            const v = (e.target as HTMLInputElement).value;
            emit(this, 'nat-change-seed', { seed: /^-?\d{1,10}$/.test(v) ? Number(v) : undefined });
          }}
      /></label>`;
  }
}

customElements.define('nat-scenario-bar', NatScenarioBar);

declare global {
  interface HTMLElementTagNameMap {
    'nat-scenario-bar': NatScenarioBar;
  }
}
