/**
 * The playback machine: owns *when* the simulator moves through a run's trace (play, pause,
 * step, back, seek, first, last, speed). It knows only an index into `total` events and a
 * speed; no DOM, no model. Time comes from the actor's clock, so tests use a SimulatedClock.
 *
 *   paused ──PLAY/TOGGLE──► playing ──(tick: index+1 every BASE_STEP_MS / speed)──┐
 *     ▲                       │  ▲_____________________________________________┘
 *     └──PAUSE/TOGGLE/BACK/end┘
 */
import { assign, setup } from 'xstate';

/** Milliseconds between automatic steps at speed 1. */
export const BASE_STEP_MS = 900;

/** The speeds offered by the UI, slowest first. */
export const SPEEDS: readonly number[] = [0.25, 0.5, 1, 2, 4, 8];

/** What the machine remembers. */
export interface PlaybackContext {
  /** How many trace events have been stepped through (0 = before the first). */
  readonly index: number;
  /** How many events the run has. */
  readonly total: number;
  /** Playback speed multiplier. */
  readonly speed: number;
}

/** Everything the machine accepts. */
export type PlaybackEvent =
  | { readonly type: 'LOAD'; readonly total: number; readonly index?: number }
  | { readonly type: 'PLAY' }
  | { readonly type: 'PAUSE' }
  | { readonly type: 'TOGGLE' }
  | { readonly type: 'STEP' }
  | { readonly type: 'BACK' }
  | { readonly type: 'SEEK'; readonly index: number }
  | { readonly type: 'FIRST' }
  | { readonly type: 'LAST' }
  | { readonly type: 'SPEED'; readonly speed: number };

/** Input when the actor is created. */
export interface PlaybackInput {
  readonly total?: number;
  readonly index?: number;
  readonly speed?: number;
}

const clamp = (i: number, total: number): number =>
  Math.max(0, Math.min(total, Number.isFinite(i) ? Math.trunc(i) : 0));

/** The playback state machine (xstate v5). */
export const playbackMachine = setup({
  types: {
    context: {} as PlaybackContext,
    events: {} as PlaybackEvent,
    input: {} as PlaybackInput,
  },
  delays: {
    tick: ({ context }) => BASE_STEP_MS / context.speed,
  },
  guards: {
    atEnd: ({ context }) => context.index >= context.total,
    notAtEnd: ({ context }) => context.index < context.total,
  },
  actions: {
    load: assign(({ context, event }) => {
      if (event.type !== 'LOAD') return {};
      const total = Math.max(0, Math.trunc(event.total));
      return { total, index: clamp(event.index ?? context.index, total) };
    }),
    next: assign(({ context }) => ({ index: clamp(context.index + 1, context.total) })),
    prev: assign(({ context }) => ({ index: clamp(context.index - 1, context.total) })),
    seek: assign(({ context, event }) =>
      event.type === 'SEEK' ? { index: clamp(event.index, context.total) } : {},
    ),
    first: assign({ index: 0 }),
    last: assign(({ context }) => ({ index: context.total })),
    speed: assign(({ context, event }) =>
      event.type === 'SPEED' && event.speed > 0 && Number.isFinite(event.speed)
        ? { speed: event.speed }
        : { speed: context.speed },
    ),
  },
}).createMachine({
  id: 'playback',
  context: ({ input }) => {
    const total = Math.max(0, Math.trunc(input.total ?? 0));
    return { total, index: clamp(input.index ?? 0, total), speed: input.speed ?? 1 };
  },
  initial: 'paused',
  on: {
    LOAD: { target: '.paused', actions: 'load' },
    SEEK: { actions: 'seek' },
    FIRST: { actions: 'first' },
    SPEED: { actions: 'speed' },
    BACK: { target: '.paused', actions: 'prev' },
  },
  states: {
    paused: {
      on: {
        PLAY: [{ guard: 'atEnd', target: 'playing', actions: 'first' }, { target: 'playing' }],
        TOGGLE: [{ guard: 'atEnd', target: 'playing', actions: 'first' }, { target: 'playing' }],
        STEP: { actions: 'next' },
        LAST: { actions: 'last' },
      },
    },
    playing: {
      always: { guard: 'atEnd', target: 'paused' },
      after: {
        tick: { target: 'playing', reenter: true, actions: 'next' },
      },
      on: {
        PAUSE: 'paused',
        TOGGLE: 'paused',
        STEP: { target: 'playing', reenter: true, actions: 'next' },
        LAST: { target: 'paused', actions: 'last' },
        SPEED: { target: 'playing', reenter: true, actions: 'speed' },
      },
    },
  },
});

/** The machine's type, for actors and controllers. */
export type PlaybackMachine = typeof playbackMachine;
