/**
 * <capture-summary>: how an imported capture was matched to the walkthrough's topology, for the
 * user to check and correct: each role's own (LAN) and public addresses in one table, with the
 * prediction's where it draws a role in others (capture-addresses.ts), the reasons, a swap of
 * Alice and Bob when the roles were inferred, and, for each NAT, the type the capture behaved
 * like (or that it assumed) with a picker for the NAT the prediction runs, and, for a file of
 * several machines, each machine's clock against the Server's as the import corrected it, with
 * a checkbox to keep the recorded times. Emits `capture-swap`, `capture-nat` ({ router, preset })
 * and `capture-clocks` ({ keep }); <lab-replay> re-imports.
 */
import { LitElement, css, html } from 'lit';
import type { CaptureImport, CaptureNats } from '../app/capture-import.ts';
import { clockSentences } from '../app/capture-clocks.ts';
import { CAPTURE_PRESETS, presetName, reasonIn } from '../app/capture-words.ts';
import type { CaptureRouter, NatGuessPreset } from '../capture/index.ts';
import { t } from '../i18n/index.ts';
import type { Lang } from '../i18n/index.ts';
import { captureAddressTable } from './capture-addresses.ts';
import type { RunAddresses } from './lab-run-addresses.ts';

/** A capture opened in <lab-replay>: its bytes, the user's corrections, and the import. */
export interface CaptureOpened {
  readonly bytes: Uint8Array;
  readonly swap: boolean;
  readonly nat: Partial<CaptureNats>;
  /** Keep each machine's recorded times (no clock correction). */
  readonly keepClocks: boolean;
  readonly imported: CaptureImport;
}

/** The detail of `capture-nat`. */
export interface CaptureNatDetail {
  readonly router: CaptureRouter;
  readonly preset: NatGuessPreset;
}

/** The detail of `capture-clocks`. */
export interface CaptureClocksDetail {
  readonly keep: boolean;
}

/** The matching of an imported capture. */
export class CaptureSummary extends LitElement {
  static override properties = {
    locale: { type: String },
    imported: { attribute: false },
    keepClocks: { type: Boolean },
    addresses: { attribute: false },
  };

  locale: Lang = 'es';
  imported: CaptureImport | undefined;
  /** Whether the import kept the recorded times (the checkbox's state). */
  keepClocks = false;
  /** The addresses <lab-run-view> read from the run: what the prediction draws each role in. */
  addresses: RunAddresses | undefined;

  static override styles = css`
    :host {
      display: block;
      margin: 8px 0;
    }
    table {
      border-collapse: collapse;
      margin: 4px 0;
    }
    th,
    td {
      text-align: start;
      padding: 2px 10px 2px 0;
      vertical-align: top;
    }
    td {
      overflow-wrap: anywhere;
    }
    caption {
      text-align: start;
      font-weight: 600;
      padding-bottom: 2px;
    }
    thead th {
      font-size: 0.9em;
    }
    .predicted {
      display: block;
      font-size: 0.9em;
      color: var(--muted, inherit);
    }
    .verdict {
      font-size: 0.9em;
      max-width: 70ch;
    }
    code {
      font-family: var(--mono, ui-monospace, monospace);
    }
    .nats {
      display: flex;
      flex-wrap: wrap;
      gap: 8px 24px;
    }
    .nat {
      flex: 1 1 280px;
    }
    label {
      display: block;
      font-weight: 600;
    }
    select,
    button {
      font: inherit;
      min-height: 32px;
    }
    p {
      margin: 4px 0;
    }
    .clocks {
      margin-bottom: 8px;
    }
    .clocks h4 {
      margin: 8px 0 2px;
    }
    .clocks label {
      font-weight: normal;
      display: flex;
      gap: 6px;
      align-items: flex-start;
    }
    .clocks input {
      margin: 2px 0 0;
      min-width: 20px;
      min-height: 20px;
    }
  `;

  /** Each machine's clock as the import read it, and the checkbox keeping the recorded times. */
  private clocks() {
    const l = this.locale;
    const a = this.imported?.analysis;
    if (!a || a.clocks.length === 0) return '';
    return html`<div class="clocks" data-testid="capture-clocks">
      <h4>${t(l, 'captureClocksHeading')}</h4>
      ${clockSentences(l, a).map((s) => html`<p>${s}</p>`)}
      <label>
        <input
          type="checkbox"
          data-action="capture-keep-clocks"
          .checked=${this.keepClocks}
          @change=${(e: Event) =>
            this.emit('capture-clocks', { keep: (e.target as HTMLInputElement).checked })}
        />
        <span>${t(l, 'captureKeepClocks')}</span>
      </label>
    </div>`;
  }

  private emit(name: string, detail?: CaptureNatDetail | CaptureClocksDetail): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  private nat(router: CaptureRouter, current: CaptureNats) {
    const l = this.locale;
    const guess = this.imported?.analysis.nat[router];
    if (!guess) return html``;
    const why = reasonIn(l, guess.why);
    const id = `nat-${router}`;
    return html`<div class="nat">
      <label for=${id}>${t(l, 'captureNatFor', { router })}</label>
      <select
        id=${id}
        data-router=${router}
        @change=${(e: Event) =>
          this.emit('capture-nat', {
            router,
            preset: (e.target as HTMLSelectElement).value as NatGuessPreset,
          })}
      >
        ${CAPTURE_PRESETS.map(
          (p) =>
            html`<option value=${p} ?selected=${p === current[router]}>
              ${presetName(l, p)}
            </option>`,
        )}
      </select>
      <p>
        ${
          guess.evidence
            ? t(l, 'captureNatEvidence', { router, preset: presetName(l, guess.preset), why })
            : t(l, 'captureNatAssumed', { router, why })
        }
      </p>
    </div>`;
  }

  override render() {
    const l = this.locale;
    const imp = this.imported;
    if (!imp) return html``;
    const { book, journeys, capture } = imp.analysis;
    const current = imp.file.setup.nat as unknown as CaptureNats;
    const inferred = book.source === 'inferred';
    return html`<h3>
        ${t(l, 'captureHeading', { datagrams: journeys.length, packets: capture.frames.length })}
      </h3>
      <p>${t(l, inferred ? 'captureMatchedInferred' : 'captureMatchedLab')}</p>
      ${captureAddressTable(l, book, this.addresses)}
      <details>
        <summary>${t(l, 'captureWhy')}</summary>
        <ul>
          ${book.reasons.map((r) => html`<li>${reasonIn(l, r)}</li>`)}
        </ul>
      </details>
      ${
        inferred
          ? html`<button data-action="capture-swap" @click=${() => this.emit('capture-swap')}>
              ${t(l, 'captureSwap')}
            </button>`
          : ''
      }
      ${this.clocks()}
      <div class="nats">${this.nat('alice-nat', current)} ${this.nat('bob-nat', current)}</div>`;
  }
}

customElements.define('capture-summary', CaptureSummary);

declare global {
  interface HTMLElementTagNameMap {
    'capture-summary': CaptureSummary;
  }
}
