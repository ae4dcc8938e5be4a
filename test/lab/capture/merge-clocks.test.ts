/**
 * `agujero capture merge` with a machine whose clock is off: the namespace walkthrough's
 * segments given as the Server's, Alice's and Bob's captures, Alice's moved 3.2 s back and
 * Bob's 0.75 s forward. The merge says how far each clock was and puts both back on the
 * Server's time (the datagrams each way agree again); --keep-clocks keeps them as recorded.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { estimateShift, shiftCapture } from '../../../src/capture/clock-offset.ts';
import { mergeCaptures } from '../../../src/capture/merge.ts';
import { readCapture } from '../../../src/capture/read.ts';
import { interfaceNamed } from '../../capture/fixture-edits.ts';
import { runCommand } from '../hub/server-lab.ts';

const FIXTURE = join(import.meta.dirname, '../../e2e/fixtures/walkthrough-netns.pcapng');
const dir = mkdtempSync(join(tmpdir(), 'agujero-merge-clocks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Interface `name` of `c` as a capture of its own. */
const part = interfaceNamed;

const whole = readCapture(readFileSync(FIXTURE));
const machines = {
  server: part(whole, 'internet'),
  alice: shiftCapture(part(whole, 'alice-nat-lan'), -3200),
  bob: shiftCapture(part(whole, 'bob-nat-lan'), 750),
};
const args = Object.entries(machines).map(([role, capture]) => {
  const path = join(dir, `m${role.length}${role[0]}.pcapng`);
  writeFileSync(path, mergeCaptures([{ name: 'eth0', description: '', capture }]));
  return `${role}=${path}`;
});

describe('capture merge: clocks', () => {
  it("moves a clock that is off onto the Server's and says by how much", async () => {
    const out = join(dir, 'fixed.pcapng');
    const r = await runCommand(['capture', 'merge', ...args, '--out', out]);
    expect(r.code, r.text).toBe(0);
    expect(r.text).toMatch(
      /alice's clock was 3\.200 s behind the server's, to within \d+ µs: its frames moved \+3\.200 s \(3 datagrams it sent, 2 it received/,
    );
    expect(r.text).toMatch(/bob's clock was 750\.0 ms ahead of the server's, .*moved -750\.0 ms/);
    const merged = readCapture(readFileSync(out));
    for (const who of ['alice', 'bob']) {
      const again = estimateShift(part(merged, 'server'), part(merged, who));
      expect(again.kind, who).toBe('consistent');
    }
    // Read back as the course will: the rewrites joined across machines again.
    expect(r.text).toMatch(/datagrams followed, [1-9]\d* NAT rewrites joined/);
  });

  it("--keep-clocks keeps each machine's own times", async () => {
    const out = join(dir, 'kept.pcapng');
    const r = await runCommand(['capture', 'merge', ...args, '--out', out, '--keep-clocks']);
    expect(r.code, r.text).toBe(0);
    expect(r.text).toMatch(
      /alice's clock was 3\.200 s behind the server's.*not moved \(--keep-clocks\)/,
    );
    const merged = readCapture(readFileSync(out));
    expect(estimateShift(part(merged, 'server'), part(merged, 'alice')).shiftMs).toBeCloseTo(
      3200,
      0,
    );
  });
});
