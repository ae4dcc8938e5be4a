/**
 * Which datagrams two machines both recorded, and the clock read from them, where the old
 * reading went wrong: a two-party capture whose own address was taken by address order (the
 * far end's, so every datagram's direction flipped), and the same text sent by two peers (both
 * type "toc") with IPv4 ids that do not tell them apart (0, as stacks that do not number DF
 * datagrams write) while one capture missed one of them. The repository's real captures, cut
 * and edited so (test/capture/fixture-edits.ts), each peer moved by a known offset.
 */
import { describe, expect, it } from 'vitest';
import { estimateShift, shiftCapture } from '../../src/capture/clock-offset.ts';
import type { CaptureFile } from '../../src/capture/container.ts';
import { alignClocks } from '../../src/capture/machine-clocks.ts';
import type { MachineName } from '../../src/capture/own-addresses.ts';
import { pairDatagrams, sightingsOf } from '../../src/capture/pairing.ts';
import { editIp, idOf, only, part } from './fixture-edits.ts';

const walk = (n: string) => part('walkthrough-netns.pcapng', n);
const klass = (n: string) => part('three-machines.pcapng', n);
const zero = (c: CaptureFile) => editIp(c, idOf(0));
const text = (s: { d: { payload: Uint8Array } }) => new TextDecoder().decode(s.d.payload);

/** Bob's LAN with only the punch (him and Alice's NAT): address order picks 192.0.2.113. */
const bobPunch = only(walk('bob-nat-lan'), (t) => t !== undefined && t !== 'toc\n');
/** The Internet segment with Bob's "toc" but not Alice's (started between them), ids 0. */
const internetLate = zero(
  only(walk('internet'), (t, src) => !(t === 'toc\n' && src === '192.0.2.113')),
);

describe('a clock read from the datagrams that are really the same', () => {
  it.each([
    // Read backwards before: own = 192.0.2.113, every pair's direction flipped (contradictory).
    { name: "Bob's punch only", ref: walk('internet'), peer: bobPunch, moved: 750 },
    { name: "Bob's punch only, behind", ref: walk('internet'), peer: bobPunch, moved: -2500 },
    // Alice's "toc" (id 0) and the Internet's only "toc" (Bob's, id 0, 1.1 s earlier) were
    // paired by their bytes: contradictory before.
    {
      name: 'one "toc" each, ids 0',
      ref: internetLate,
      peer: zero(walk('alice-nat-lan')),
      moved: -3200,
    },
    {
      name: 'one "toc" each, ids 0, ahead',
      ref: internetLate,
      peer: zero(walk('alice-nat-lan')),
      moved: 400,
    },
  ])('$name, moved $moved ms: the midpoint', ({ ref, peer, moved }) => {
    const est = estimateShift(ref, shiftCapture(peer, moved));
    expect(est.kind, JSON.stringify(est)).toBe('midpoint');
    expect(Math.abs(est.shiftMs + moved)).toBeLessThanOrEqual(0.05);
  });

  it('pairs Alice\'s "toc" with nothing when the only other "toc" is Bob\'s', () => {
    const pairs = pairDatagrams(
      sightingsOf(internetLate),
      sightingsOf(zero(walk('alice-nat-lan'))),
    );
    expect(pairs.map((p) => [text(p.peer), p.out, p.reference.d.src.ip])).toEqual([
      ['upd hole\n', true, '192.0.2.113'],
      ['soy Bob\n', false, '198.51.100.24'],
      ['upd hole\n', false, '198.51.100.24'],
      ['soy Alice\n', true, '192.0.2.113'],
    ]);
  });

  it('never pairs a datagram another machine claims: the Server holding only Bob\'s "toc"', () => {
    // ids 0 everywhere; the Server's capture missed Alice's "toc". Before, Alice's was paired
    // with Bob's and her clock "moved" +3.184 s.
    const server = zero(
      only(klass('server'), (t, src) => !(t === 'toc\n' && src === '192.0.2.113')),
    );
    const captures = new Map<MachineName, CaptureFile>([
      ['server', server],
      ['alice', shiftCapture(zero(klass('alice')), -3200)],
      ['bob', zero(klass('bob'))],
    ]);
    const { clocks } = alignClocks(captures, 'server', false, (k) => k);
    expect(clocks.get('alice')).toMatchObject({ kind: 'none', applied: false, out: 0, back: 0 });
    // Bob's "toc" is as much Alice's by every key: the Server's one "toc" is neither's.
    expect(clocks.get('bob')).toMatchObject({ kind: 'none', out: 0, back: 0 });
    // With the ids as Linux wrote them, each "toc" is its sender's again.
    const ids = new Map<MachineName, CaptureFile>([
      ['server', klass('server')],
      ['alice', shiftCapture(klass('alice'), -3200)],
      ['bob', klass('bob')],
    ]);
    const again = alignClocks(ids, 'server', false, (k) => k).clocks;
    expect(again.get('alice')).toMatchObject({ kind: 'edge', applied: true, out: 1 });
    expect(again.get('bob')).toMatchObject({ kind: 'consistent', out: 1 });
  });

  it('still pairs what one id tells apart, and nothing twice', () => {
    const doubled = (c: CaptureFile) => ({ ...c, frames: [...c.frames, ...c.frames] });
    expect(estimateShift(walk('internet'), doubled(walk('alice-nat-lan'))).kind).toBe('none');
    expect(estimateShift(doubled(walk('internet')), walk('alice-nat-lan')).kind).toBe('none');
  });
});
