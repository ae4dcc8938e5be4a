/**
 * <nat-app>: the application shell. Owns the view state (mirrored in the URL), the recorded run
 * of the chosen scenario with the chosen NATs and seed, the playback actor (via ActorController),
 * keyboard shortcuts, language and page switching; children get properties and send events.
 */
import { LitElement, html } from 'lit';
import { createActor } from 'xstate';
import { playbackMachine } from '../machines/playback.ts';
import { buildScenario, commandsFor, routersOf, validationCommands } from '../app/catalog.ts';
import { Timeline } from '../app/timeline.ts';
import { formatState, natSpec, parseState } from '../app/url-state.ts';
import type { NatChoice, UrlProblem, ViewState } from '../app/url-state.ts';
import { sessionScenario, typedIndex, typeLine, usableTyped, withoutLast } from '../app/typed.ts';
import type { Session, TypingView } from '../app/typed.ts';
import { encodeTyped } from '../app/typed-url.ts';
import { natChange, navigation, scenarioChange } from '../app/view-moves.ts';
import type { Scenario } from '../model/index.ts';
import { t } from '../i18n/index.ts';
import type { RunProblem } from '../i18n/url-problems.ts';
import { checkAgainstRun, natsResetText } from '../i18n/url-problems.ts';
import type { StringKey } from '../i18n/index.ts';
import { ActorController } from './actor-controller.ts';
import type { NatEvent } from './events.ts';
import { choiceOf } from './nat-picker.ts';
import { shortcut, typedIntoControl } from './shortcuts.ts';
import { panelStyles } from './styles.ts';
import { appStyles } from './nat-app.styles.ts';
import './nat-simulator.ts';
import './nat-matrix.ts';
import './nat-header.ts';
import './nat-notices.ts';

/** The root element. */
export class NatApp extends LitElement {
  static override properties = {
    state: { state: true },
    error: { state: true },
    problems: { state: true },
    info: { state: true },
  };

  /** Link values that could not be used (shown until dismissed; the URL is corrected). */
  private problems: (UrlProblem | RunProblem)[] = [];
  /** A one-off note about something the app changed on its own (e.g. NATs reset). */
  private info = '';
  private state: ViewState = parseState(location.search, (p) => this.problems.push(p));
  private timeline: Timeline | undefined;
  private error = '';
  private readonly reduced = matchMedia('(prefers-reduced-motion: reduce)');
  private readonly playback = new ActorController(
    this,
    createActor(playbackMachine, { input: { index: this.state.step } }),
    (s) => {
      if (s.context.index !== this.state.step) this.setState({ step: s.context.index });
    },
  );

  static override styles = [panelStyles, appStyles];

  override connectedCallback(): void {
    const step = this.state.step;
    super.connectedCallback();
    this.rebuild(step);
    this.checkRun(step);
    history.replaceState(null, '', formatState(this.state));
    window.addEventListener('keydown', this.onKey);
    window.addEventListener('popstate', this.onPop);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.onKey);
    window.removeEventListener('popstate', this.onPop);
  }

  /** The NAT every router shows: the user's choice or the scenario's own. */
  private choices(): Record<string, NatChoice> {
    const out: Record<string, NatChoice> = {};
    for (const r of routersOf(this.timeline?.scenario ?? buildScenario(this.state.scenario)))
      out[r.id] = this.state.nat[r.id] ?? choiceOf(r.nat);
    return out;
  }

  /** Records the run for the current scenario, NATs and seed, and loads it into playback. */
  private rebuild(index: number): void {
    const s = this.state;
    try {
      const specs = Object.fromEntries(Object.entries(s.nat).map(([k, c]) => [k, natSpec(c)]));
      const scenario = this.withSession(buildScenario(s.scenario, specs));
      const routers = new Set(routersOf(scenario).map((r) => r.id));
      const nat = Object.fromEntries(Object.entries(specs).filter(([k]) => routers.has(k)));
      const commands = commandsFor(s.scenario);
      this.timeline = Timeline.record(scenario, {
        nat,
        ...(s.seed === undefined ? {} : { seed: s.seed }),
        ...(commands ? { commands } : {}),
      });
      this.error = '';
    } catch (e) {
      this.error = (e as Error).message;
      this.timeline = undefined;
    }
    this.playback.actor.send({ type: 'LOAD', total: this.timeline?.total ?? 0, index });
  }

  /**
   * Problems that need the built run: NATs for routers the scenario lacks, a step past the end.
   * Each is reported and dropped from the state, so the URL says what is shown.
   */
  private checkRun(step: number): void {
    const routers = routersOf(this.timeline?.scenario ?? buildScenario(this.state.scenario));
    const checked = checkAgainstRun(this.state, routers, this.timeline?.total ?? 0, step);
    this.problems = [...this.problems, ...checked.problems];
    this.state = checked.state;
  }

  /**
   * Changes the view state and mirrors it in the URL: `push` for what a user thinks of as going
   * somewhere (another page, another scenario, a matrix cell played), so Back returns; otherwise
   * the current history entry is replaced (steps, NATs, seed, language, selection).
   */
  private setState(patch: Partial<ViewState>, how: 'push' | 'replace' = 'replace'): void {
    this.state = { ...this.state, ...patch };
    const url = formatState(this.state);
    if (how === 'push') history.pushState(null, '', url);
    else if (url !== location.search) history.replaceState(null, '', url);
    document.documentElement.lang = this.state.lang;
  }

  /** Back and Forward: the view exactly as that entry had it, step included. */
  private readonly onPop = (): void => {
    this.state = parseState(location.search);
    this.timeline = undefined;
    this.rebuild(this.state.step);
    document.documentElement.lang = this.state.lang;
  };

  private readonly onKey = (e: KeyboardEvent): void => {
    if (this.state.page !== 'sim' || e.altKey || e.ctrlKey || e.metaKey) return;
    if (typedIntoControl(e)) return;
    const snap = this.playback.snapshot;
    const command = shortcut(e.key, e.shiftKey, {
      index: snap.context.index,
      speed: snap.context.speed,
      marks: this.timeline?.marks ?? { commands: [], packets: [] },
    });
    if (!command) return;
    e.preventDefault();
    this.playback.actor.send(command);
  };

  private readonly on = {
    playback: (e: NatEvent<'nat-playback'>) => this.playback.actor.send(e.detail),
    select: (e: NatEvent<'nat-select-packet'>) => this.setState({ packet: e.detail.id }),
    nat: (e: NatEvent<'nat-change-nat'>) => {
      this.setState(natChange(this.state, e.detail.router, e.detail.choice));
      this.rebuild(this.state.step);
    },
    scenario: (e: NatEvent<'nat-change-scenario'>) => {
      const hadChoices = Object.keys(this.state.nat).length > 0;
      this.setState(scenarioChange(e.detail.scenario), 'push');
      this.timeline = undefined;
      this.rebuild(0);
      // Say it when the user's NAT choices gave way to the new scenario's own NATs.
      this.info = hadChoices ? natsResetText(this.state.lang, this.choices()) : '';
    },
    seed: (e: NatEvent<'nat-change-seed'>) => {
      this.setState({ seed: e.detail.seed });
      this.rebuild(this.state.step);
    },
    navigate: (e: NatEvent<'nat-navigate'>) => {
      const { patch, rebuild } = navigation(e.detail);
      this.setState(patch, 'push');
      if (rebuild) {
        this.timeline = undefined;
        this.rebuild(0);
      }
      if (e.detail.play) this.playback.actor.send({ type: 'PLAY' });
      window.scrollTo(0, 0);
    },
  };

  // Typing terminal (src/app/typed.ts): the line just refused, and what undo returns to.
  private refusedTyped: TypingView['refused'];
  private readonly undoTyped: { after: Session; before: Session | undefined }[] = [];

  /** The scenario with what the student typed; typed commands it cannot run are reported. */
  private withSession(base: Scenario): Scenario {
    const session = this.state.session;
    if (!session) return base;
    const { typed, refused } = usableTyped(base, session, validationCommands(this.state.scenario));
    if (refused.length > 0) {
      const kind = 'bad-typed' as const;
      const problems = refused.map((r) => ({ kind, param: 't', value: encodeTyped(r.command) }));
      this.problems = [...this.problems, ...problems];
      this.state = { ...this.state, session: { ...session, typed } };
    }
    return sessionScenario(base, { ...session, typed });
  }

  /** A line typed into a terminal, or undo: records the run again and shows the command run. */
  private readonly onType = (e: NatEvent<'nat-type'>): void => {
    const tl = this.timeline;
    const snap = this.playback.snapshot;
    const index = snap.context.index;
    const before = this.state.session;
    if (!tl || ('undo' in e.detail && !before?.typed.length)) return;
    let session: Session | undefined;
    if ('undo' in e.detail) {
      // Back to the session before the last command typed here (a branch it cut included).
      const last = this.undoTyped.at(-1);
      session = last?.after === before ? this.undoTyped.pop()?.before : withoutLast(before);
    } else {
      const r = typeLine(tl, index, before, e.detail, validationCommands(this.state.scenario));
      if ('refusal' in r) {
        this.refusedTyped = { ...e.detail, index, refusal: r.refusal };
        this.requestUpdate();
        return;
      }
      this.undoTyped.push({ after: r.session, before });
      session = r.session;
    }
    this.refusedTyped = undefined;
    this.setState({ session });
    this.rebuild(index);
    // Undo goes to just before the command it removed; typing, to the command typed.
    const to =
      'undo' in e.detail && before
        ? (typedIndex(tl, before, before.typed.length - 1) ?? index + 1) - 1
        : this.timeline && session
          ? typedIndex(this.timeline, session, session.typed.length - 1)
          : undefined;
    this.playback.actor.send({ type: 'SEEK', index: to ?? this.timeline?.total ?? 0 });
    if (snap.value === 'playing') this.playback.actor.send({ type: 'PLAY' });
  };

  protected override updated(): void {
    // Presentation mode scales the type tokens for the whole page (see nat-app.styles.ts).
    this.toggleAttribute('present', this.state.present);
  }

  override render() {
    const s = this.state;
    const tr = (k: StringKey) => t(s.lang, k);
    const snap = this.playback.snapshot;
    return html`<nat-header
        .state=${s}
        .seed=${s.seed ?? this.timeline?.scenario.seed ?? 0}
        @nat-change-scenario=${this.on.scenario}
        @nat-change-seed=${this.on.seed}
        @nat-navigate=${this.on.navigate}
        @nat-change-lang=${(e: NatEvent<'nat-change-lang'>) => this.setState({ lang: e.detail.lang })}
        @nat-present=${(e: NatEvent<'nat-present'>) => this.setState({ present: e.detail.present })}
      ></nat-header>
      <main
        @nat-playback=${this.on.playback}
        @nat-select-packet=${this.on.select}
        @nat-change-nat=${this.on.nat}
        @nat-navigate=${this.on.navigate}
        @nat-type=${this.onType}
      >
        ${this.error ? html`<div class="error" role="alert"><b>${tr('errorTitle')}</b> ${this.error}</div>` : ''}
        <nat-notices
          .locale=${s.lang}
          .problems=${this.problems}
          .info=${this.info}
          @nat-dismiss=${() => {
            this.problems = [];
            this.info = '';
          }}
        ></nat-notices>
        ${
          s.page === 'matrix'
            ? html`<nat-matrix .locale=${s.lang}></nat-matrix>`
            : html`<nat-simulator
                .locale=${s.lang}
                .timeline=${this.timeline}
                .index=${snap.context.index}
                .playing=${snap.value === 'playing'}
                .speed=${snap.context.speed}
                .scenarioId=${s.scenario}
                .choices=${this.choices()}
                .selected=${s.packet}
                .hopMs=${this.reduced.matches ? 0 : Math.min(650, 800 / snap.context.speed)}
                ?presenting=${s.present}
                .typing=${{ refused: this.refusedTyped, lastActor: s.session?.typed.at(-1)?.actor }}
              ></nat-simulator>`
        }
      </main>`;
  }
}

customElements.define('nat-app', NatApp);

declare global {
  interface HTMLElementTagNameMap {
    'nat-app': NatApp;
  }
}
