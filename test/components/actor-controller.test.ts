// ActorController: starts the actor with its host, re-renders on every snapshot, stops on disconnect.
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import type { ReactiveController } from 'lit';
import { ActorController } from '../../src/components/actor-controller.ts';
import { playbackMachine } from '../../src/machines/playback.ts';

describe('ActorController', () => {
  it('bridges an xstate actor to a lit host', () => {
    const controllers: ReactiveController[] = [];
    let updates = 0;
    const host = {
      addController: (c: ReactiveController) => controllers.push(c),
      removeController: () => undefined,
      requestUpdate: () => void updates++,
      updateComplete: Promise.resolve(true),
    };
    const seen: number[] = [];
    const actor = createActor(playbackMachine, { input: { total: 5 } });
    const c = new ActorController(host, actor, (s) => seen.push(s.context.index));
    expect(controllers).toEqual([c]);
    c.hostConnected();
    actor.send({ type: 'STEP' });
    actor.send({ type: 'STEP' });
    expect(c.snapshot.context.index).toBe(2);
    expect(seen.at(-1)).toBe(2);
    expect(updates).toBeGreaterThanOrEqual(2);
    c.hostDisconnected();
    const before = updates;
    actor.send({ type: 'STEP' });
    expect(updates).toBe(before);
    expect(actor.getSnapshot().status).toBe('stopped');
  });
});
