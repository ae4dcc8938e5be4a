/**
 * The browser's capture import with a machine whose clock is off: the repository's real
 * captures as one file with one interface per machine (the three-machine class run as
 * recorded, and the namespace walkthrough's segments named as the Server's, Alice's and Bob's
 * machines, as test/lab/capture/merge-clocks.test.ts gives them to `capture merge`), Alice's
 * frames moved by a known offset. The import reads the offset back, moves her frames before
 * matching and joins the same NAT rewrites as the file as recorded; keeping the recorded times
 * joins fewer. A file already put on one clock comes out unchanged.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCapture } from '../../src/app/capture-import.ts';
import { shiftCapture } from '../../src/capture/clock-offset.ts';
import type { CaptureFile } from '../../src/capture/container.ts';
import { alignInterfaces } from '../../src/capture/machine-clocks.ts';
import { mergeCaptures } from '../../src/capture/merge.ts';
import { readCapture } from '../../src/capture/read.ts';
import { interfaceAt, interfaceNamed } from './fixture-edits.ts';

const FIXTURES = join(import.meta.dirname, '../e2e/fixtures');

/** One file with an interface per machine: `from` interface names -> machine names. */
function machines(file: string, from: Record<string, string>, moved: Record<string, number>) {
  const c = readCapture(readFileSync(join(FIXTURES, file)));
  return mergeCaptures(
    Object.entries(from).map(([iface, name]) => {
      const part = interfaceNamed(c, iface, file);
      return { name, description: '', capture: shiftCapture(part, moved[name] ?? 0) };
    }),
  );
}

const CLASS = { server: 'server', alice: 'alice', bob: 'bob' };
const WALK = { internet: 'server', 'alice-nat-lan': 'alice', 'bob-nat-lan': 'bob' };
/** As a mergecap of three `tcpdump -i any` pcaps: no interface says whose it is. */
const UNNAMED = { server: 'any', alice: 'any ', bob: ' any' };

const rewrites = (bytes: Uint8Array, keepClocks = false): number =>
  importCapture(bytes, { keepClocks }).analysis.journeys.reduce((n, j) => n + j.rewrites.length, 0);

describe("the browser's import puts every machine on the Server's clock", () => {
  it.each([
    // Both ways (the walkthrough): the midpoint, to within the paths' asymmetry.
    { file: 'walkthrough-netns.pcapng', from: WALK, alice: -3200, kind: 'midpoint', slack: 0.05 },
    { file: 'walkthrough-netns.pcapng', from: WALK, alice: 2500, kind: 'midpoint', slack: 0.05 },
    // One way (the class run: peers only send to the Server): the edge, within the path's delay.
    { file: 'three-machines.pcapng', from: CLASS, alice: -3200, kind: 'edge', slack: 1 },
    { file: 'three-machines.pcapng', from: UNNAMED, alice: -3200, kind: 'edge', slack: 1 },
  ] as const)('$file, Alice moved $alice ms ($kind)', ({ file, from, alice, kind, slack }) => {
    const alone = machines(file, from, {});
    const skewed = machines(file, from, { [from === UNNAMED ? 'any ' : 'alice']: alice });
    const imp = importCapture(skewed);
    const a = imp.analysis.clocks.find((k) => k.iface === 1);
    expect(a, JSON.stringify(imp.analysis.clocks)).toMatchObject({ kind, applied: true });
    expect(Math.abs(a!.shiftMs + alice)).toBeLessThanOrEqual(slack);
    expect(imp.analysis.clocks.find((k) => k.iface === 2)).toMatchObject({
      kind: 'consistent',
      applied: false,
    });
    // The same NAT rewrites joined as in the file as recorded, and fewer without the correction.
    const joined = rewrites(alone);
    expect(joined).toBeGreaterThan(0);
    expect(rewrites(skewed)).toBe(joined);
    expect(rewrites(skewed, true)).toBeLessThan(joined);
    const kept = importCapture(skewed, { keepClocks: true }).analysis.clocks[0];
    expect(kept).toMatchObject({ kind, applied: false });
  });

  it('leaves a file whose clocks already agree as it is', () => {
    const skewed = readCapture(machines('walkthrough-netns.pcapng', WALK, { alice: -3200 }));
    const fixed = alignInterfaces(skewed).capture;
    // Written as `capture merge` writes it (to the microsecond), then imported.
    const parts = fixed.interfaces.map((i, n) => ({
      name: i.name ?? '',
      description: '',
      capture: interfaceAt(fixed, n),
    }));
    const again = readCapture(mergeCaptures(parts));
    const aligned = alignInterfaces(again);
    expect(aligned.capture).toBe(again);
    expect(aligned.clocks.map((k) => [k.kind, k.applied])).toEqual([
      ['consistent', false],
      ['consistent', false],
    ]);
  });

  it.each([
    { what: 'segments of one machine (the namespace capture)', file: 'walkthrough-netns.pcapng' },
  ])('reads no clocks in $what', ({ file }) => {
    const c: CaptureFile = readCapture(readFileSync(join(FIXTURES, file)));
    expect(alignInterfaces(c)).toEqual({ capture: c, clocks: [] });
  });

  it('says when a machine shares no datagram with the Server, and moves nothing', () => {
    const c = readCapture(machines('walkthrough-netns.pcapng', WALK, { alice: -3200 }));
    // Alice's datagrams with their last byte changed: none is the one the Server's saw.
    const other = (d: Uint8Array): Uint8Array =>
      d.map((b, i) => (i === d.length - 1 ? b ^ 0xff : b));
    const apart = {
      ...c,
      frames: c.frames.map((f) => (f.iface === 1 ? { ...f, data: other(f.data) } : f)),
    };
    const { capture, clocks } = alignInterfaces(apart);
    expect(clocks.map((k) => [k.iface, k.kind, k.applied])).toEqual([
      [1, 'none', false],
      [2, 'consistent', false],
    ]);
    expect(capture).toBe(apart);
  });
});
