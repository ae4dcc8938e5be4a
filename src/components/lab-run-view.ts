/**
 * <lab-run-view>: the "Real" half beside a lesson's prediction: each datagram predicted beside
 * what the lab saw (a difference highlighted, with what the model can say about why), each real
 * machine's terminal as its agent printed it, and "Save this run" (one JSON file).
 */
import { LitElement, css, html } from 'lit';
import { diffRuns } from '../app/lab-diff.ts';
import type { DiffItem, Fate, SentText } from '../app/lab-diff.ts';
import type { LabRun } from '../app/lab-run.ts';
import { t } from '../i18n/index.ts';
import type { Lang, StringKey } from '../i18n/index.ts';
import type { TraceEvent } from '../model/trace.ts';
import { formatLabRun } from '../protocol/lab-run.ts';

const KIND_KEY: Record<DiffItem['kind'], StringKey> = {
  same: 'labDiffSame',
  lost: 'labDiffLost',
  unexpected: 'labDiffUnexpected',
  port: 'labDiffPort',
  waiting: 'labDiffWaiting',
};

/** The real run and its comparison with the prediction. */
export class LabRunView extends LitElement {
  static override properties = {
    locale: { type: String },
    run: { attribute: false },
    predicted: { attribute: false },
    sent: { attribute: false },
    settled: { type: Boolean },
    revision: { type: Number },
  };

  locale: Lang = 'es';
  run: LabRun | undefined;
  predicted: readonly TraceEvent[] = [];
  sent: readonly SentText[] = [];
  settled = false;
  /** Bumped by the owner when the run grows (the run itself is mutated in place). */
  revision = 0;

  static override styles = css`
    :host {
      display: block;
    }
    h4 {
      margin: 8px 0 4px;
    }
    ul.diff {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 4px;
    }
    ul.diff li {
      padding: 6px 8px;
      border-left: 4px solid var(--good, #2a7);
      background: var(--panel, #fff);
    }
    ul.diff li.differs {
      border-left-color: var(--bad, #c33);
      background: color-mix(in srgb, var(--bad, #c33) 10%, var(--panel, #fff));
    }
    ul.diff li.waiting {
      border-left-color: var(--line, #889);
    }
    .why {
      display: block;
      font-size: 0.92em;
    }
    .terms {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(240px, 1fr));
      gap: 8px;
    }
    pre {
      margin: 0;
      padding: 6px;
      min-height: 3em;
      background: var(--term-bg, #111);
      color: var(--term-ink, #eee);
      overflow-x: auto;
      white-space: pre-wrap;
      font-size: 13px;
    }
    pre span {
      display: block;
    }
    .cmd {
      color: var(--term-cmd, #9cf);
    }
    .stderr {
      color: var(--term-err, #fb9);
    }
  `;

  private fate(f: Fate): string {
    const l = this.locale;
    switch (f.kind) {
      case 'delivered':
        return t(l, 'labFateDelivered', { node: f.node, port: f.fromPort });
      case 'dropped':
        return t(l, 'labFateDropped', { node: f.node, reason: f.reason });
      case 'unseen':
        return t(l, 'labFateUnseen');
      case 'waiting':
        return t(l, 'labDiffWaiting');
    }
  }

  private why(d: DiffItem): string {
    const l = this.locale;
    if (d.kind === 'lost') return t(l, 'labWhyLost');
    if (d.kind === 'port') return t(l, 'labWhyPort');
    if (d.kind === 'unexpected' && d.predicted.kind === 'dropped') {
      return t(l, 'labWhyUnexpected', { reason: d.predicted.reason });
    }
    return '';
  }

  private save(): void {
    if (!this.run) return;
    const blob = new Blob([formatLabRun(this.run.toFile())], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `agujero-lab-run-${this.run.setup.scenario}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  override render() {
    const run = this.run;
    if (!run) return html``;
    const l = this.locale;
    const diff = diffRuns(this.predicted, run.trace, this.sent, this.settled);
    const real = (d: DiffItem) =>
      d.kind === 'port' && d.predicted.kind === 'delivered' && d.real.kind === 'delivered'
        ? t(l, 'labDiffPort', { real: d.real.fromPort, predicted: d.predicted.fromPort })
        : t(l, KIND_KEY[d.kind]);
    return html`<h4>${t(l, 'labDiffHeading')}</h4>
      <ul class="diff">
        ${diff.map(
          (d) =>
            html`<li
              class=${d.kind === 'same' ? 'same' : d.kind === 'waiting' ? 'waiting' : 'differs'}
              data-kind=${d.kind}
            >
              <b>${d.from}: “${d.text}”</b> — ${real(d)}
              <span class="why"
                >${t(l, 'labPredicted')}: ${this.fate(d.predicted)} · ${t(l, 'labReal')}:
                ${this.fate(d.real)}</span
              >
              ${this.why(d) ? html`<span class="why">${this.why(d)}</span>` : ''}
            </li>`,
        )}
      </ul>
      <div class="terms">
        ${run.actors().map(
          (a) =>
            html`<div>
              <h4>${a}</h4>
              <pre tabindex="0" data-actor=${a}>
${run.terminal(a).map((x) => html`<span class=${x.kind === 'command' ? 'cmd' : x.kind}>${x.kind === 'command' ? `${a}$ ` : ''}${x.text}</span> `)}</pre>
            </div>`,
        )}
      </div>
      <p><button data-action="save" @click=${() => this.save()}>${t(l, 'labSave')}</button></p>`;
  }
}

customElements.define('lab-run-view', LabRunView);

declare global {
  interface HTMLElementTagNameMap {
    'lab-run-view': LabRunView;
  }
}
