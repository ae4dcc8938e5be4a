// Long runs stay bounded: a run's memory follows what a view needs (a window of events, a
// terminal's scrollback, a socket's last datagrams), recording a timeline is linear in its length,
// and hitting an event limit is reported as a limit, never as a goal's outcome.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_KEEP_EVENTS,
  DEFAULT_SCROLLBACK,
  ScenarioRun,
} from '../../../src/model/scenario-run.ts';
import {
  longKeepaliveScenario as keepalives,
  walkthroughScenario,
} from '../../../src/model/scenarios/index.ts';
import { MAX_EVENTS, Timeline } from '../../../src/app/timeline.ts';
import { goalReason } from '../../../src/i18n/reasons.ts';

describe('memory of a long run', () => {
  it('keeps a window of events, a scrollback and a socket window, not the whole run', () => {
    const run = new ScenarioRun(keepalives(3000), { keepEvents: 500, scrollback: 40 });
    run.runToEnd();
    expect(run.index).toBeGreaterThan(20_000);
    expect(run.events.length).toBeGreaterThanOrEqual(500);
    expect(run.events.length).toBeLessThanOrEqual(1024);
    expect(run.firstEventIndex + run.events.length).toBe(run.index);
    // The window is the tail of the run: its last event is the last one stepped.
    const full = new ScenarioRun(keepalives(3000), { keepEvents: 100_000 });
    full.runToEnd();
    expect(JSON.stringify(run.events.at(-1))).toBe(JSON.stringify(full.events.at(-1)));
    expect(JSON.stringify(run.events[0])).toBe(JSON.stringify(full.events[run.firstEventIndex]));
    for (const actor of run.scenario.actors) {
      expect(run.terminal(actor).length).toBeLessThanOrEqual(40);
      expect(run.terminal(actor)).toEqual(full.terminal(actor).slice(-40));
    }
    expect(run.outcomes()).toEqual(full.outcomes());
  });

  it('has bounded defaults', () => {
    expect(DEFAULT_KEEP_EVENTS).toBeLessThanOrEqual(100_000);
    expect(DEFAULT_SCROLLBACK).toBeLessThanOrEqual(10_000);
    const run = new ScenarioRun(keepalives(3000));
    run.runToEnd();
    expect(run.events.length).toBeLessThanOrEqual(Math.max(2 * DEFAULT_KEEP_EVENTS, run.index));
  });

  it('refuses nonsense limits with a typed error', () => {
    for (const bad of [-1, 1.5, Number.NaN, Infinity])
      expect(() => new ScenarioRun(walkthroughScenario(), { maxEvents: bad })).toThrow(
        /maxEvents must be a whole number >= 0/,
      );
  });
});

describe('limits are reported as limits', () => {
  it('runToEnd stops at maxEvents and says so; open goals are cut short, not "never sent"', () => {
    const run = new ScenarioRun(walkthroughScenario(), { maxEvents: 20 });
    const events = run.runToEnd();
    expect(events).toHaveLength(20);
    expect(run.limit).toEqual({ kind: 'event-limit', limit: 20, t: events.at(-1)?.t });
    for (const o of run.outcomes()) {
      expect(o.reached).toBe(false);
      expect(o.cause.kind).toBe('cut-short');
      expect(o.reason).toMatch(/stopped at its limit of 20 events/);
      expect(goalReason('es', o)).toMatch(/límite de 20 eventos/);
    }
  });

  it('a run that ends by itself reports no limit, even when it ends exactly at maxEvents', () => {
    const n = new ScenarioRun(walkthroughScenario()).runToEnd().length;
    const exact = new ScenarioRun(walkthroughScenario(), { maxEvents: n });
    exact.runToEnd();
    expect(exact.limit).toBeUndefined();
    expect(exact.outcomes().every((o) => o.reached)).toBe(true);
  });

  it('a timeline past MAX_EVENTS is cut there, with the limit on its last frame', () => {
    // A goal that no event before the cut decides: it used to read "never sent".
    const s = keepalives(3000);
    const goals = (s.goals ?? []).map((g) => ({ ...g, text: 'sent only after the cut' }));
    const tl = Timeline.record({ ...s, goals });
    expect(tl.total).toBe(MAX_EVENTS);
    expect(tl.limit?.limit).toBe(MAX_EVENTS);
    const last = tl.frame(tl.total);
    expect(last.outcomes.map((o) => o.cause.kind)).toEqual(['cut-short']);
    expect(Timeline.record(walkthroughScenario()).limit).toBeUndefined();
  });
});

describe('recording time', () => {
  it(`records ${MAX_EVENTS} events in well under 2 s (it was quadratic: 31 to 38 s)`, () => {
    const t0 = performance.now();
    const tl = Timeline.record(keepalives(3000));
    const ms = performance.now() - t0;
    expect(tl.total).toBe(MAX_EVENTS);
    expect(ms).toBeLessThan(2000);
    // Every frame's tables and terminals equal a fresh run restored there (spot checks).
    for (const i of [1, 7_777, MAX_EVENTS]) {
      const run = ScenarioRun.restore(keepalives(3000), {}, i);
      expect(JSON.stringify(tl.frame(i).nats)).toBe(JSON.stringify(run.nats()));
      // The run keeps a scrollback; the timeline keeps every line of its 20,000 events.
      const tail = run.terminal('alice').map((l) => l.text);
      expect(
        tl
          .terminal('alice', i)
          .map((l) => l.text)
          .slice(-tail.length),
      ).toEqual(tail);
    }
  });
});
