/**
 * <nat-picker>: chooses one router's NAT: a preset (full cone, symmetric, Linux MASQUERADE...)
 * and, under a disclosure, the RFC 4787 knobs that override it (mapping, filtering, port
 * assignment, clash rule, lifetime, hairpinning, inbound state). Emits `nat-change-nat`.
 */
import { LitElement, html } from 'lit';
import type { PropertyValues } from 'lit';
import { live } from 'lit/directives/live.js';
import { PRESETS, preset, resolveNat, shortDependence } from '../model/index.ts';
import type { NatPolicy, NatSpec } from '../model/index.ts';
import { ASSIGNMENT_OPTIONS, DEPENDENCE_OPTIONS, MAX_LIFETIME_MS } from '../app/url-state.ts';
import { sameChoice } from '../app/url-state.ts';
import type { NatChoice } from '../app/url-state.ts';
import { isPresetId } from '../app/catalog.ts';
import { t } from '../i18n/index.ts';
import type { Lang, StringKey } from '../i18n/index.ts';
import { emit } from './events.ts';
import { panelStyles } from './styles.ts';
import { natPickerStyles } from './nat-picker.styles.ts';

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
    // An equal choice in a new object (the app builds the scenario's default NATs afresh on every
    // render) is no change: it must not rewrite what is being typed or drop a rejected draft.
    choice: {
      attribute: false,
      hasChanged: (next: NatChoice, before: NatChoice | undefined) => !sameChoice(next, before),
    },
    open: { type: Boolean, reflect: true },
    lifetimeText: { state: true },
  };

  locale: Lang = 'es';
  router = '';
  choice: NatChoice = { preset: 'full-cone', overrides: {} };
  /** Whether the knobs are shown (reflected, so the table can give the picker its full width). */
  open = false;
  /** A lifetime typed that the simulation cannot use (shown with a message), else undefined. */
  private lifetimeText: string | undefined;

  static override styles = [panelStyles, natPickerStyles];

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A new choice (from the URL, another control, a scenario switch) replaces a rejected draft.
    if (changed.has('choice')) this.lifetimeText = undefined;
  }

  /** Applies a typed lifetime in seconds, or keeps it on screen with a message when out of range. */
  private typedLifetime(text: string): void {
    const ms = Number(text) * 1000;
    if (text.trim() !== '' && ms > 0 && ms <= MAX_LIFETIME_MS) {
      this.lifetimeText = undefined;
      this.knob('lifetimeMs', ms);
    } else this.lifetimeText = text;
  }

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
          .value=${live(policy[key])}
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
          .value=${live(this.choice.preset)}
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
      <p class="about" data-testid="preset-summary">
        ${preset(this.choice.preset).summary[this.locale]}
        ${
          custom
            ? html`<br />${tr('customNow')}
                ${shortDependence(policy.mapping)}/${shortDependence(policy.filtering)}.`
            : ''
        }
      </p>
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
            .value=${live(policy.portAssignment)}
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
            .value=${live(policy.clash)}
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
            min="0.001"
            max="86400"
            step="any"
            data-knob="lifetimeMs"
            aria-invalid=${this.lifetimeText === undefined ? 'false' : 'true'}
            aria-describedby="${id}-lt-error"
            .value=${live(this.lifetimeText ?? String(policy.lifetimeMs / 1000))}
            @change=${(e: Event) => this.typedLifetime((e.target as HTMLInputElement).value)}
          />
          ${
            this.lifetimeText === undefined
              ? html`<span id="${id}-lt-error" hidden></span>`
              : html`<p
                  class="invalid"
                  id="${id}-lt-error"
                  role="alert"
                  data-testid="lifetime-error"
                >
                  ${t(this.locale, 'lifetimeRange', { current: policy.lifetimeMs / 1000 })}
                </p>`
          }
          ${BOOL_KNOBS.map(
            (k) =>
              html`<label for="${id}-${k}">${tr(k)}</label>
                <input
                  id="${id}-${k}"
                  type="checkbox"
                  data-knob=${k}
                  .checked=${live(policy[k])}
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
