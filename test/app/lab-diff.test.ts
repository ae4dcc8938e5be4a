/**
 * Predicted beside real: a datagram predicted delivered and seen, predicted delivered and lost,
 * predicted dropped and delivered, a different source port, and one still waiting.
 */
import { describe, expect, it } from 'vitest';
import { diffRuns } from '../../src/app/lab-diff.ts';
import type { TraceEvent } from '../../src/model/trace.ts';

const enc = new TextEncoder();
const packet = (id: number, text: string, srcPort: number) => ({
  id,
  src: { ip: '1.1.1.1', port: srcPort },
  dst: { ip: '2.2.2.2', port: 53333 },
  payload: enc.encode(`${text}\n`),
});
const sent = (node: string, id: number, text: string, port: number): TraceEvent => ({
  type: 'sent',
  t: 0,
  node,
  packet: packet(id, text, port),
});
const delivered = (node: string, id: number, text: string, port: number): TraceEvent => ({
  type: 'delivered',
  t: 1,
  node,
  packet: packet(id, text, port),
  socket: { ip: '0.0.0.0', port: 53333 },
});
type Dropped = Extract<TraceEvent, { type: 'dropped' }>;

const dropped = (
  node: string,
  id: number,
  text: string,
  reason: Dropped['reason'] = 'filtered-port',
): TraceEvent => ({
  type: 'dropped',
  t: 1,
  node,
  packet: packet(id, text, 58888),
  reason,
  detail: 'filtered',
});

describe('diffRuns', () => {
  const lines = [{ from: 'bob', text: 'soy Bob' }];

  it.each([
    [
      'the same',
      [delivered('alice', 7, 'soy Bob', 58888)],
      [delivered('alice', 3, 'soy Bob', 58888)],
      'same',
    ],
    ['lost for real', [delivered('alice', 7, 'soy Bob', 58888)], [], 'lost'],
    [
      'delivered against a predicted drop',
      [dropped('alice-nat', 7, 'soy Bob')],
      [delivered('alice', 3, 'soy Bob', 58888)],
      'unexpected',
    ],
    [
      'another port',
      [delivered('alice', 7, 'soy Bob', 58888)],
      [delivered('alice', 3, 'soy Bob', 9065)],
      'port',
    ],
    ['dropped in both', [dropped('alice-nat', 7, 'soy Bob')], [], 'same'],
  ])('%s', (_name, predictedAfter, realAfter, kind) => {
    const predicted = [sent('bob', 7, 'soy Bob', 58888), ...predictedAfter];
    const real = [sent('bob', 1, 'soy Bob', 58888), ...realAfter];
    const [item] = diffRuns(predicted, real, lines, true);
    expect(item?.kind).toBe(kind);
  });

  it('waits until the run settled before calling a datagram lost', () => {
    const predicted = [sent('bob', 7, 'soy Bob', 58888), delivered('alice', 7, 'soy Bob', 58888)];
    const [item] = diffRuns(predicted, [sent('bob', 1, 'soy Bob', 58888)], lines, false);
    expect(item).toMatchObject({ kind: 'waiting', real: { kind: 'waiting' } });
  });

  it('reports the predicted drop with the model reason and the real source port', () => {
    const predicted = [sent('bob', 7, 'soy Bob', 58888), dropped('alice-nat', 7, 'soy Bob')];
    const real = [sent('bob', 1, 'soy Bob', 58888), delivered('alice', 3, 'soy Bob', 40000)];
    const [item] = diffRuns(predicted, real, lines, true);
    expect(item?.predicted).toEqual({
      kind: 'dropped',
      node: 'alice-nat',
      reason: 'filtered-port',
    });
    expect(item?.real).toEqual({ kind: 'delivered', node: 'alice', fromPort: 40000 });
  });

  it('matches the last send of a text (a line run again)', () => {
    const predicted = [
      sent('bob', 1, 'soy Bob', 58888),
      dropped('alice-nat', 1, 'soy Bob'),
      sent('bob', 2, 'soy Bob', 58888),
      delivered('alice', 2, 'soy Bob', 58888),
    ];
    const [item] = diffRuns(predicted, [], lines, true);
    expect(item?.predicted.kind).toBe('delivered');
    expect(item?.real.kind).toBe('unseen');
  });

  it.each([
    [
      'the real NAT rewrote the port the model kept',
      [delivered('alice', 7, 'soy Bob', 58888)],
      [delivered('alice', 3, 'soy Bob', 9065)],
      0,
      { why: 'port-rewritten', sent: 58888, real: 9065 },
    ],
    [
      'the model predicted a clash the real NAT did not have',
      [delivered('alice', 7, 'soy Bob', 9065)],
      [delivered('alice', 3, 'soy Bob', 58888)],
      0,
      { why: 'clash-predicted', sent: 58888, predicted: 9065 },
    ],
    [
      'a filtered datagram the real NATs let through',
      [dropped('alice-nat', 7, 'soy Bob')],
      [delivered('alice', 3, 'soy Bob', 58888)],
      0,
      { why: 'filtered', reason: 'filtered-port' },
    ],
    [
      'lost, with a fresh hole',
      [delivered('alice', 7, 'soy Bob', 58888)],
      [],
      5_000,
      { why: 'lost' },
    ],
    [
      'lost, through a hole older than 30 s',
      [delivered('alice', 7, 'soy Bob', 58888)],
      [],
      45_000,
      { why: 'expired', seconds: 45 },
    ],
    [
      'the same',
      [delivered('alice', 7, 'soy Bob', 58888)],
      [delivered('alice', 3, 'soy Bob', 58888)],
      0,
      undefined,
    ],
  ])('explains: %s', (_name, predictedAfter, realAfter, holeAge, why) => {
    const predicted = [sent('bob', 7, 'soy Bob', 58888), ...predictedAfter];
    // Alice opened the hole toward Bob `holeAge` ms before Bob's datagram.
    const hole: TraceEvent = { ...sent('alice', 1, 'upd hole', 53333), t: 0 };
    const bob: TraceEvent = { ...sent('bob', 2, 'soy Bob', 58888), t: holeAge };
    const [item] = diffRuns(predicted, [hole, bob, ...realAfter], lines, true);
    expect(item?.why).toEqual(why);
  });

  it('says where each datagram is in both traces (for "Show in both")', () => {
    const predicted = [sent('bob', 7, 'soy Bob', 58888), dropped('alice-nat', 7, 'soy Bob')];
    const real = [
      sent('alice', 1, 'upd hole', 53333),
      sent('bob', 1, 'soy Bob', 58888),
      delivered('alice', 3, 'soy Bob', 58888),
    ];
    const [item] = diffRuns(predicted, real, lines, true);
    expect(item?.at).toEqual({ predicted: { sent: 0, end: 1 }, real: { sent: 1, end: 2 } });
  });

  it('counts a datagram nc printed (no sender port) as delivered, even reported before its send', () => {
    const predicted = [sent('bob', 7, 'soy Bob', 58888), delivered('alice', 7, 'soy Bob', 58888)];
    const printed = {
      type: 'observed' as const,
      t: 2,
      node: 'alice' as const,
      kind: 'received' as const,
      socket: { ip: '0.0.0.0', port: 53333 },
      text: 'soy Bob',
    };
    const [item] = diffRuns(predicted, [printed, sent('bob', 1, 'soy Bob', 58888)], lines, true);
    expect(item).toMatchObject({
      kind: 'same',
      real: { kind: 'delivered', node: 'alice', fromPort: undefined },
      at: { real: { sent: 1, end: 0 } },
    });
  });

  it('counts a refusal reported by the host that refused it (a capture) as dropped', () => {
    const predicted = [sent('bob', 7, 'soy Bob', 58888), delivered('alice', 7, 'soy Bob', 58888)];
    const refused = dropped('alice', 3, 'soy Bob', 'port-unreachable');
    const [item] = diffRuns(predicted, [sent('bob', 1, 'soy Bob', 58888), refused], lines, true);
    expect(item).toMatchObject({ kind: 'lost', real: { kind: 'dropped', node: 'alice' } });
  });
});
