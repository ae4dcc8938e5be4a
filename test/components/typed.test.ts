/**
 * Typed commands (issue 8): the session's URL form round-trips and reports bad entries; a typed
 * command is a scenario step that takes over from its time (scripted and typed commands after it
 * dropped, `stopAfter` cuts the script); the run before it is unchanged event for event; the
 * punch typed by hand after the rendezvous reaches Alice; lines are checked with the observations
 * made by the frame shown.
 */
import { describe, expect, it } from 'vitest';
import { buildScenario, commandsFor, validationCommands } from '../../src/app/catalog.ts';
import { Timeline } from '../../src/app/timeline.ts';
import {
  addTyped,
  checkTyped,
  sessionScenario,
  typedAt,
  typedIndex,
  typeLine,
  usableTyped,
  withoutLast,
} from '../../src/app/typed.ts';
import type { Session, TypedCommand } from '../../src/app/typed.ts';
import { decodeTyped, encodeTyped } from '../../src/app/typed-url.ts';
import { formatState, parseState } from '../../src/app/url-state.ts';
import type { UrlProblem } from '../../src/app/url-state.ts';
import { timedCommands } from '../../src/model/index.ts';

const PUNCH = 'echo "upd hole" | nc -p 53333 -u 54.93.229.24 58888';
const walkthrough = buildScenario('walkthrough');
const record = (session: Session | undefined, id = 'walkthrough') => {
  const base = buildScenario(id);
  const commands = commandsFor(id);
  return Timeline.record(
    session ? sessionScenario(base, session) : base,
    commands ? { commands } : {},
  );
};

describe('the URL form', () => {
  const typed: TypedCommand[] = [
    { actor: 'alice', at: 6001, line: PUNCH },
    { actor: 'alice', at: 6002, line: 'nc -klu 53333' },
    {
      actor: 'bob',
      at: 7000,
      line: 'echo "soy Bob ñ & 100%" | nc -p 58888 -u ${server.saw.alice.ip} 53333',
    },
    { actor: 'server', at: 12345, line: '^C' },
  ];

  it('encodes ACTOR@SECONDS:LINE and round-trips through the query string', () => {
    expect(encodeTyped(typed[0] as TypedCommand)).toBe(`alice@6.001:${PUNCH}`);
    for (const c of typed) expect(decodeTyped(encodeTyped(c))).toEqual(c);
    const state = { ...parseState('?lang=en'), session: { typed, stopAfter: 6 } };
    const url = formatState(state);
    expect(url).toContain('stopAfter=6&t=alice%406.001%3Aecho+%22upd+hole%22');
    const problems: UrlProblem[] = [];
    expect(parseState(url, (p) => problems.push(p)).session).toEqual({ typed, stopAfter: 6 });
    expect(problems).toEqual([]);
  });

  it('sorts entries by time and reports the ones it cannot use', () => {
    const bad = [
      'alice',
      'alice@x:nc -lu 1',
      'alice@1:',
      'Alice@1:ss -unp',
      'alice@1:x'.padEnd(400, 'x'),
    ];
    const q = new URLSearchParams();
    q.append('t', 'bob@7:ss -unp');
    for (const b of bad) q.append('t', b);
    q.append('t', 'alice@6.5:ss -unp');
    q.set('stopAfter', 'six');
    const problems: UrlProblem[] = [];
    const s = parseState(`?${q}`, (p) => problems.push(p));
    expect(s.session?.typed.map((c) => c.at)).toEqual([6500, 7000]);
    expect(s.session?.stopAfter).toBeUndefined();
    expect(problems.map((p) => p.kind)).toEqual([...bad.map(() => 'bad-typed'), 'bad-stop-after']);
    expect(parseState('?s=walkthrough').session).toBeUndefined();
  });
});

describe('a typed command takes over', () => {
  it('stopAfter keeps the first scripted steps; the run ends 5 s after the last', () => {
    const s = sessionScenario(walkthrough, { typed: [], stopAfter: 6 });
    expect(s.steps).toEqual(walkthrough.steps.slice(0, 6));
    expect(record({ typed: [], stopAfter: 6 }).frame(Infinity).now).toBeLessThan(6000);
  });

  it('drops scripted commands from its time on, repeats included, and appends itself', () => {
    const base = buildScenario('hole-keepalive');
    const keepalive = base.steps.find((st) => (st.times ?? 1) > 1);
    expect(keepalive).toBeDefined();
    const cut = (keepalive?.at ?? 0) + 2.5 * (keepalive?.every ?? 0);
    const s = sessionScenario(base, { typed: [{ actor: 'alice', at: cut, line: 'ss -unp' }] });
    const runs = timedCommands(s);
    expect(runs.filter((c) => c.at >= cut).map((c) => c.run)).toEqual(['ss -unp']);
    expect(
      runs.filter((c) => c.run === keepalive?.run && c.actor === keepalive.actor),
    ).toHaveLength(3);
  });

  it('typing at an earlier time drops the typed commands after it; undo removes the last', () => {
    const a = { actor: 'alice', at: 9000, line: 'ss -unp' };
    const b = { actor: 'bob', at: 8000, line: 'ss -unp' };
    expect(addTyped([a], b)).toEqual([b]);
    expect(addTyped([b], a)).toEqual([b, a]);
    expect(withoutLast({ typed: [b, a] })).toEqual({ typed: [b] });
    expect(withoutLast({ typed: [b] })).toBeUndefined();
    expect(withoutLast({ typed: [b], stopAfter: 6 })).toEqual({ typed: [], stopAfter: 6 });
  });
});

describe('recording with typed commands', () => {
  it('events before a typed command are unchanged; playback lands on the command', () => {
    const plain = record(undefined);
    for (const index of [0, 13, 30, plain.total]) {
      const at = typedAt(plain.frame(index).now);
      const session = { typed: [{ actor: 'bob', at, line: 'ss -unp' }] };
      const typed = record(session);
      const landed = typedIndex(typed, session, 0) as number;
      expect(landed).toBeGreaterThan(index);
      const same = plain.events.filter((e) => e.t < at);
      expect(typed.events.slice(0, same.length)).toEqual(same);
      expect(typed.events[landed - 1]).toMatchObject({ type: 'command', actor: 'bob', t: at });
    }
  });

  it('the punch typed by hand after the rendezvous reaches Alice', () => {
    const script = record({ typed: [], stopAfter: 6 });
    expect(script.frame(script.total).outcomes[0]?.reached).toBe(false);
    let tl = script;
    let session: Session = { typed: [], stopAfter: 6 };
    const commands = validationCommands('walkthrough');
    for (const [actor, line] of [
      ['alice', PUNCH],
      ['alice', 'nc -klu 53333'],
      ['bob', 'echo "soy Bob" | nc -p 58888 -u ${server.saw.alice.ip} ${server.saw.alice.port}'],
    ] as const) {
      const r = typeLine(tl, tl.total, session, { actor, line }, commands);
      if (!('session' in r)) throw new Error(JSON.stringify(r));
      session = r.session;
      tl = record(session);
    }
    const goal = tl.frame(tl.total).outcomes.find((o) => o.goal.id === 'alice-hears-bob');
    expect(goal?.reached).toBe(true);
    expect(tl.terminal('alice', tl.total).at(-1)?.text).toBe('soy Bob\n');
  });
});

describe('checking a typed line', () => {
  const tl = record(undefined);
  const commands = validationCommands('walkthrough');

  it('refuses with the model facts, observations as of the frame shown', () => {
    expect(checkTyped(tl, tl.total, 'nc -z', commands)).toMatchObject({
      kind: 'unknown-flag',
      program: 'nc',
      flag: '-z',
    });
    expect(checkTyped(tl, 0, 'pystun', commands)).toMatchObject({ kind: 'command-not-found' });
    const early = checkTyped(tl, 1, 'echo x | nc -u ${server.saw.bob.ip} 1', commands);
    expect(early).toMatchObject({ kind: 'unknown-variable', value: 'server.saw.bob.ip' });
    expect(
      checkTyped(tl, tl.total, 'echo x | nc -u ${server.saw.bob.ip} 1', commands),
    ).toBeUndefined();
    expect(checkTyped(tl, 0, '^C', commands)).toBeUndefined();
  });

  it('a long line and too many commands are refused; pystun only where the scenario has it', () => {
    expect(typeLine(tl, 0, undefined, { actor: 'bob', line: 'x'.repeat(301) }, commands)).toEqual({
      refusal: { limit: 'typedTooLong', max: 300 },
    });
    const stun = record(undefined, 'walkthrough-stun');
    expect(
      checkTyped(stun, 0, 'pystun -p 59999', validationCommands('walkthrough-stun')),
    ).toBeUndefined();
  });

  it('typed commands from a link that cannot run are refused one by one, the rest kept', () => {
    const session = {
      typed: [
        { actor: 'alice', at: 6001, line: PUNCH },
        { actor: 'carol', at: 6002, line: 'ss -unp' },
        { actor: 'bob', at: 6003, line: 'nc -z' },
        { actor: 'bob', at: 6004, line: 'echo x | nc -u ${nobody.saw.x.ip} 1' },
        { actor: 'bob', at: 6005, line: 'ss -unp' },
      ],
    };
    const { typed, refused } = usableTyped(walkthrough, session, commands);
    expect(typed.map((c) => c.at)).toEqual([6001, 6005]);
    expect(refused.map((r) => r.command.at)).toEqual([6002, 6003, 6004]);
    expect(refused[1]?.message).toContain("nc: invalid option -- 'z'");
  });
});
