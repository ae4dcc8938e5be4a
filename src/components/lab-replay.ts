/**
 * <lab-replay>: a saved lab run opened without the lab, by URL (`?run=<url of the JSON>`, http
 * or https, size-limited) or by the file picker of <lab-connect>: the file is validated against
 * src/protocol/lab-run.ts, its lines typed into an embedded simulator for the prediction, and
 * its real events shown beside it by <lab-run-view>.
 */
import { LitElement, css, html } from 'lit';
import { sentTexts } from '../app/lab-diff.ts';
import { LabRun } from '../app/lab-run.ts';
import { OPENED_WITH } from '../app/opened-with.ts';
import { t } from '../i18n/index.ts';
import type { Lang } from '../i18n/index.ts';
import { MAX_LAB_RUN_BYTES, parseLabRun } from '../protocol/lab-run.ts';
import type { LessonSimulator } from './lesson-simulator.ts';
import './lab-run-view.ts';
import './lesson-simulator.ts';

/** The address as the page was opened: the course app rewrites it (dropping `run`) later. */

/** A replayed run. */
export class LabReplay extends LitElement {
  static override properties = {
    locale: { type: String },
    run: { state: true },
    error: { state: true },
  };

  locale: Lang = 'es';
  private run: { lab: LabRun; savedAt: string } | undefined;
  private error = '';
  private readonly onFile = (e: Event): void => {
    const file = (e as CustomEvent<File>).detail;
    if (file.size > MAX_LAB_RUN_BYTES) return void this.open('x'.repeat(MAX_LAB_RUN_BYTES + 1));
    void file.text().then((text) => this.open(text));
  };

  static override styles = css`
    :host {
      display: block;
    }
    section {
      max-width: 1200px;
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
    try {
      const url = new URL(href, location.href);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(url.protocol);
      const res = await fetch(url, { credentials: 'omit' });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      if (Number(res.headers.get('content-length') ?? 0) > MAX_LAB_RUN_BYTES) {
        throw new Error(`larger than ${MAX_LAB_RUN_BYTES} bytes`);
      }
      this.open(await res.text());
    } catch (e) {
      this.error = t(this.locale, 'labReplayError', { why: (e as Error).message });
    }
  }

  private async open(text: string): Promise<void> {
    const parsed = parseLabRun(text);
    if (!parsed.ok) {
      this.run = undefined;
      this.error = t(this.locale, 'labReplayError', { why: parsed.error });
      return;
    }
    this.error = '';
    this.run = { lab: LabRun.fromFile(parsed.run), savedAt: parsed.run.savedAt };
    await this.updateComplete;
    const sim = this.renderRoot.querySelector<LessonSimulator>('lesson-simulator');
    await sim?.updateComplete;
    sim?.typeLines(this.run.lab.runLines.filter((l) => l.actor !== 'server'));
    this.requestUpdate();
  }

  override render() {
    const l = this.locale;
    if (this.error) return html`<section><p class="bad" role="alert">${this.error}</p></section>`;
    const r = this.run;
    if (!r) return html``;
    const sim = this.renderRoot.querySelector<LessonSimulator>('lesson-simulator');
    return html`<section aria-label=${t(l, 'labReplayHeading', { saved: r.savedAt })}>
      <h2>${t(l, 'labReplayHeading', { saved: r.savedAt })}</h2>
      <button @click=${() => (this.run = undefined)}>${t(l, 'labReplayClose')}</button>
      <h3>${t(l, 'labPredicted')}</h3>
      <lesson-simulator .setup=${r.lab.setup} .locale=${l}></lesson-simulator>
      <h3>${t(l, 'labReal')}</h3>
      <lab-run-view
        .locale=${l}
        .run=${r.lab}
        .predicted=${sim?.recorded?.events ?? []}
        .sent=${sentTexts(r.lab.trace)}
        settled
      ></lab-run-view>
    </section>`;
  }
}

customElements.define('lab-replay', LabReplay);

declare global {
  interface HTMLElementTagNameMap {
    'lab-replay': LabReplay;
  }
}
