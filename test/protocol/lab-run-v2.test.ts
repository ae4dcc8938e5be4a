/**
 * Saved runs, version 2: a file may carry what a capture saw at the routers (NAT rewrites, drops
 * at a NAT), where it came from and the NATs it guessed; version-1 files still open as they were.
 * Router events are refused at a node that is not one of the topology's routers, at another
 * router than their own node, with an agent-only drop reason, and beyond the events' bound.
 */
import { describe, expect, it } from 'vitest';
import { LabRun } from '../../src/app/lab-run.ts';
import { walkthroughTopology } from '../../src/model/scenarios/index.ts';
import {
  LAB_RUN_VERSION,
  MAX_LAB_RUN_EVENTS,
  formatLabRun,
  parseLabRun,
} from '../../src/protocol/lab-run.ts';
import type { LabRunFile } from '../../src/protocol/lab-run.ts';

const packet = (src: string, dst: string) => {
  const [sip, sport] = src.split(':');
  const [dip, dport] = dst.split(':');
  return {
    id: 1,
    src: { ip: sip!, port: Number(sport) },
    dst: { ip: dip!, port: Number(dport) },
    payload: '736f7920426f620a', // "soy Bob\n"
  };
};

function file(version: 1 | 2): LabRunFile {
  const sent = packet('192.168.2.20:58888', '192.0.2.113:53333');
  const out = packet('198.51.100.24:58888', '192.0.2.113:53333');
  return {
    format: 'agujero-lab-run',
    version,
    savedAt: '2026-12-07T05:00:00.000Z',
    ...(version === 2
      ? { source: 'capture' as const, guessed: { 'alice-nat': 'restricted-cone' } }
      : {}),
    setup: { scenario: 'walkthrough', nat: { 'alice-nat': 'restricted-cone' }, stopAfter: 0 },
    topology: walkthroughTopology('full-cone', 'restricted-cone'),
    lines: [{ actor: 'bob', command: 'echo "soy Bob" | nc -p 58888 -u 82.230.120.113 53333' }],
    events: [
      { from: 'bob', event: { type: 'sent', t: 1, node: 'bob', packet: sent } },
      ...(version === 2
        ? [
            {
              router: 'bob-nat',
              event: {
                type: 'translated' as const,
                t: 1.1,
                node: 'bob-nat',
                direction: 'outbound' as const,
                before: sent,
                after: out,
              },
            },
            {
              router: 'alice-nat',
              event: {
                type: 'dropped' as const,
                t: 1.2,
                node: 'alice-nat',
                packet: out,
                reason: 'filtered-address' as const,
                detail: 'seen reaching alice-nat at 192.0.2.113:53333, never on its LAN',
              },
            },
          ]
        : []),
    ],
  };
}

/** `f` with its second event replaced by `e`. */
const withEvent = (f: LabRunFile, e: unknown) => JSON.stringify({ ...f, events: [f.events[0], e] });

describe('saved runs, version 2', () => {
  it('writes version 2', () => expect(LAB_RUN_VERSION).toBe(2));

  it.each([1, 2] as const)('reads a version-%i file and rebuilds its trace', (version) => {
    const f = file(version);
    const parsed = parseLabRun(formatLabRun(f));
    expect(parsed).toEqual({ ok: true, run: f });
    if (!parsed.ok) return;
    const run = LabRun.fromFile(parsed.run);
    expect(run.trace.map((e) => `${e.type}@${'node' in e ? e.node : ''}`)).toEqual(
      version === 1 ? ['sent@bob'] : ['sent@bob', 'translated@bob-nat', 'dropped@alice-nat'],
    );
    if (version === 2) {
      expect(run.trace[1]).toMatchObject({
        before: { src: { port: 58888 } },
        after: { src: { ip: '198.51.100.24' } },
        bindingId: 0,
      });
      expect(run.origin).toEqual({
        source: 'capture',
        guessed: { 'alice-nat': 'restricted-cone' },
      });
      // Saved again: the same file.
      expect(run.toFile(f.savedAt)).toEqual(f);
    } else expect(run.origin).toEqual({});
  });

  it('a version-1 file may not hold router events (they came with version 2)', () => {
    const v2 = file(2);
    const r = parseLabRun(
      JSON.stringify({ ...v2, version: 1, source: undefined, guessed: undefined }),
    );
    expect(r.ok).toBe(false);
  });

  const v2 = file(2);
  const drop = v2.events[2] as { router: string; event: Record<string, unknown> };
  it.each([
    [
      'a host as a router',
      { ...drop, router: 'alice', event: { ...drop.event, node: 'alice' } },
      /not one of the topology's routers/,
    ],
    [
      'a router not in the topology',
      { ...drop, router: 'cgnat', event: { ...drop.event, node: 'cgnat' } },
      /not one of the topology's routers/,
    ],
    [
      'another router than its node',
      { ...drop, router: 'bob-nat' },
      /not one of the topology's routers \(or not its own\)/,
    ],
    [
      'an agent-only reason',
      { ...drop, event: { ...drop.event, reason: 'port-unreachable' } },
      /events\.1/,
    ],
    [
      'a command string at a router',
      { ...drop, event: { type: 'command', t: 1, actor: 'alice-nat', text: 'rm -rf /', step: 0 } },
      /events\.1/,
    ],
  ])('refuses %s', (_name, e, error) => {
    const r = parseLabRun(withEvent(v2, e));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(error);
  });

  it('refuses a guess for a node that is not a router, and too many events', () => {
    const guess = parseLabRun(JSON.stringify({ ...v2, guessed: { bob: 'full-cone' } }));
    expect(guess).toMatchObject({ ok: false, error: /guessed/ });
    const many = {
      ...v2,
      events: Array.from({ length: MAX_LAB_RUN_EVENTS + 1 }, () => v2.events[1]),
    };
    expect(parseLabRun(JSON.stringify(many))).toMatchObject({
      ok: false,
      error: /at most 5000 events/,
    });
  });
});
