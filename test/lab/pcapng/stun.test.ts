/**
 * tshark decodes the STUN inside exported files: RFC 5389 STUN/TURN on 3478 (the relay), classic
 * RFC 3489 STUN (pystun and stund) on the standard and the alternate port 3479 through the
 * `classicstun_udp` heuristic, and RFC 5389 STUN on non-standard ports with decode-as.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportScenario, runPcapng } from '../../../src/app/pcapng-export.ts';
import { captureRecords } from '../../../src/model/pcapng/index.ts';
import { decodeMessage } from '../../../src/model/stun/decode.ts';
import { pystunCommand } from '../../../src/machines/commands/pystun.ts';
import { SEED, ScenarioRun } from '../../../src/model/index.ts';
import type { Scenario } from '../../../src/model/index.ts';
import { walkthroughStunScenario } from '../../../src/model/scenarios/walkthrough-stun.ts';
import { fields, requireTshark } from './tshark.ts';

let dir = '';
beforeAll(() => {
  requireTshark();
  dir = mkdtempSync(join(tmpdir(), 'agujero-stun-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes catalog scenario `id`'s export; returns its path and how many hops carry STUN. */
function exportFile(id: string): { file: string; stunHops: number } {
  const file = join(dir, `${id}.pcapng`);
  const run = exportScenario({ scenario: id });
  writeFileSync(file, run.bytes);
  const hops = captureRecords(run.scenario.topology, run.events);
  return { file, stunHops: hops.filter((h) => decodeMessage(h.packet.payload).ok).length };
}

/** Rows whose first column is set (the packets a dissector took). */
const decoded = (rows: string[][]): string[][] => rows.filter((r) => r[0] !== '');

describe('STUN in tshark', () => {
  it('decodes RFC 5389 STUN/TURN on 3478: the cookie and XOR-MAPPED-ADDRESS', () => {
    const { file, stunHops } = exportFile('relay');
    const rows = decoded(
      fields(file, ['stun.cookie', 'stun.type', 'stun.att.type', 'stun.att.ipv4', 'udp.srcport']),
    );
    expect(rows.length).toBe(stunHops);
    for (const r of rows) expect(r[0]).toBe('2112a442');
    // An Allocate success response (0x0103) on the WAN carries Alice's public address.
    const answer = rows.find((r) => r[1] === '0x0103' && r[3]?.includes('82.230.120.113'));
    expect(answer?.[2]).toContain('0x0020'); // XOR-MAPPED-ADDRESS
  });

  it('decodes classic RFC 3489 STUN on 3478 and on the alternate port 3479', () => {
    const { file, stunHops } = exportFile('walkthrough-stun');
    const names = [
      'classicstun.type',
      'udp.srcport',
      'classicstun.att.ipv4',
      'classicstun.att.port',
    ];
    for (const heuristic of [[], ['--enable-heuristic', 'classicstun_udp']]) {
      const rows = decoded(fields(file, names, ...heuristic));
      expect(rows.length).toBe(stunHops);
      // A Binding response (0x0101) from 3479 names MAPPED, SOURCE and CHANGED-ADDRESS.
      const fromAlternate = rows.find((r) => r[0] === '0x0101' && r[1] === '3479');
      expect(fromAlternate?.[2]).toContain(SEED.serverAlt);
    }
    // Without the heuristic nothing is classic STUN: Wireshark has no port for it.
    const off = decoded(fields(file, names, '--disable-heuristic', 'classicstun_udp'));
    expect(off).toEqual([]);
  });

  it('decodes RFC 5389 STUN on non-standard ports with -d udp.port==PORT,stun', () => {
    const base = walkthroughStunScenario();
    const scenario: Scenario = {
      ...base,
      id: 'stun-7000',
      steps: [
        {
          at: 0,
          actor: 'server',
          run: `stund -h ${SEED.server} -a ${SEED.serverAlt} -p 7000 -o 7001`,
        },
        { at: 1000, actor: 'bob', run: 'pystun --rfc5780 -P 7000 -p 59999' },
      ],
      goals: [],
    };
    const commands = { pystun: pystunCommand({ host: SEED.server, port: 7000 }) };
    const events = new ScenarioRun(scenario, { commands }).runToEnd();
    const file = join(dir, 'stun-7000.pcapng');
    writeFileSync(file, runPcapng('en', scenario, events));
    const names = ['stun.cookie', 'stun.att.type', 'udp.srcport', 'udp.dstport'];
    const noHeuristic = ['--disable-heuristic', 'stun_udp'];
    expect(decoded(fields(file, names, ...noHeuristic))).toEqual([]);
    const rows = decoded(
      fields(file, names, ...noHeuristic, '-d', 'udp.port==7000,stun', '-d', 'udp.port==7001,stun'),
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r[0]).toBe('2112a442');
    expect(rows.some((r) => r[2] === '7000' && r[1]?.includes('0x0020'))).toBe(true);
  });
});
