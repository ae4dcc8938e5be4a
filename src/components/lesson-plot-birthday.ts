/**
 * <lesson-plot-birthday>: the birthday-paradox plot of chapter 7. The reader picks who is hard,
 * how many sockets k and probes n, and runs the model (in Web Workers); the plot shows the closed
 * form beside the Monte Carlo estimates with their 95% intervals, and a sentence gives both at n.
 * Properties: `locale`, `mode` ('easy-hard' | 'hard-hard'), `sockets`, `probes`, `trials`.
 */
import { LitElement, css, html } from 'lit';
import { closedForm, easyHardOdds, hardHardOdds } from '../model/birthday.ts';
import type { BirthdayCase, MonteCarlo } from '../model/birthday.ts';
import { runBirthday } from '../app/birthday-client.ts';
import { t } from '../i18n/index.ts';
import type { Lang } from '../i18n/index.ts';
import { drawBirthdayPlot } from '../views/birthday-plot.ts';
import type { PlotPoint } from '../views/birthday-plot.ts';
import { panelStyles } from './styles.ts';

/** Largest n the inputs take (the Monte Carlo sends up to this many probes per trial). */
export const MAX_PROBES = 4096;
const POINTS = 8;
const pct = (p: number): string => `${(p * 100).toFixed(1)}%`;

/** The birthday-paradox plot. */
export class LessonPlotBirthday extends LitElement {
  static override properties = {
    locale: { type: String },
    mode: { type: String },
    sockets: { type: Number },
    probes: { type: Number },
    trials: { type: Number },
    result: { state: true },
    busy: { state: true },
    bad: { state: true },
    width: { state: true },
  };

  locale: Lang = 'es';
  mode: BirthdayCase = 'easy-hard';
  sockets = 256;
  probes = 256;
  trials = 1000;
  private result: { mc: MonteCarlo; ms: number } | undefined;
  private busy = false;
  private bad = false;
  private width = 640;
  private observer: ResizeObserver | undefined;
  private run = 0;

  static override styles = [
    panelStyles,
    css`
      .controls {
        display: flex;
        flex-wrap: wrap;
        gap: 8px 16px;
        align-items: end;
        margin-bottom: 8px;
      }
      label {
        display: flex;
        flex-direction: column;
        gap: 2px;
        font-size: var(--fs-s);
        color: var(--muted);
      }
      input,
      select {
        font: inherit;
        font-size: var(--fs-m);
        background: var(--panel-2);
        color: var(--text);
        border: 1px solid var(--line-2);
        border-radius: 4px;
        padding: 4px 6px;
      }
      input {
        width: 7em;
      }
      svg {
        display: block;
        font-size: 12px;
        font-family: var(--sans);
      }
      svg .axis text,
      svg text {
        fill: var(--muted);
        font-size: 12px;
      }
      svg .axis path,
      svg .axis line {
        stroke: var(--line-2);
      }
      svg path.closed,
      svg line.closed {
        stroke: var(--accent);
        stroke-width: 2;
      }
      svg .point line {
        stroke: var(--nat);
        stroke-width: 1.5;
      }
      svg circle {
        fill: var(--nat);
      }
      .summary {
        font-size: var(--fs-m);
        margin: 6px 0 0;
      }
      .bad {
        color: var(--bad);
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    this.observer = new ResizeObserver((e) => {
      const w = Math.round(e[0]?.contentRect.width ?? this.width);
      if (w > 0 && Math.abs(w - this.width) > 2) this.width = w;
    });
    this.observer.observe(this);
    void this.simulate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.observer?.disconnect();
  }

  /** Runs the Monte Carlo for the current inputs (easy-vs-hard only; see birthdayNoMonteCarlo). */
  async simulate(): Promise<void> {
    const k = this.sockets;
    const n = this.probes;
    this.bad = !(
      Number.isInteger(k) &&
      k >= 1 &&
      k <= 65535 &&
      Number.isInteger(n) &&
      n >= 1 &&
      n <= MAX_PROBES
    );
    this.result = undefined;
    if (this.bad || this.mode !== 'easy-hard') return;
    const mine = ++this.run;
    this.busy = true;
    const trials = Math.max(1, Math.min(5000, Math.round(this.trials)));
    try {
      const r = await runBirthday({ kind: 'easy-hard', sockets: k, probes: n, trials, seed: 1 });
      if (mine === this.run) this.result = r;
    } finally {
      if (mine === this.run) this.busy = false;
    }
  }

  private set(field: 'sockets' | 'probes' | 'trials', e: Event): void {
    this[field] = Number((e.target as HTMLInputElement).value);
    void this.simulate();
  }

  private xMax(): number {
    return this.mode === 'easy-hard' ? this.probes : this.sockets * this.probes;
  }

  private points(): PlotPoint[] {
    const mc = this.result?.mc;
    if (!mc) return [];
    return Array.from({ length: POINTS }, (_, i) => {
      const at = Math.round(((i + 1) / POINTS) * this.probes);
      return { n: at, ...mc.at(at) };
    });
  }

  override updated(): void {
    const svg = this.renderRoot.querySelector('svg');
    if (!svg || this.bad) return;
    const k = this.sockets;
    drawBirthdayPlot(svg, {
      width: this.width,
      xMax: this.xMax(),
      closed: this.mode === 'easy-hard' ? (x) => easyHardOdds(k, x) : (x) => hardHardOdds(x),
      points: this.points(),
      labels: {
        x: t(this.locale, 'birthdayXAxis'),
        y: t(this.locale, 'birthdayYAxis'),
        closed: t(this.locale, 'birthdayClosed'),
        mc: t(this.locale, 'birthdayMonteCarlo'),
      },
    });
  }

  private summary(): string {
    const tr = (key: Parameters<typeof t>[1], p?: Record<string, string | number>) =>
      t(this.locale, key, p);
    if (this.bad) return tr('birthdayBadInput', { max: MAX_PROBES });
    const closed = pct(closedForm(this.mode, this.sockets, this.probes));
    if (this.mode === 'hard-hard')
      return `${tr('birthdayHardSummary', { n: this.xMax().toLocaleString(this.locale), closed })} ${tr('birthdayNoMonteCarlo')}`;
    const r = this.result;
    if (!r) return tr('birthdayRunning', { trials: this.trials });
    const at = r.mc.at(this.probes);
    return tr('birthdaySummary', {
      n: this.probes,
      closed,
      mc: pct(at.p),
      lo: pct(at.ci[0]),
      hi: pct(at.ci[1]),
      trials: r.mc.firstHit.length,
      ms: Math.round(r.ms),
    });
  }

  override render() {
    const tr = (key: Parameters<typeof t>[1]) => t(this.locale, key);
    return html`<div class="controls">
        <label
          >${tr('birthdayCase')}
          <select
            data-testid="birthday-mode"
            @change=${(e: Event) => {
              this.mode = (e.target as HTMLSelectElement).value as BirthdayCase;
              void this.simulate();
            }}
          >
            <option value="easy-hard" ?selected=${this.mode === 'easy-hard'}>
              ${tr('birthdayEasyHard')}
            </option>
            <option value="hard-hard" ?selected=${this.mode === 'hard-hard'}>
              ${tr('birthdayHardHard')}
            </option>
          </select></label
        >
        <label
          >${tr('birthdaySockets')}
          <input
            data-testid="birthday-k"
            type="number"
            min="1"
            max="65535"
            .value=${String(this.sockets)}
            @change=${(e: Event) => this.set('sockets', e)}
        /></label>
        <label
          >${tr(this.mode === 'easy-hard' ? 'birthdayProbes' : 'birthdayProbesPerSocket')}
          <input
            data-testid="birthday-n"
            type="number"
            min="1"
            max=${MAX_PROBES}
            .value=${String(this.probes)}
            @change=${(e: Event) => this.set('probes', e)}
        /></label>
        <label
          >${tr('birthdayTrials')}
          <input
            data-testid="birthday-trials"
            type="number"
            min="1"
            max="5000"
            .value=${String(this.trials)}
            ?disabled=${this.mode !== 'easy-hard'}
            @change=${(e: Event) => this.set('trials', e)}
        /></label>
        <button
          data-testid="birthday-run"
          ?disabled=${this.busy}
          @click=${() => void this.simulate()}
        >
          ${tr('birthdayRun')}
        </button>
      </div>
      <svg role="img" aria-label=${tr('birthdayDesc')}></svg>
      <p class="summary ${this.bad ? 'bad' : ''}" aria-live="polite" data-testid="birthday-summary">
        ${this.summary()}
      </p>`;
  }
}

customElements.define('lesson-plot-birthday', LessonPlotBirthday);

declare global {
  interface HTMLElementTagNameMap {
    'lesson-plot-birthday': LessonPlotBirthday;
  }
}
