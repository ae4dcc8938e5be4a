/**
 * Clock offsets read from real captures: the namespace walkthrough (one capture per segment,
 * datagrams both ways through each NAT) and the three-machine class run (one per machine, each
 * peer only sending to the Server), each part moved by a known offset and the offset recovered.
 */
import { describe, expect, it } from 'vitest';
import { MAX_ONE_WAY_MS, estimateShift, shiftCapture } from '../../src/capture/clock-offset.ts';
import { part } from './fixture-edits.ts';

const walk = (n: string) => part('walkthrough-netns.pcapng', n);
const klass = (n: string) => part('three-machines.pcapng', n);

describe('a clock off by a known amount is found again', () => {
  it.each([
    // Both ways (Alice's LAN against the Internet segment): the midpoint, within 0.05 ms.
    { ref: walk('internet'), peer: walk('alice-nat-lan'), moved: 0, kind: 'consistent', shift: 0 },
    {
      ref: walk('internet'),
      peer: walk('alice-nat-lan'),
      moved: -3200,
      kind: 'midpoint',
      shift: 3200,
    },
    { ref: walk('internet'), peer: walk('bob-nat-lan'), moved: 750, kind: 'midpoint', shift: -750 },
    {
      ref: walk('internet'),
      peer: walk('bob-nat-lan'),
      moved: 0.005,
      kind: 'consistent',
      shift: 0,
    },
    // One way only (a peer that only sends to the Server): just enough to be causal.
    { ref: klass('server'), peer: klass('alice'), moved: 0, kind: 'consistent', shift: 0 },
    { ref: klass('server'), peer: klass('bob'), moved: 750, kind: 'edge', shift: -750 },
    { ref: klass('server'), peer: klass('alice'), moved: -3200, kind: 'edge', shift: 3200 },
  ] as const)(
    '$peer.interfaces.0.name moved $moved ms: $kind',
    ({ ref, peer, moved, kind, shift }) => {
      const est = estimateShift(ref, shiftCapture(peer, moved));
      expect(est.kind).toBe(kind);
      // The midpoint is exact to the paths' asymmetry; the edge leaves out one path's delay.
      expect(est.shiftMs).toBeGreaterThanOrEqual(shift - 0.05);
      expect(est.shiftMs).toBeLessThanOrEqual(shift + (kind === 'edge' ? 1 : 0.05));
      expect(est.out + est.back).toBeGreaterThan(0);
    },
  );

  it('leaves a one-way delay it cannot tell from a clock alone, up to MAX_ONE_WAY_MS', () => {
    const est = estimateShift(klass('server'), shiftCapture(klass('alice'), -(MAX_ONE_WAY_MS - 1)));
    expect(est).toMatchObject({ kind: 'consistent', shiftMs: 0, out: 1, back: 0 });
  });

  it('says so when the captures share no datagram', () => {
    const nothing = { ...walk('internet'), frames: [] };
    const est = estimateShift(nothing, walk('bob-nat-lan'));
    expect(est).toMatchObject({ kind: 'none', shiftMs: 0, out: 0, back: 0 });
  });

  it('pairs nothing twice: a datagram repeated in one capture is left out', () => {
    const peer = walk('alice-nat-lan');
    const doubled = { ...peer, frames: [...peer.frames, ...peer.frames] };
    expect(estimateShift(walk('internet'), doubled).kind).toBe('none');
  });
});
