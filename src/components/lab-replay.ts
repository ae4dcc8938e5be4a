/**
 * <lab-replay>: a saved lab run opened without the lab, by URL (`?run=<url of the JSON>`, read
 * once from the address the page was opened with) or by a file (the `lab-replay-file` window
 * event, sent by <lab-connect>'s "Open a saved run" and by anything else that yields a file).
 * The URL must be http or https, on this site or on one that allows it (CORS), and at most
 * MAX_LAB_RUN_BYTES; every refusal is said in the reader's language. The file is validated
 * against src/protocol/lab-run.ts, its lines typed into an embedded simulator for the
 * prediction, and its real events drawn beside it by <lab-run-view>. A .pcap/.pcapng file is
 * imported as a saved run first (app/capture-file.ts), its matching shown by <capture-summary>,
 * whose one table of addresses by role takes the place of <lab-run-view>'s.
 */
import { LitElement, css, html } from 'lit';
import { sentTexts } from '../app/lab-diff.ts';
import { LabRun } from '../app/lab-run.ts';
import { OPENED_WITH } from '../app/opened-with.ts';
import { readRunUrl, refusalText } from '../app/run-url.ts';
import type { Refusal } from '../app/run-url.ts';
import { t } from '../i18n/index.ts';
import type { Lang } from '../i18n/index.ts';
import { MAX_LAB_RUN_BYTES, formatLabRun, parseLabRun } from '../protocol/lab-run.ts';
import { importCaptureBytes, isCaptureFile } from '../app/capture-file.ts';
import type { CaptureClocksDetail, CaptureNatDetail, CaptureOpened } from './capture-summary.ts';
import './capture-summary.ts';
import { COMPARE_PANELS } from './lab-real-sim.ts';
import type { LabShowDetail, RunAddresses } from './lab-run-view.ts';
import type { LessonSimulator } from './lesson-simulator.ts';
import './lab-run-view.ts';
import './lesson-simulator.ts';

/** A replayed run. */
export class LabReplay extends LitElement {
  static override properties = {
    locale: { type: String },
    run: { state: true },
    error: { state: true },
    loading: { state: true },
    addresses: { state: true },
  };

  locale: Lang = 'es';
  private run: { lab: LabRun; savedAt: string } | undefined;
  private error: Refusal | undefined;
  /** The URL being fetched. */
  private loading = '';
  /** The capture this run was imported from (a .pcap/.pcapng), with the user's corrections. */
  private capture: CaptureOpened | undefined;
  /** The run's addresses by role as <lab-run-view> read them (a capture's table shows them). */
  private addresses: RunAddresses | undefined;
  private readonly onFile = (e: Event): void => {
    const file = (e as CustomEvent<File>).detail;
    void isCaptureFile(file).then(async (capture) => {
      if (capture)
        return this.openCapture({
          bytes: new Uint8Array(await file.arrayBuffer()),
          swap: false,
          nat: {},
          keepClocks: false,
        });
      if (file.size > MAX_LAB_RUN_BYTES) return void (this.error = { kind: 'too-big' });
      this.capture = undefined;
      await this.open(await file.text());
    });
  };

  /** Imports a capture as a saved run (again, after a correction) and opens it. */
  private async openCapture(c: Omit<CaptureOpened, 'imported'>): Promise<void> {
    const got = importCaptureBytes(c.bytes, this.locale, c);
    if ('refusal' in got)
      return void ((this.run = undefined), (this.error = { kind: 'schema', detail: got.refusal }));
    this.capture = { ...c, imported: got.imported };
    await this.open(formatLabRun(got.imported.file));
  }

  static override styles = css`
    :host {
      display: block;
    }
    section {
      margin: 12px auto;
      padding: 8px 12px;
      border: 2px solid var(--accent, #36c);
      border-radius: 8px;
    }
    .bad {
      color: var(--bad, #b00);
    }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('lab-replay-file', this.onFile);
    const url = new URLSearchParams(OPENED_WITH).get('run');
    if (url) void this.fetchRun(url);
  }

  override disconnectedCallback(): void {
    window.removeEventListener('lab-replay-file', this.onFile);
    super.disconnectedCallback();
  }

  private async fetchRun(href: string): Promise<void> {
    this.loading = href;
    const got = await readRunUrl(href, location.href);
    this.loading = '';
    if ('refusal' in got) this.error = got.refusal;
    else await this.open(got.text);
  }

  private async open(text: string): Promise<void> {
    const parsed = parseLabRun(text);
    if (!parsed.ok) {
      this.run = undefined;
      this.error = parsed.error.startsWith('not JSON')
        ? { kind: 'json', detail: parsed.error.replace(/^not JSON \((.*)\)$/, '$1') }
        : parsed.error.startsWith('larger than')
          ? { kind: 'too-big' }
          : { kind: 'schema', detail: parsed.error };
      return;
    }
    this.error = undefined;
    this.addresses = undefined;
    this.run = { lab: LabRun.fromFile(parsed.run), savedAt: parsed.run.savedAt };
    await this.updateComplete;
    const sim = this.simulator();
    await sim?.updateComplete;
    // A live run's Server is the lab's own (its lines were not run, the scenario's were); a
    // capture's Server lines are what it really did (nc started again for each new peer).
    const capture = this.run.lab.origin.source === 'capture';
    sim?.typeLines(this.run.lab.runLines.filter((l) => capture || l.actor !== 'server'));
    this.requestUpdate();
  }

  private simulator(): LessonSimulator | null {
    return this.renderRoot.querySelector<LessonSimulator>('lesson-simulator');
  }

  override render() {
    const l = this.locale;
    if (this.loading)
      return html`<section>
        <p role="status">${t(l, 'labReplayLoading', { url: this.loading })}</p>
      </section>`;
    if (this.error)
      return html`<section>
        <p class="bad" role="alert" data-testid="replay-error">
          ${t(l, 'labReplayError', { why: refusalText(l, this.error) })}
        </p>
      </section>`;
    const r = this.run;
    if (!r) return html``;
    const heading = t(l, 'labReplayHeading', { saved: r.savedAt });
    return html`<section aria-label=${heading}>
      <h2>${heading}</h2>
      <button data-action="close-replay" @click=${() => (this.run = undefined)}>
        ${t(l, 'labReplayClose')}
      </button>
      ${
        this.capture
          ? html`<capture-summary
              .locale=${l}
              .imported=${this.capture.imported}
              .keepClocks=${this.capture.keepClocks}
              .addresses=${this.addresses}
              @capture-clocks=${(e: CustomEvent<CaptureClocksDetail>) =>
                this.capture && this.openCapture({ ...this.capture, keepClocks: e.detail.keep })}
              @capture-swap=${() => this.capture && this.openCapture({ ...this.capture, swap: !this.capture.swap })}
              @capture-nat=${(e: CustomEvent<CaptureNatDetail>) =>
                this.capture &&
                this.openCapture({
                  ...this.capture,
                  nat: { ...this.capture.nat, [e.detail.router]: e.detail.preset },
                })}
            ></capture-summary>`
          : ''
      }
      <lab-run-view
        .locale=${l}
        .run=${r.lab}
        .predicted=${this.simulator()?.recorded?.events ?? []}
        .sent=${sentTexts(r.lab.trace)}
        settled
        ?addresses-above=${!!this.capture}
        @lab-addresses=${(e: CustomEvent<RunAddresses>) => (this.addresses = e.detail)}
        @lab-show=${(e: CustomEvent<LabShowDetail>) =>
          this.simulator()?.show(e.detail.index, e.detail.packet)}
      >
        <lesson-simulator
          slot="predicted"
          .panels=${COMPARE_PANELS}
          .setup=${r.lab.setup}
          .locale=${l}
          @lesson-run=${() => this.requestUpdate()}
        ></lesson-simulator>
      </lab-run-view>
    </section>`;
  }
}

customElements.define('lab-replay', LabReplay);

declare global {
  interface HTMLElementTagNameMap {
    'lab-replay': LabReplay;
  }
}
