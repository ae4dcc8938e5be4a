/**
 * PunchWatch, the Connect panel's list of streamed punches: each role's latest punch (a new
 * request id starts over), its phase and datagram counts; steps' and the Server's events, and an
 * unknown phase, change nothing.
 */
import { describe, expect, it } from 'vitest';
import { PunchWatch } from '../../src/app/punch-watch.ts';
import type { LabRunEvent } from '../../src/protocol/lab-run.ts';

const ep = { ip: '127.0.0.1', port: 5 };
const packet = { id: 1, src: ep, dst: ep, payload: '' };
const sent = (from: 'alice' | 'bob', request: string): LabRunEvent => ({
  from,
  request,
  event: { type: 'sent', t: 1, node: from, packet },
});
const got = (from: 'alice' | 'bob', request: string): LabRunEvent => ({
  from,
  request,
  event: { type: 'delivered', t: 1, node: from, packet, socket: ep },
});
const phase = (from: 'alice' | 'bob', request: string, text: string): LabRunEvent => ({
  from,
  request,
  event: { type: 'observed', t: 1, node: from, kind: 'phase', text, request },
});

describe('PunchWatch', () => {
  it.each<[string, LabRunEvent[], object[]]>([
    [
      'counts and the latest phase',
      [
        phase('bob', 'punch-bob-1', 'punching'),
        sent('bob', 'punch-bob-1'),
        got('bob', 'punch-bob-1'),
        phase('bob', 'punch-bob-1', 'connected'),
      ],
      [{ role: 'bob', phase: 'connected', sent: 1, received: 1 }],
    ],
    [
      'a new punch starts over',
      [sent('alice', 'punch-alice-1'), sent('alice', 'punch-alice-2')],
      [{ role: 'alice', request: 'punch-alice-2', sent: 1, phase: undefined }],
    ],
    ['a step is not a punch', [sent('alice', 'b123-1')], []],
    [
      'an unknown phase is left out',
      [phase('bob', 'punch-bob-1', 'dancing')],
      [{ role: 'bob', phase: undefined }],
    ],
    [
      'alice first',
      [sent('bob', 'punch-bob-1'), sent('alice', 'punch-alice-1')],
      [{ role: 'alice' }, { role: 'bob' }],
    ],
  ])('%s', (_name, events, want) => {
    const w = new PunchWatch();
    for (const e of events) w.add(e);
    expect(w.list()).toEqual(want.map((x) => expect.objectContaining(x)));
  });
});
