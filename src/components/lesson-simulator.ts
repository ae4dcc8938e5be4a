/**
 * <lesson-simulator>: a simulator embedded in a lesson. Records its own Timeline for a block's
 * Setup, drives its own playback actor and renders <nat-simulator> (no URL state of its own);
 * the reader steps, plays and types into the terminals as in the full simulator, and "open in
 * the simulator" opens the same view full size. Emits `lesson-run` with the run's final goal
 * outcomes each time it records (a try block ticks from it).
 */
import { LitElement, html, css } from 'lit';
import { createActor } from 'xstate';
import { playbackMachine } from '../machines/playback.ts';
import { buildScenario, validationCommands } from '../app/catalog.ts';
import { Timeline } from '../app/timeline.ts';
import { formatState, natSpec } from '../app/url-state.ts';
import type { NatChoice } from '../app/url-state.ts';
import { inverse, renameScenario, renameText } from '../app/run-addresses.ts';
import { sessionScenario, typedIndex, typeLine, withoutLast } from '../app/typed.ts';
import type { Session, TypingView } from '../app/typed.ts';
import { choiceOf } from './nat-picker.ts';
import type { GoalOutcome, NatSpec, PresetId } from '../model/index.ts';
import { t } from '../i18n/index.ts';
import type { Lang } from '../i18n/index.ts';
import { runnable } from '../lessons/setup.ts';
import type { Panel, Setup, StepAt } from '../lessons/types.ts';
import { ActorController } from './actor-controller.ts';
import type { NatEvent } from './events.ts';
import { panelStyles } from './styles.ts';
import './nat-simulator.ts';

/** Detail of `lesson-run`: the goals as the whole recorded run ends. */
export interface LessonRunDetail {
  readonly outcomes: readonly GoalOutcome[];
}

/** An embedded simulator. */
export class LessonSimulator extends LitElement {
  static override properties = {
    setup: { attribute: false },
    locale: { type: String },
    step: { attribute: false },
    panels: { attribute: false },
    marked: { attribute: false },
    addresses: { attribute: false },
    error: { state: true },
  };

  setup: Setup | undefined;
  locale: Lang = 'es';
  /** The event shown first. */
  step: StepAt = 0;
  panels: readonly Panel[] | undefined;
  /** Packets drawn marked (the datagrams a lab run beside it saw differently). */
  marked: ReadonlySet<number> | undefined;
  /**
   * The lesson's addresses → a real run's (app/run-addresses.ts): the prediction beside that run
   * is recorded in its addresses. The session keeps every typed line in the lesson's addresses
   * (typeLines takes them so; a line the reader types in the run's is mapped back), so a change
   * of addresses re-records the same session.
   */
  addresses: ReadonlyMap<string, string> | undefined;
  private error = '';
  private timeline: Timeline | undefined;
  private session: Session | undefined;
  private refused: TypingView['refused'];
  private selected: number | undefined;
  private built = '';
  private builtAddresses = '';
  /** NATs the reader chose in this simulator's pickers, by router (until the block changes). */
  private chosen: Record<string, NatChoice> = {};
  private readonly playback = new ActorController(
    this,
    createActor(playbackMachine, { input: { index: 0 } }),
  );

  static override styles = [
    panelStyles,
    css`
      .bar {
        display: flex;
        justify-content: flex-end;
        margin: 4px 0;
      }
      .bar a {
        color: var(--accent);
        font-size: var(--fs-m);
      }
      .error {
        color: var(--bad);
      }
      @media print {
        :host {
          display: none;
        }
      }
    `,
  ];

  /** Records the run again (after a setup change or a typed command), keeping `index`. */
  private record(index: number): void {
    if (!this.setup) return;
    try {
      const r = runnable(this.setup);
      this.session ??= r.session;
      // The reader's NAT choices replace the block's (and rebuild a scenario that depends on them).
      const picked = Object.entries(this.chosen).map(([k, c]) => [k, natSpec(c)] as const);
      const nat = { ...r.options.nat, ...Object.fromEntries(picked) };
      const full = picked.length > 0 ? buildScenario(this.setup.scenario, nat) : r.full;
      const session = this.session ? sessionScenario(full, this.session) : full;
      const scenario = this.addresses ? renameScenario(session, this.addresses) : session;
      this.timeline = Timeline.record(scenario, { ...r.options, nat });
      this.error = '';
    } catch (e) {
      this.timeline = undefined;
      this.error = (e as Error).message;
    }
    const total = this.timeline?.total ?? 0;
    this.playback.actor.send({ type: 'LOAD', total, index: Math.min(index, total) });
    const outcomes = this.timeline?.frame(total).outcomes ?? [];
    this.dispatchEvent(new CustomEvent<LessonRunDetail>('lesson-run', { detail: { outcomes } }));
  }

  protected override willUpdate(): void {
    const key = JSON.stringify(this.setup);
    const addresses = JSON.stringify([...(this.addresses ?? [])]);
    if (key === this.built && addresses === this.builtAddresses) return;
    this.builtAddresses = addresses;
    if (key === this.built) {
      this.record(this.playback.snapshot.context.index); // same session, other addresses
      return;
    }
    this.built = key;
    this.session = undefined;
    this.chosen = {};
    this.record(0);
    if (this.step === 'end') this.playback.actor.send({ type: 'LAST' });
    else this.playback.actor.send({ type: 'SEEK', index: this.step });
  }

  /** A NAT picked in the embedded simulator: the run is recorded again with it, at the same step. */
  private readonly onNat = (e: NatEvent<'nat-change-nat'>): void => {
    e.stopPropagation();
    const { router, choice } = e.detail;
    const chosen = { ...this.chosen };
    if (choice) chosen[router] = choice;
    else delete chosen[router];
    this.chosen = chosen;
    this.record(this.playback.snapshot.context.index);
    this.requestUpdate();
  };

  /** The recorded run shown (the prediction a real lab run is compared with). */
  get recorded(): Timeline | undefined {
    return this.timeline;
  }

  /** Steps to `index` and highlights packet `packet` (a lab run's "Show in both"). */
  show(index: number, packet: number | undefined): void {
    this.selected = packet;
    this.playback.actor.send({ type: 'PAUSE' });
    this.playback.actor.send({ type: 'SEEK', index });
    this.requestUpdate();
  }

  /** Plays the run from the start. */
  play(from = 0, speed = 2): void {
    this.playback.actor.send({ type: 'SEEK', index: from });
    this.playback.actor.send({ type: 'SPEED', speed });
    this.playback.actor.send({ type: 'PLAY' });
  }

  /**
   * Types lines (in the lesson's addresses) into the terminals, one after the other at the end of
   * the run, then plays them.
   */
  typeLines(lines: readonly { readonly actor: string; readonly command: string }[]): void {
    if (!this.setup) return;
    const commands = validationCommands(this.setup.scenario);
    let first: number | undefined;
    for (const l of lines) {
      const tl = this.timeline;
      if (!tl) return;
      const r = typeLine(tl, tl.total, this.session, { actor: l.actor, line: l.command }, commands);
      if ('refusal' in r) return;
      this.session = r.session;
      this.record(tl.total);
      first ??= this.timeline
        ? typedIndex(this.timeline, r.session, r.session.typed.length - 1)
        : 0;
    }
    this.play(Math.max(0, (first ?? 1) - 1), 4);
  }

  private readonly onType = (e: NatEvent<'nat-type'>): void => {
    e.stopPropagation();
    const tl = this.timeline;
    if (!tl || !this.setup) return;
    const index = this.playback.snapshot.context.index;
    if ('undo' in e.detail) {
      this.session = withoutLast(this.session) ?? runnable(this.setup).session;
      this.refused = undefined;
      this.record(index);
      return;
    }
    const commands = validationCommands(this.setup.scenario);
    const back = inverse(this.addresses ?? new Map());
    const typed = { ...e.detail, line: renameText(e.detail.line, back) };
    const r = typeLine(tl, index, this.session, typed, commands);
    if ('refusal' in r) {
      this.refused = { ...e.detail, index, refusal: r.refusal };
      this.requestUpdate();
      return;
    }
    this.refused = undefined;
    this.session = r.session;
    this.record(index);
    const to = this.timeline ? typedIndex(this.timeline, r.session, r.session.typed.length - 1) : 0;
    this.play(to ?? index, 4);
  };

  /** The full simulator's URL for this view. */
  private href(): string {
    const s = this.setup;
    if (!s || !this.timeline) return '?';
    const nat = Object.fromEntries(
      Object.entries(s.nat).map(([k, p]) => [k, choiceOf(p as PresetId)]),
    );
    return formatState({
      page: 'sim',
      scenario: s.scenario,
      nat,
      seed: s.seed,
      step: this.playback.snapshot.context.index,
      packet: undefined,
      lang: this.locale,
      session: this.session,
      present: false,
    });
  }

  override render() {
    if (this.error) return html`<p class="error" role="alert">${this.error}</p>`;
    const tl = this.timeline;
    if (!tl) return html``;
    const snap = this.playback.snapshot;
    const choices = Object.fromEntries(
      tl.scenario.topology.nodes.flatMap((n) =>
        n.kind === 'router'
          ? [
              [
                n.id,
                this.chosen[n.id] ??
                  choiceOf((this.setup?.nat[n.id] as NatSpec | undefined) ?? n.nat),
              ],
            ]
          : [],
      ),
    );
    const reduced = matchMedia('(prefers-reduced-motion: reduce)').matches;
    return html`<div class="bar">
        <a href=${this.href()} target="_blank" rel="noopener">${t(this.locale, 'lessonOpenSim')}</a>
      </div>
      <nat-simulator
        embedded
        @nat-playback=${(e: NatEvent<'nat-playback'>) => this.playback.actor.send(e.detail)}
        @nat-type=${this.onType}
        @nat-select-packet=${(e: NatEvent<'nat-select-packet'>) => {
          e.stopPropagation();
          this.selected = e.detail.id;
          this.requestUpdate();
        }}
        @nat-change-nat=${this.onNat}
        .locale=${this.locale}
        .timeline=${tl}
        .index=${snap.context.index}
        .playing=${snap.value === 'playing'}
        .speed=${snap.context.speed}
        .scenarioId=${this.setup?.scenario ?? ''}
        .choices=${choices}
        .selected=${this.selected}
        .panels=${this.panels}
        .marked=${this.marked}
        .hopMs=${reduced ? 0 : Math.min(650, 800 / snap.context.speed)}
        .typing=${{ refused: this.refused, lastActor: this.session?.typed.at(-1)?.actor }}
      ></nat-simulator>`;
  }
}

customElements.define('lesson-simulator', LessonSimulator);

declare global {
  interface HTMLElementTagNameMap {
    'lesson-simulator': LessonSimulator;
  }
  interface HTMLElementEventMap {
    'lesson-run': CustomEvent<LessonRunDetail>;
  }
}
