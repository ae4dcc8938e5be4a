/**
 * Commands the student types into the terminals, as a session over a scenario: each is a step
 * `{ at, actor, run }` appended to the scenario, so re-recording gives the same events up to it
 * and the new ones after. Typing takes over: a command typed at time T drops every command,
 * scripted or typed, that would have run after T (earlier ones, and "back", are untouched). A
 * lesson that wants the student to punch passes `stopAfter` (scripted steps to keep, e.g. 6 for
 * the walkthrough's rendezvous). The URL form is in typed-url.ts.
 */
import { ScenarioRun, substitute, validateScenario } from '../model/index.ts';
import type { CommandRegistry, Scenario, ScenarioStep, TraceEvent } from '../model/index.ts';
import { CommandError } from '../model/command-error.ts';
import type { CommandErrorFacts } from '../model/command-error.ts';
import { SpecError } from '../model/spec-error.ts';
import { validateCommandLine } from '../model/terminals.ts';
import type { Timeline } from './timeline.ts';

/** A command the student typed: `line` into `actor`'s terminal at virtual time `at` (whole ms). */
export interface TypedCommand {
  readonly actor: string;
  readonly at: number;
  readonly line: string;
}

/** What the student typed over a scenario. */
export interface Session {
  /** Typed commands, in time order. */
  readonly typed: readonly TypedCommand[];
  /** Keep only the first this many scripted steps (a lesson's "now you"). */
  readonly stopAfter?: number | undefined;
}

/** The longest line a terminal accepts. */
export const MAX_LINE = 300;
/** The most typed commands a session keeps. */
export const MAX_TYPED = 100;
/** How long a run goes on after the last typed command (as after a scripted one). */
export const TAIL_MS = 5000;
/** The latest time a command can be typed at (a day). */
export const MAX_AT = 86_400_000;

/** When a command typed while the frame at `now` is shown runs: the next whole millisecond. */
export function typedAt(now: number): number {
  return Math.floor(now) + 1;
}

/** Adds a command typed at `c.at`: it takes over, so typed commands after it are dropped. */
export function addTyped(typed: readonly TypedCommand[], c: TypedCommand): TypedCommand[] {
  return [...typed.filter((x) => x.at <= c.at), c];
}

/** `step` with only its repeats before `cut` (undefined when none is left). */
function cutStep(step: ScenarioStep, cut: number): ScenarioStep | undefined {
  const times = step.times ?? 1;
  let kept = 0;
  while (kept < times && step.at + kept * (step.every ?? 0) < cut) kept++;
  if (kept === 0) return undefined;
  return kept === times ? step : { ...step, times: kept };
}

/**
 * The scenario a session runs: the scripted steps kept (the first `stopAfter`, and only what
 * runs before the first typed command), then the typed ones; a run ends TAIL_MS after the last.
 */
export function sessionScenario(base: Scenario, session: Session): Scenario {
  const { typed, stopAfter } = session;
  let steps: readonly ScenarioStep[] =
    stopAfter === undefined ? base.steps : base.steps.slice(0, stopAfter);
  const first = typed[0];
  if (first) steps = steps.flatMap((s) => cutStep(s, first.at) ?? []);
  const last = typed.at(-1);
  const endAt =
    base.endAt !== undefined && last ? Math.max(base.endAt, last.at + TAIL_MS) : base.endAt;
  return {
    ...base,
    steps: [...steps, ...typed.map((c) => ({ at: c.at, actor: c.actor, run: c.line }))],
    ...(endAt === undefined ? {} : { endAt }),
  };
}

/** A typed command the run cannot take, with the model's reason. */
export interface RefusedTyped {
  readonly command: TypedCommand;
  readonly message: string;
}

/**
 * The session's typed commands that this scenario can run (actors it has, lines that parse,
 * observations it can make), checked by the model's own scenario validation; the rest refused.
 */
export function usableTyped(
  base: Scenario,
  session: Session,
  commands: CommandRegistry,
): { typed: TypedCommand[]; refused: RefusedTyped[] } {
  const typed = [...session.typed];
  const refused: RefusedTyped[] = [];
  for (;;) {
    const scenario = sessionScenario(base, { ...session, typed });
    const scripted = scenario.steps.length - typed.length;
    try {
      validateScenario(scenario, (line) => validateCommandLine(line, commands));
      return { typed, refused };
    } catch (e) {
      const i = e instanceof SpecError ? Number(e.path[1]) - scripted : -1;
      if (!(e instanceof SpecError) || e.path[0] !== 'steps' || !(i >= 0 && i < typed.length))
        throw e;
      refused.push({ command: typed[i] as TypedCommand, message: e.message });
      typed.splice(i, 1);
    }
  }
}

/** Why a line typed now cannot run: the command's facts, a UI limit, or the model's message. */
export type TypedRefusal =
  | CommandErrorFacts
  | { readonly limit: 'typedTooMany' | 'typedTooLong'; readonly max: number }
  | { readonly message: string };

/**
 * Checks `line` as typed into `actor`'s terminal while frame `index` of `tl` is shown: with the
 * observations made by then (for `${…}`) and the programs of the scenario; undefined when fine.
 */
export function checkTyped(
  tl: Timeline,
  index: number,
  line: string,
  commands: CommandRegistry,
): TypedRefusal | undefined {
  try {
    const vars = line.includes('${')
      ? ScenarioRun.restore(tl.scenario, tl.options, index).observations
      : {};
    validateCommandLine(substitute(line, vars), commands);
    return undefined;
  } catch (e) {
    if (e instanceof CommandError) return e.facts;
    return { message: (e as Error).message };
  }
}

/**
 * Types `line` into `actor`'s terminal while frame `index` of `tl` is shown: the new session
 * (the command at the next millisecond, taking over from there), or why it cannot run.
 */
export function typeLine(
  tl: Timeline,
  index: number,
  session: Session | undefined,
  typed: { readonly actor: string; readonly line: string },
  commands: CommandRegistry,
): { session: Session } | { refusal: TypedRefusal } {
  const line = typed.line.trim();
  const list = session?.typed ?? [];
  if (line.length > MAX_LINE) return { refusal: { limit: 'typedTooLong', max: MAX_LINE } };
  const refusal = checkTyped(tl, index, line, commands);
  if (refusal) return { refusal };
  const c = { actor: typed.actor, at: typedAt(tl.frame(index).now), line };
  const next = addTyped(list, c);
  if (next.length > MAX_TYPED) return { refusal: { limit: 'typedTooMany', max: MAX_TYPED } };
  return { session: { ...session, typed: next } };
}

/** The session without its last typed command (undefined when nothing is left). */
export function withoutLast(session: Session | undefined): Session | undefined {
  if (!session) return undefined;
  const typed = session.typed.slice(0, -1);
  return typed.length === 0 && session.stopAfter === undefined ? undefined : { ...session, typed };
}

/**
 * The frame index at which typed command `i` of the session has just been typed in `tl` (its
 * `command` event), or undefined when the run did not get that far.
 */
export function typedIndex(tl: Timeline, session: Session, i: number): number | undefined {
  const step = tl.scenario.steps.length - session.typed.length + i;
  const at = tl.events.findIndex(
    (e: TraceEvent) => e.type === 'command' && e.step === step && e.t === session.typed[i]?.at,
  );
  return at < 0 ? undefined : at + 1;
}

/** What the terminals show about typing. */
export interface TypingView {
  /** The line just refused, in `actor`'s terminal at frame `index`, and why. */
  readonly refused?: {
    readonly actor: string;
    readonly line: string;
    readonly index: number;
    readonly refusal: TypedRefusal;
  };
  /** Who typed the last command (that terminal offers to undo it). */
  readonly lastActor?: string | undefined;
  /** No prompt: the terminal shows a run that cannot be typed into (a real lab run). */
  readonly readOnly?: boolean;
}
