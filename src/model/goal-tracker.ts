/**
 * A scenario's goals judged incrementally: each trace event is looked at once, when the run steps
 * past it, so judging every goal after every event costs O(goals), not O(events so far).
 *
 * A goal is reached by the first delivery of a datagram containing its text to its actor. A
 * missed goal names the drop of the last matching packet sent, or says it was never sent, still in
 * flight, or that the run was cut short by a limit before the goal could be decided.
 */
import { formatEndpoint } from './endpoint.ts';
import { payloadText } from './packet.ts';
import type { Goal } from './scenario.ts';
import type { TraceEvent } from './trace.ts';

/** Why a run stopped before its scenario's end. */
export interface RunLimit {
  /** The kind of limit: how many events the caller let the run step through. */
  readonly kind: 'event-limit';
  /** The limit that was hit. */
  readonly limit: number;
  /** Virtual time (ms) of the last event stepped through. */
  readonly t: number;
}

/** Whether a goal was reached, and why (not). */
export interface GoalOutcome {
  readonly goal: Goal;
  readonly reached: boolean;
  readonly at?: number;
  /** For a missed goal: the drop that stopped the last matching packet, or "never sent". */
  readonly reason: string;
  /**
   * Why, as data, for views that word it themselves (in another language): `delivered` with the
   * event, `dropped` with the drop event, `never-sent`, `in-flight`, or `cut-short` when the run
   * hit a limit before the goal was reached (a limit is never reported as an outcome).
   */
  readonly cause: GoalCause;
}

/** The structured reason of a goal's outcome. */
export type GoalCause =
  | { readonly kind: 'delivered'; readonly event: Extract<TraceEvent, { type: 'delivered' }> }
  | { readonly kind: 'dropped'; readonly event: Extract<TraceEvent, { type: 'dropped' }> }
  | { readonly kind: 'never-sent' }
  | { readonly kind: 'in-flight' }
  | { readonly kind: 'cut-short'; readonly limit: RunLimit };

type Delivered = Extract<TraceEvent, { type: 'delivered' }>;
type Dropped = Extract<TraceEvent, { type: 'dropped' }>;

interface GoalState {
  readonly goal: Goal;
  reached: Delivered | undefined;
  lastSent: number | undefined;
  drop: Dropped | undefined;
}

/** The English sentence for a limit, as the model words it. */
export function limitReason(limit: RunLimit): string {
  return `not decided: the run stopped at its limit of ${limit.limit} events (t = ${limit.t / 1000} s)`;
}

/** Follows every goal of a scenario as events are stepped through. */
export class GoalTracker {
  private readonly states: GoalState[];

  constructor(goals: readonly Goal[]) {
    this.states = goals.map((goal) => ({
      goal,
      reached: undefined,
      lastSent: undefined,
      drop: undefined,
    }));
  }

  /** Looks at the next event stepped through (in order, each once). */
  observe(e: TraceEvent): void {
    if (this.states.length === 0) return;
    if (e.type === 'sent') {
      const text = payloadText(e.packet.payload);
      for (const s of this.states)
        if (!s.reached && text.includes(s.goal.text)) {
          s.lastSent = e.packet.id;
          s.drop = undefined;
        }
    } else if (e.type === 'dropped') {
      for (const s of this.states)
        if (!s.reached && !s.drop && s.lastSent === e.packet.id) s.drop = e;
    } else if (e.type === 'delivered') {
      let text: string | undefined;
      for (const s of this.states) {
        if (s.reached || e.node !== s.goal.actor) continue;
        text ??= payloadText(e.packet.payload);
        if (text.includes(s.goal.text)) s.reached = e;
      }
    }
  }

  /** Every goal's outcome so far; `limit` when the run was stopped by one. */
  outcomes(limit?: RunLimit): GoalOutcome[] {
    return this.states.map((s) => outcomeOf(s, limit));
  }
}

function outcomeOf(s: GoalState, limit: RunLimit | undefined): GoalOutcome {
  const { goal } = s;
  if (s.reached) {
    const e = s.reached;
    const reason = `delivered to ${goal.actor} at ${formatEndpoint(e.socket)}`;
    return { goal, reached: true, at: e.t, reason, cause: { kind: 'delivered', event: e } };
  }
  if (limit) {
    return {
      goal,
      reached: false,
      reason: limitReason(limit),
      cause: { kind: 'cut-short', limit },
    };
  }
  if (s.lastSent === undefined) {
    return { goal, reached: false, reason: 'never sent', cause: { kind: 'never-sent' } };
  }
  if (s.drop) {
    const reason = `${s.drop.detail} (at ${s.drop.node})`;
    return { goal, reached: false, reason, cause: { kind: 'dropped', event: s.drop } };
  }
  const reason = 'still in flight or not delivered';
  return { goal, reached: false, reason, cause: { kind: 'in-flight' } };
}
