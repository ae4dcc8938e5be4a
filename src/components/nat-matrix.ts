/**
 * <nat-matrix>: the outcome matrix page: every pair of NAT presets (rows Bob, columns Alice)
 * with its verdict, filled in as the model simulates them. A click or the arrow keys select a
 * cell and show its reason; the play buttons (or Enter) open that pair in the simulator. The page
 * says the matrix is asymmetric (Alice punches first); headers use short names in the UI language.
 */
import { LitElement, html } from 'lit';
import { PRESETS, PRESET_IDS } from '../model/index.ts';
import type { MatrixCell, PresetId, Verdict } from '../model/index.ts';
import { cachedCell, fillMatrix } from '../app/matrix-cache.ts';
import { relayScenarioFor, variantId } from '../app/catalog.ts';
import { t } from '../i18n/index.ts';
import type { Lang, StringKey } from '../i18n/index.ts';
import { matrixReason } from '../i18n/reasons.ts';
import { emit } from './events.ts';
import { panelStyles } from './styles.ts';
import { matrixStyles } from './nat-matrix.styles.ts';

const VERDICT_KEY: Readonly<Record<Verdict, StringKey>> = {
  direct: 'verdictDirect',
  fails: 'verdictFails',
  'port-prediction': 'verdictPortPrediction',
  relay: 'verdictRelay',
};
/** The string key of each preset's short name (column headers, narrow screens). */
const SHORT: Readonly<Record<PresetId, StringKey>> = {
  'open-internet': 'shortOpenInternet',
  'full-cone': 'shortFullCone',
  'restricted-cone': 'shortRestrictedCone',
  'port-restricted-cone': 'shortPortRestrictedCone',
  symmetric: 'shortSymmetric',
  'linux-masquerade': 'shortLinuxMasquerade',
  'linux-masquerade-input-drop': 'shortLinuxMasqueradeInputDrop',
  'linux-random-fully': 'shortLinuxRandomFully',
  cgnat: 'shortCgnat',
};

const VERDICT_MARK: Readonly<Record<Verdict, string>> = {
  direct: '✓',
  fails: '↻',
  'port-prediction': '±1',
  relay: 'R',
};

/** The matrix page. */
export class NatMatrix extends LitElement {
  static override properties = {
    locale: { type: String },
    done: { state: true },
    focusCell: { state: true },
  };

  locale: Lang = 'es';
  private done = 0;
  private focusCell: [number, number] = [0, 0];
  private cancel: (() => void) | undefined;

  static override styles = [panelStyles, matrixStyles];

  override connectedCallback(): void {
    super.connectedCallback();
    this.cancel = fillMatrix((done) => (this.done = done));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.cancel?.();
  }

  private play(c: MatrixCell, worked: boolean | 'relay'): void {
    const relay = worked === 'relay' ? relayScenarioFor(c) : undefined;
    const scenario =
      relay ?? (worked && c.worked ? variantId(c.worked, !!c.predicted) : 'walkthrough');
    emit(this, 'nat-navigate', {
      page: 'sim',
      scenario,
      nat: {
        'bob-nat': { preset: c.bob, overrides: {} },
        'alice-nat': { preset: c.alice, overrides: {} },
      },
      play: true,
    });
  }

  private key(e: KeyboardEvent, r: number, c: number): void {
    const n = PRESET_IDS.length;
    const moves: Record<string, [number, number]> = {
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
    };
    const m = moves[e.key];
    if (m) {
      e.preventDefault();
      e.stopPropagation();
      this.focusCell = [
        Math.max(0, Math.min(n - 1, r + m[0])),
        Math.max(0, Math.min(n - 1, c + m[1])),
      ];
      void this.updateComplete.then(() =>
        this.renderRoot
          .querySelector<HTMLElement>(`[data-cell="${this.focusCell[0]}-${this.focusCell[1]}"]`)
          ?.focus(),
      );
    }
  }

  override render() {
    const tr = (k: StringKey, p?: Record<string, string | number>) => t(this.locale, k, p);
    const name = (id: PresetId) => PRESETS.find((p) => p.id === id)?.name[this.locale] ?? id;
    const total = PRESET_IDS.length ** 2;
    const [fr, fc] = this.focusCell;
    const sel = cachedCell(PRESET_IDS[fr] as PresetId, PRESET_IDS[fc] as PresetId);
    return html`<section class="panel page">
      <h1>${tr('matrixTitle')}</h1>
      <p class="intro">${tr('matrixIntroSelect')}</p>
      <p class="intro asym" data-testid="asymmetric">${tr('matrixAsymmetric')}</p>
      ${this.done < total ? html`<p class="progress" role="status">${tr('computing', { done: this.done, total })}</p>` : ''}
      <div class="layout">
        <div class="scroll">
          <table role="grid" aria-label=${tr('navMatrix')} data-testid="matrix">
            <thead>
              <tr>
                <th class="corner"><span>${tr('bobRows')}</span><span>${tr('aliceCols')}</span></th>
                ${PRESET_IDS.map(
                  (a) =>
                    html`<th scope="col" class="col" title=${name(a)} data-alice=${a}>
                      <span class="sr-only">${name(a)}</span
                      ><span class="short" aria-hidden="true">${tr(SHORT[a])}</span>
                    </th>`,
                )}
              </tr>
            </thead>
            <tbody>
              ${PRESET_IDS.map(
                (b, r) =>
                  html`<tr>
                    <th scope="row" title=${name(b)} data-bob=${b}>
                      <span class="long">${name(b)}</span
                      ><span class="short" aria-hidden="true">${tr(SHORT[b])}</span>
                    </th>
                    ${PRESET_IDS.map((a, c) => {
                      const cell = cachedCell(b, a);
                      const v = cell?.verdict;
                      const focused = r === fr && c === fc;
                      return html`<td
                        role="gridcell"
                        tabindex=${focused ? 0 : -1}
                        class="cell ${v ?? 'pending'} ${focused ? 'focused' : ''}"
                        data-cell="${r}-${c}"
                        data-bob=${b}
                        data-alice=${a}
                        data-verdict=${v ?? ''}
                        aria-label=${tr('cellLabel', { bob: name(b), alice: name(a), verdict: v ? tr(VERDICT_KEY[v]) : '…' })}
                        @focus=${() => (this.focusCell = [r, c])}
                        @click=${() => (this.focusCell = [r, c])}
                        @keydown=${(e: KeyboardEvent) => {
                          this.key(e, r, c);
                          if (e.key === 'Enter' && cell) this.play(cell, false);
                        }}
                      >
                        ${v ? VERDICT_MARK[v] : '·'}
                      </td>`;
                    })}
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
        <div class="detail" aria-live="polite">
          ${
            sel
              ? html`<h2>${name(sel.bob)} × ${name(sel.alice)}</h2>
                  <p class="verdict ${sel.verdict}">
                    ${VERDICT_MARK[sel.verdict]} ${tr(VERDICT_KEY[sel.verdict])}
                  </p>
                  <p class="reason" data-testid="reason">${matrixReason(this.locale, sel)}</p>
                  <div class="actions">
                    <button data-action="play-pair" @click=${() => this.play(sel, false)}>
                      ▶ ${tr('playPair')}
                    </button>
                    ${
                      sel.worked && (sel.worked !== 'seed-order' || sel.predicted)
                        ? html`<button
                            data-action="play-worked"
                            @click=${() => this.play(sel, true)}
                          >
                            ▶ ${tr('playWorked')}
                          </button>`
                        : ''
                    }
                    ${
                      relayScenarioFor(sel)
                        ? html`<button
                            data-action="play-relay"
                            @click=${() => this.play(sel, 'relay')}
                          >
                            ▶ ${tr('playRelay')}
                          </button>`
                        : ''
                    }
                  </div>`
              : ''
          }
          <h3>${tr('legend')}</h3>
          <ul class="legend">
            ${(Object.keys(VERDICT_KEY) as Verdict[]).map(
              (v) =>
                html`<li>
                  <span class="cell ${v}">${VERDICT_MARK[v]}</span>${tr(VERDICT_KEY[v])}
                </li>`,
            )}
          </ul>
        </div>
      </div>
    </section>`;
  }
}

customElements.define('nat-matrix', NatMatrix);

declare global {
  interface HTMLElementTagNameMap {
    'nat-matrix': NatMatrix;
  }
}
