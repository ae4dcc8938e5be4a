// The playback machine: pure transitions for every command, and timed play on a simulated clock.
import { describe, expect, it } from 'vitest';
import { SimulatedClock, createActor, initialTransition, transition } from 'xstate';
import type { SnapshotFrom } from 'xstate';
import { BASE_STEP_MS, playbackMachine } from '../../src/machines/playback.ts';
import type { PlaybackEvent } from '../../src/machines/playback.ts';

type Snap = SnapshotFrom<typeof playbackMachine>;

const start = (total = 10, index = 0): Snap =>
  initialTransition(playbackMachine, { total, index })[0];
const send = (s: Snap, ...events: PlaybackEvent[]): Snap =>
  events.reduce((acc, e) => transition(playbackMachine, acc, e)[0], s);

describe('playback machine: pure transitions', () => {
  it('starts paused at the given index, clamped to [0, total]', () => {
    expect(start(10, 3).value).toBe('paused');
    expect(start(10, 3).context.index).toBe(3);
    expect(start(10, 99).context.index).toBe(10);
    expect(start(10, -4).context.index).toBe(0);
  });

  it('steps forward and back without leaving [0, total]', () => {
    let s = send(start(2), { type: 'STEP' }, { type: 'STEP' }, { type: 'STEP' });
    expect(s.context.index).toBe(2);
    s = send(s, { type: 'BACK' }, { type: 'BACK' }, { type: 'BACK' });
    expect(s.context.index).toBe(0);
  });

  it('seeks, goes to first and last', () => {
    const s = start(74);
    expect(send(s, { type: 'SEEK', index: 27 }).context.index).toBe(27);
    expect(send(s, { type: 'SEEK', index: 500 }).context.index).toBe(74);
    expect(send(s, { type: 'SEEK', index: Number.NaN }).context.index).toBe(0);
    expect(send(s, { type: 'LAST' }).context.index).toBe(74);
    expect(send(s, { type: 'LAST' }, { type: 'FIRST' }).context.index).toBe(0);
  });

  it('plays, pauses and toggles', () => {
    const playing = send(start(), { type: 'PLAY' });
    expect(playing.value).toBe('playing');
    expect(send(playing, { type: 'PAUSE' }).value).toBe('paused');
    expect(send(playing, { type: 'TOGGLE' }).value).toBe('paused');
    expect(send(start(), { type: 'TOGGLE' }).value).toBe('playing');
  });

  it('BACK pauses, LAST pauses at the end', () => {
    const playing = send(start(10, 5), { type: 'PLAY' });
    const back = send(playing, { type: 'BACK' });
    expect(back.value).toBe('paused');
    expect(back.context.index).toBe(4);
    const last = send(playing, { type: 'LAST' });
    expect(last.value).toBe('paused');
    expect(last.context.index).toBe(10);
  });

  it('PLAY at the end restarts from the first event', () => {
    const s = send(start(10, 10), { type: 'PLAY' });
    expect(s.value).toBe('playing');
    expect(s.context.index).toBe(0);
  });

  it('accepts only positive finite speeds', () => {
    expect(send(start(), { type: 'SPEED', speed: 4 }).context.speed).toBe(4);
    expect(send(start(), { type: 'SPEED', speed: 0 }).context.speed).toBe(1);
    expect(send(start(), { type: 'SPEED', speed: Infinity }).context.speed).toBe(1);
  });

  it('LOAD replaces the total, keeps the index when it fits, and pauses', () => {
    const playing = send(start(10, 8), { type: 'PLAY' });
    const s = send(playing, { type: 'LOAD', total: 5 });
    expect(s.value).toBe('paused');
    expect(s.context).toMatchObject({ total: 5, index: 5 });
    expect(send(s, { type: 'LOAD', total: 70, index: 12 }).context.index).toBe(12);
  });
});

describe('playback machine: simulated clock', () => {
  const run = (total: number, speed = 1) => {
    const clock = new SimulatedClock();
    const actor = createActor(playbackMachine, { clock, input: { total, speed } });
    actor.start();
    return { clock, actor };
  };

  it('advances one event per BASE_STEP_MS / speed while playing', () => {
    const { clock, actor } = run(5, 2);
    actor.send({ type: 'PLAY' });
    clock.increment(BASE_STEP_MS / 2 - 1);
    expect(actor.getSnapshot().context.index).toBe(0);
    clock.increment(1);
    expect(actor.getSnapshot().context.index).toBe(1);
    clock.increment(BASE_STEP_MS / 2);
    expect(actor.getSnapshot().context.index).toBe(2);
    actor.stop();
  });

  it('stops by itself at the end', () => {
    const { clock, actor } = run(3);
    actor.send({ type: 'PLAY' });
    for (let i = 0; i < 10; i++) clock.increment(BASE_STEP_MS);
    expect(actor.getSnapshot().value).toBe('paused');
    expect(actor.getSnapshot().context.index).toBe(3);
    actor.stop();
  });

  it('does not advance while paused, and a speed change restarts the timer', () => {
    const { clock, actor } = run(10);
    clock.increment(BASE_STEP_MS * 3);
    expect(actor.getSnapshot().context.index).toBe(0);
    actor.send({ type: 'PLAY' });
    clock.increment(BASE_STEP_MS / 2);
    actor.send({ type: 'SPEED', speed: 4 });
    clock.increment(BASE_STEP_MS / 4);
    expect(actor.getSnapshot().context.index).toBe(1);
    actor.send({ type: 'PAUSE' });
    clock.increment(BASE_STEP_MS * 5);
    expect(actor.getSnapshot().context.index).toBe(1);
    actor.stop();
  });
});
