/**
 * A saved lab run: a recording's file parses back to the same run (round trip through JSON), and
 * oversized, malformed and foreign files are refused with a reason, never thrown.
 */
import { describe, expect, it } from 'vitest';
import { LabRun } from '../../src/app/lab-run.ts';
import { walkthroughTopology } from '../../src/model/scenarios/index.ts';
import { MAX_LAB_RUN_BYTES, formatLabRun, parseLabRun } from '../../src/protocol/lab-run.ts';

function recorded(): LabRun {
  const setup = { scenario: 'walkthrough', nat: { 'bob-nat': 'full-cone' }, stopAfter: 6 };
  const run = new LabRun(setup, walkthroughTopology('full-cone', 'restricted-cone'), [
    { actor: 'bob', command: 'echo "soy Bob" | nc -p 58888 -u 82.230.120.113 53333' },
  ]);
  run.started('r1');
  const packet = {
    id: 1,
    src: { ip: '127.0.0.1', port: 58888 },
    dst: { ip: '127.0.0.1', port: 53333 },
    payload: '736f7920426f620a',
  };
  run.add({
    from: 'bob',
    request: 'r1',
    event: {
      type: 'command',
      t: 1,
      actor: 'bob',
      text: 'echo "soy Bob" | nc -p 58888 -u 127.0.0.1 53333',
      step: 0,
    },
  });
  run.add({ from: 'bob', request: 'r1', event: { type: 'sent', t: 2, node: 'bob', packet } });
  run.add({
    from: 'alice',
    event: {
      type: 'delivered',
      t: 3,
      node: 'alice',
      packet,
      socket: { ip: '0.0.0.0', port: 53333 },
    },
  });
  run.add({
    from: 'alice',
    event: { type: 'output', t: 3, actor: 'alice', stream: 'stdout', text: 'soy Bob' },
  });
  run.add({
    from: 'bob',
    request: 'r1',
    event: {
      type: 'observed',
      t: 4,
      node: 'bob',
      kind: 'step-done',
      request: 'r1',
      ok: true,
      code: 0,
    },
  });
  return run;
}

describe('lab-run file', () => {
  it('round-trips a recording', () => {
    const run = recorded();
    expect(run.pending.size).toBe(0);
    const file = run.toFile('2026-01-01T00:00:00.000Z');
    const parsed = parseLabRun(formatLabRun(file));
    expect(parsed).toEqual({ ok: true, run: file });
    if (!parsed.ok) return;
    const again = LabRun.fromFile(parsed.run);
    expect(again.terminal('alice').map((l) => l.text)).toEqual(['soy Bob']);
    expect(again.actors()).toEqual(['bob', 'alice']);
    expect(again.trace[1]).toMatchObject({
      type: 'sent',
      packet: { payload: new TextEncoder().encode('soy Bob\n') },
    });
  });

  it.each([
    ['not JSON', '{', /not JSON/],
    ['another format', JSON.stringify({ format: 'x' }), /format: must be "agujero-lab-run"/],
    ['too large', ' '.repeat(MAX_LAB_RUN_BYTES + 1), /larger than/],
  ])('refuses %s', (_name, text, error) => {
    const r = parseLabRun(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(error);
  });

  it('refuses an event outside the lab schema and an unknown field', () => {
    const file = recorded().toFile();
    const bad = structuredClone(file) as unknown as { events: { event: { t: unknown } }[] };
    bad.events[0]!.event.t = -1;
    expect(parseLabRun(JSON.stringify(bad))).toMatchObject({
      ok: false,
      error: /events\.0\.event\.t/,
    });
    expect(parseLabRun(JSON.stringify({ ...file, extra: 1 }))).toMatchObject({ ok: false });
  });
});
