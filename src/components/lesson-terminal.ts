/**
 * <lesson-terminal>: a terminal block: the commands as typed (`alice$ ...`), "Run in the
 * simulator", which opens an embedded simulator and types them into its terminals in order, and,
 * when a lab is connected with the lines' agents, "Run for real": the same lines as lab steps,
 * their real run drawn beside the prediction by <lab-run-view>, with the differences.
 */
import { LitElement, html } from 'lit';
import { t } from '../i18n/index.ts';
import type { Lang } from '../i18n/index.ts';
import type { TerminalBlock } from '../lessons/types.ts';
import { hasAgent, labHub } from '../app/hub-client.ts';
import { LabRun } from '../app/lab-run.ts';
import { planLines, realAddresses, runSteps } from '../app/run-for-real.ts';
import type { Plan } from '../app/run-for-real.ts';
import { lessonStyles } from './lesson.styles.ts';
import { COMPARE_PANELS } from './lab-real-sim.ts';
import type { LabShowDetail } from './lab-run-view.ts';
import type { LessonSimulator } from './lesson-simulator.ts';
import './lab-run-view.ts';

/** A terminal block. */
export class LessonTerminal extends LitElement {
  static override properties = {
    block: { attribute: false },
    locale: { type: String },
    open: { state: true },
    real: { state: true },
  };

  block: TerminalBlock | undefined;
  locale: Lang = 'es';
  private open = false;
  /** The real run, its plan and progress, once "Run for real" was pressed. */
  private real:
    { run: LabRun; plan: Plan; done: number; settled: boolean; revision: number } | undefined;
  private refusals: string[] = [];
  private readonly onHub = (): void => this.requestUpdate();

  override connectedCallback(): void {
    super.connectedCallback();
    labHub.addEventListener('change', this.onHub);
  }

  override disconnectedCallback(): void {
    labHub.removeEventListener('change', this.onHub);
    super.disconnectedCallback();
  }

  /** The machines (not the Server) whose lines this block has. */
  private actors(): string[] {
    return [...new Set(this.block?.lines.map((l) => l.actor))].filter((a) => a !== 'server');
  }

  private async runForReal(): Promise<void> {
    const b = this.block;
    if (!b || !labHub.target) return;
    await this.run();
    const sim = this.renderRoot.querySelector<LessonSimulator>('lesson-simulator');
    const topology = sim?.recorded?.scenario.topology;
    if (!topology) return;
    const plan = planLines(b.lines, topology, realAddresses(labHub.target.url, labHub));
    this.refusals = plan.refusals.map((r) => t(this.locale, r.key, r.values));
    if (plan.refusals.length) return void (this.real = undefined);
    const run = new LabRun(b.setup, topology, b.lines);
    const state = { run, plan, done: 0, settled: false, revision: 0 };
    this.real = state;
    await runSteps(labHub, plan.steps, run, (done) => {
      if (done >= 0) state.done = done;
      state.revision++;
      this.requestUpdate();
    });
    // Sends are done: a datagram still unseen after a moment counts as lost.
    setTimeout(() => {
      state.settled = true;
      state.revision++;
      this.requestUpdate();
    }, 1500);
  }

  static override styles = [lessonStyles];

  private async run(): Promise<void> {
    const b = this.block;
    if (!b) return;
    await import('./lesson-simulator.ts');
    this.open = true;
    await this.updateComplete;
    const sim = this.renderRoot.querySelector<LessonSimulator>('lesson-simulator');
    await sim?.updateComplete;
    sim?.typeLines(b.lines);
  }

  private realButton() {
    const l = this.locale;
    const missing = this.actors().filter((a) => !hasAgent(labHub, a));
    if (labHub.status === 'idle') return '';
    return html`<button
        data-action="run-real"
        ?disabled=${missing.length > 0 || (this.real !== undefined && !this.real.settled)}
        @click=${() => void this.runForReal()}
      >
        ${t(l, 'labRunFor')}
      </button>
      ${
        missing.length
          ? html`<span class="muted">${t(l, 'labRunNeeds', { actors: missing.join(', ') })}</span>`
          : ''
      }`;
  }

  /** Progress of the real run (its views are <lab-run-view>'s, beside the prediction). */
  private realStatus() {
    const r = this.real;
    if (!r) return '';
    const l = this.locale;
    const total = r.plan.steps.length;
    const status =
      r.done < total
        ? t(l, 'labRunning', { done: r.done, total })
        : t(l, 'labRanAll', { n: r.run.events.length });
    return html`<p class="muted" role="status" data-testid="real-status">
      ${status} ${r.plan.skipped ? t(l, 'labServerSkipped', { n: r.plan.skipped }) : ''}
    </p>`;
  }

  /** The prediction, and once run for real the real run beside it (the simulator stays put). */
  private views() {
    const r = this.real;
    const b = this.block;
    if (!this.open || !b) return '';
    const sim = this.renderRoot.querySelector<LessonSimulator>('lesson-simulator');
    return html`<div class="run-views">
      ${this.realStatus()}
      <lab-run-view
        .locale=${this.locale}
        .run=${r?.run}
        .predicted=${sim?.recorded?.events ?? []}
        .sent=${r?.plan.sent ?? []}
        .settled=${r?.settled ?? false}
        .revision=${r?.revision ?? 0}
        @lab-show=${(e: CustomEvent<LabShowDetail>) => sim?.show(e.detail.index, e.detail.packet)}
      >
        <lesson-simulator
          slot="predicted"
          .panels=${r ? COMPARE_PANELS : undefined}
          .setup=${b.setup}
          .locale=${this.locale}
          @lesson-run=${() => this.requestUpdate()}
        ></lesson-simulator>
      </lab-run-view>
    </div>`;
  }

  override render() {
    const b = this.block;
    if (!b) return html``;
    return html`<div class="block">
      <h3 class="kind">${t(this.locale, 'terminalHeading')}</h3>
      <pre
        tabindex="0"
        aria-label=${t(this.locale, 'terminalHeading')}
      ><code>${b.lines.map((l) => html`<span class="line"><span class="actor">${l.actor}$</span> ${l.command}</span>`)}</code></pre>
      <div class="controls">
        <button data-action="run" @click=${() => void this.run()}>
          ${t(this.locale, 'terminalRun')}
        </button>
        ${this.realButton()}
        ${this.open ? html`<span class="muted" role="status">${t(this.locale, 'terminalRan')}</span>` : ''}
      </div>
      ${this.refusals.map((r) => html`<p class="error" role="alert">${r}</p>`)} ${this.views()}
    </div>`;
  }
}

customElements.define('lesson-terminal', LessonTerminal);

declare global {
  interface HTMLElementTagNameMap {
    'lesson-terminal': LessonTerminal;
  }
}
