/**
 * <nat-picker>: chooses one router's NAT: a preset (full cone, symmetric, Linux MASQUERADE...)
 * and, under a disclosure, the RFC 4787 knobs that override it (mapping, filtering, port
 * assignment, clash rule, lifetime, hairpinning, inbound state). Emits `nat-change-nat`.
 */
import { LitElement, css, html } from 'lit';
import { PRESETS, preset, resolveNat, shortDependence } from '../model/index.ts';
import type { NatPolicy, NatSpec } from '../model/index.ts';
import { ASSIGNMENT_OPTIONS, DEPENDENCE_OPTIONS } from '../app/url-state.ts';
import type { NatChoice } from '../app/url-state.ts';
import { isPresetId } from '../app/catalog.ts';
import { t } from '../i18n/index.ts';
import type { Lang, StringKey } from '../i18n/index.ts';
import { emit } from './events.ts';
import { panelStyles } from './styles.ts';

/** A NatSpec as a picker choice (a full policy shows as custom over full cone). */
export function choiceOf(spec: NatSpec): NatChoice {
  if (typeof spec === 'string') return { preset: spec, overrides: {} };
  if ('preset' in spec) return { preset: spec.preset, overrides: spec.overrides ?? {} };
  return { preset: 'full-cone', overrides: spec };
}

const BOOL_KNOBS = [
  'hairpinning',
  'inboundCreatesState',
  'inboundRefresh',
  'portOverloading',
] as const;

/** One router's NAT chooser. */
export class NatPicker extends LitElement {
  static override properties = {
    locale: { type: String },
    router: { type: String },
    choice: { attribute: false },
    open: { type: Boolean, reflect: true },
  };

  locale: Lang = 'es';
  router = '';
  choice: NatChoice = { preset: 'full-cone', overrides: {} };
  /** Whether the knobs are shown (reflected, so the table can give the picker its full width). */
  open = false;

  static override styles = [
    panelStyles,
    css`
      .row {
        display: flex;
        gap: 6px;
        align-items: center;
        flex-wrap: wrap;
      }
      select.preset {
        width: 100%;
        min-width: 0;
        flex: 1 1 0;
      }
      :host {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 8px;
        align-items: center;
      }
      .row {
        flex: 1 1 170px;
        min-width: 0;
      }
      details {
        font-size: 12px;
      }
      details[open] {
        flex-basis: 100%;
      }
      summary {
        cursor: pointer;
        color: var(--muted);
      }
      .knobs {
        display: grid;
        grid-template-columns: minmax(110px, auto) minmax(0, 1fr);
        gap: 4px 8px;
        align-items: center;
        margin-top: 6px;
      }
      .knobs select {
        width: 100%;
        min-width: 0;
      }
      .knobs input[type='checkbox'] {
        justify-self: start;
        min-height: 0;
        width: 16px;
        height: 16px;
        padding: 0;
        margin: 0;
        accent-color: var(--accent);
      }
      .knobs select,
      .knobs input[type='number'] {
        min-height: 26px;
        padding: 2px 4px;
        font-size: 12px;
      }
      .knobs input[type='number'] {
        width: 90px;
      }
      .custom {
        color: var(--nat);
        font-size: 11px;
      }
    `,
  ];

  private change(choice: NatChoice | undefined): void {
    emit(this, 'nat-change-nat', { router: this.router, choice });
  }

  private knob<K extends keyof NatPolicy>(key: K, value: NatPolicy[K]): void {
    const base = preset(this.choice.preset).policy;
    const overrides: Partial<NatPolicy> = { ...this.choice.overrides };
    if (base[key] === value) delete overrides[key];
    else overrides[key] = value;
    this.change({ preset: this.choice.preset, overrides });
  }

  override render() {
    const tr = (k: StringKey) => t(this.locale, k);
    let policy: NatPolicy;
    try {
      policy = resolveNat(
        Object.keys(this.choice.overrides).length
          ? { preset: this.choice.preset, overrides: this.choice.overrides }
          : this.choice.preset,
      );
    } catch {
      policy = preset(this.choice.preset).policy;
    }
    const custom = Object.keys(this.choice.overrides).length > 0;
    const id = `p-${this.router}`;
    const dep = (key: 'mapping' | 'filtering') =>
      html`<label for="${id}-${key}">${tr(key)}</label>
        <select
          id="${id}-${key}"
          data-knob=${key}
          @change=${(e: Event) =>
            this.knob(key, (e.target as HTMLSelectElement).value as NatPolicy[typeof key])}
        >
          ${DEPENDENCE_OPTIONS.map(
            (d) =>
              html`<option value=${d} ?selected=${policy[key] === d}>
                ${shortDependence(d)} · ${d}
              </option>`,
          )}
        </select>`;
    return html`<div class="row">
        <label class="sr-only" for="${id}-preset">${tr('natType')}</label>
        <select
          class="preset"
          id="${id}-preset"
          data-router=${this.router}
          @change=${(e: Event) => {
            const v = (e.target as HTMLSelectElement).value;
            if (isPresetId(v)) this.change({ preset: v, overrides: {} });
          }}
        >
          ${PRESETS.map(
            (p) =>
              html`<option value=${p.id} ?selected=${p.id === this.choice.preset}>
                ${p.name[this.locale]}
              </option>`,
          )}
        </select>
        ${custom ? html`<span class="custom">+ ${tr('custom')}</span>` : ''}
      </div>
      <details
        ?open=${this.open}
        @toggle=${(e: Event) => (this.open = (e.target as HTMLDetailsElement).open)}
      >
        <summary>${tr('knobs')}</summary>
        <div class="knobs">
          ${dep('mapping')} ${dep('filtering')}
          <label for="${id}-pa">${tr('portAssignment')}</label>
          <select
            id="${id}-pa"
            data-knob="portAssignment"
            @change=${(e: Event) =>
              this.knob(
                'portAssignment',
                (e.target as HTMLSelectElement).value as NatPolicy['portAssignment'],
              )}
          >
            ${ASSIGNMENT_OPTIONS.map(
              (a) =>
                html`<option value=${a} ?selected=${policy.portAssignment === a}>${a}</option>`,
            )}
          </select>
          <label for="${id}-clash">${tr('clash')}</label>
          <select
            id="${id}-clash"
            data-knob="clash"
            @change=${(e: Event) =>
              this.knob('clash', (e.target as HTMLSelectElement).value as NatPolicy['clash'])}
          >
            ${(['next-free', 'random'] as const).map(
              (c) => html`<option value=${c} ?selected=${policy.clash === c}>${c}</option>`,
            )}
          </select>
          <label for="${id}-lt">${tr('lifetime')}</label>
          <input
            id="${id}-lt"
            type="number"
            min="1"
            max="86400"
            data-knob="lifetimeMs"
            .value=${String(policy.lifetimeMs / 1000)}
            @change=${(e: Event) => {
              const s = Number((e.target as HTMLInputElement).value);
              if (s > 0 && s <= 86_400) this.knob('lifetimeMs', s * 1000);
            }}
          />
          ${BOOL_KNOBS.map(
            (k) =>
              html`<label for="${id}-${k}">${tr(k)}</label>
                <input
                  id="${id}-${k}"
                  type="checkbox"
                  data-knob=${k}
                  .checked=${policy[k]}
                  @change=${(e: Event) => this.knob(k, (e.target as HTMLInputElement).checked)}
                />`,
          )}
        </div>
        ${
          custom
            ? html`<button
                @click=${() => this.change({ preset: this.choice.preset, overrides: {} })}
              >
                ${tr('resetKnobs')}
              </button>`
            : ''
        }
      </details>`;
  }
}

customElements.define('nat-picker', NatPicker);

declare global {
  interface HTMLElementTagNameMap {
    'nat-picker': NatPicker;
  }
}
