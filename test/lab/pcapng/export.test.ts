/**
 * tshark reads every built-in scenario's `agujero export` file without warnings: exit 0, nothing
 * on stderr, no expert info but the packet comments, valid IPv4 and UDP checksums, one packet per
 * model hop on each interface, the comments the model words, and a NAT rewrite as the same IPv4
 * id before and after with changed addresses.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../lab/cli.ts';
import { SCENARIO_IDS } from '../../../src/app/catalog.ts';
import { exportScenario, explainIn } from '../../../src/app/pcapng-export.ts';
import { captureRecords, segmentsOf } from '../../../src/model/pcapng/index.ts';
import { expertSections, fields, requireTshark, tshark } from './tshark.ts';

const CHECKSUMS = ['-o', 'ip.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE'];
let dir = '';

beforeAll(() => {
  requireTshark();
  dir = mkdtempSync(join(tmpdir(), 'agujero-pcapng-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `agujero export` in-process; resolves with the file written. */
async function exported(args: readonly string[], name: string): Promise<string> {
  const file = join(dir, name);
  let err = '';
  const io = {
    out: () => undefined,
    err: (t: string) => void (err += t),
    stopped: new Promise<string>(() => undefined),
  };
  expect(await main(['export', ...args, '-o', file], io), err).toBe(0);
  return file;
}

describe('tshark reads every exported scenario', () => {
  it.each(SCENARIO_IDS)(
    '%s: no warnings, one packet per hop and interface, the comments',
    async (id) => {
      const file = await exported(['--scenario', id], `${id}.pcapng`);
      const plain = tshark(file);
      expect(plain.status).toBe(0);
      expect(plain.stderr).toBe('');
      expect(expertSections(file, ...CHECKSUMS)).toEqual(['Comments']);

      const run = exportScenario({ scenario: id });
      const records = captureRecords(run.scenario.topology, run.events);
      const names = new Map(segmentsOf(run.scenario.topology).map((s) => [s.id, s.name]));
      const rows = fields(
        file,
        ['frame.interface_name', 'ip.checksum.status', 'udp.checksum.status', 'frame.comment'],
        ...CHECKSUMS,
      );
      expect(rows.map((r) => r[0])).toEqual(records.map((r) => names.get(r.segment)));
      for (const r of rows) expect([r[1], r[2]]).toEqual(['1', '1']);
      const explain = explainIn('en');
      expect(rows.map((r) => r[3])).toEqual(records.map((r) => r.events.map(explain).join(' | ')));
    },
  );
});

describe('a NAT rewrite in tshark', () => {
  it('shows the same IPv4 id on the LAN and on the WAN, with the source rewritten', async () => {
    const file = await exported(['-s', 'walkthrough', '--nat-alice', 'symmetric'], 'sym.pcapng');
    const rows = fields(file, ['ip.id', 'frame.interface_name', 'ip.src', 'udp.srcport']);
    const first = rows.filter((r) => r[0] === rows.find((x) => x[1] === 'alice-nat-lan')?.[0]);
    expect(first.map((r) => r[1])).toEqual(['alice-nat-lan', 'internet']);
    expect(first[0]?.[2]).toBe('192.168.0.10');
    expect(first[1]?.[2]).toBe('82.230.120.113');
  });

  it('words the comments in Spanish with --lang es', async () => {
    const file = await exported(['-s', 'walkthrough', '--lang', 'es'], 'es.pcapng');
    const comments = fields(file, ['frame.comment']).map((r) => r[0]);
    expect(comments[0]).toMatch(/^El paquete #1 viaja de Bob a NAT de Bob/);
  });
});
