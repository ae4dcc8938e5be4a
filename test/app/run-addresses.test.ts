/**
 * A real run's addresses by role, read from the run itself, and the prediction drawn in them:
 * the netns lab's saved run (Alice 192.168.1.10 behind 192.0.2.113, Bob 192.168.2.20 behind
 * 198.51.100.24) maps every role but the Server (the punch never reached it); the loopback run
 * gives every machine 127.0.0.1, so nothing is renamed; the model tells the same story in the
 * run's addresses (same events, ports and drops), and a program that knows the Server by heart
 * (pystun) keeps the Server's. A capture where both peers sent the same text ("toc") gives each
 * NAT's public address by the sender that used the port the receiver saw, not the last sender.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCaptureBytes } from '../../src/app/capture-file.ts';
import { LabRun } from '../../src/app/lab-run.ts';
import { exportScenario } from '../../src/app/pcapng-export.ts';
import { predictionRename, sameStory } from '../../src/app/run-addresses-check.ts';
import {
  inverse,
  renameScenario,
  renameText,
  renameTopology,
  runAddresses,
} from '../../src/app/run-addresses.ts';
import { scenarioById } from '../../src/model/index.ts';
import { validateTopology } from '../../src/model/topology.ts';
import { formatLabRun, parseLabRun } from '../../src/protocol/lab-run.ts';

const load = (name: string): LabRun => {
  const text = readFileSync(resolve(import.meta.dirname, '../e2e/fixtures', name), 'utf8');
  const parsed = parseLabRun(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return LabRun.fromFile(parsed.run);
};
/** The simulator's own export of the walkthrough imported as a capture (roles swapped or not). */
const exported = (swap: boolean): LabRun => {
  const got = importCaptureBytes(exportScenario({ scenario: 'walkthrough' }).bytes, 'en', { swap });
  if ('refusal' in got) throw new Error(got.refusal);
  const parsed = parseLabRun(formatLabRun(got.imported.file));
  if (!parsed.ok) throw new Error(parsed.error);
  return LabRun.fromFile(parsed.run);
};
const NETNS = load('lab-run-punch-netns.json');
const LOOPBACK = load('lab-run-punch-loopback.json');
const SERVER = ['54.93.249.162', '54.93.249.163'];

describe('runAddresses', () => {
  it.each([
    [
      'netns: each role from the commands the lab ran and what each machine sent',
      NETNS,
      {
        server: undefined,
        'bob-nat': '198.51.100.24',
        bob: '192.168.2.20',
        'alice-nat': '192.0.2.113',
        alice: '192.168.1.10',
      },
      4,
    ],
    [
      'loopback: every machine at 127.0.0.1, so no rename',
      LOOPBACK,
      {
        server: undefined,
        'bob-nat': '127.0.0.1',
        bob: '127.0.0.1',
        'alice-nat': '127.0.0.1',
        alice: '127.0.0.1',
      },
      0,
    ],
    [
      'a capture where both peers say "toc" to the Server: each NAT by the port it kept',
      exported(false),
      {
        server: undefined,
        'bob-nat': '54.93.229.24',
        bob: '192.168.1.10',
        'alice-nat': '82.230.120.113',
        alice: '192.168.0.10',
      },
      4,
    ],
    [
      'the same capture with Alice and Bob swapped by hand',
      exported(true),
      {
        server: undefined,
        'bob-nat': '82.230.120.113',
        bob: '192.168.0.10',
        'alice-nat': '54.93.229.24',
        alice: '192.168.1.10',
      },
      4,
    ],
  ])('%s', (_name, run, roles, renamed) => {
    const plan = runAddresses(run);
    expect(Object.fromEntries(plan.roles.map((r) => [r.node, r.real]))).toEqual(roles);
    expect(plan.rename.size).toBe(renamed);
  });

  it('renames all at once (Alice takes the model Bob’s old 192.168.1.10, no chain)', () => {
    const map = runAddresses(NETNS).rename;
    expect(renameText('192.168.1.10 192.168.0.10 54.93.249.162', map)).toBe(
      '192.168.2.20 192.168.1.10 54.93.249.162',
    );
    expect(renameText(renameText('x 192.168.1.10', map), inverse(map))).toBe('x 192.168.1.10');
  });

  it('gives a valid topology, each router’s LAN the /24 of its host', () => {
    const topo = renameTopology(NETNS.topology, runAddresses(NETNS).rename);
    expect(() => validateTopology(topo)).not.toThrow();
    const node = (id: string) => topo.nodes.find((n) => n.id === id);
    expect(node('alice-nat')).toMatchObject({
      wanIp: '192.0.2.113',
      lan: '192.168.1.0/24',
      lanIp: '192.168.1.1',
    });
    expect(node('bob-nat')).toMatchObject({
      wanIp: '198.51.100.24',
      lan: '192.168.2.0/24',
      lanIp: '192.168.2.1',
    });
    expect(node('server')).toMatchObject({ ip: '54.93.249.162' });
  });
});

describe('the prediction in the run’s addresses', () => {
  const block = { setup: NETNS.setup, lines: NETNS.runLines };

  it('tells the same story renamed (the netns run): the rename is kept', () => {
    const map = runAddresses(NETNS).rename;
    expect(sameStory(block, map)).toBe(true);
    expect(predictionRename(block, map, SERVER)).toBe(map);
  });

  it.each([
    ['two roles sharing an address', new Map([['192.168.0.10', '54.93.229.24']])],
    ['an address the model refuses', new Map([['192.168.0.10', '300.1.2.3']])],
  ])('keeps the lesson’s addresses when the story changes: %s', (_name, map) => {
    expect(predictionRename(block, map, SERVER).size).toBe(0);
  });

  it('keeps the Server’s address when a program knows it by heart (pystun in walkthrough-stun)', () => {
    const stun = {
      setup: { scenario: 'walkthrough-stun', nat: {} },
      lines: [] as { actor: string; command: string }[],
    };
    const map = new Map([
      ['54.93.249.162', '203.0.113.162'],
      ['54.93.249.163', '203.0.113.163'],
      ['192.168.0.10', '192.168.1.10'],
      ['192.168.1.10', '192.168.2.20'],
    ]);
    expect(sameStory(stun, map)).toBe(false);
    const kept = predictionRename(stun, map, SERVER);
    expect([...kept.keys()]).toEqual(['192.168.0.10', '192.168.1.10']);
  });

  it('renames the scripted commands of a scenario', () => {
    const s = renameScenario(
      scenarioById('walkthrough'),
      new Map([['54.93.249.162', '203.0.113.162']]),
    );
    expect(s.steps.some((x) => x.run.includes('203.0.113.162 9000'))).toBe(true);
    expect(s.steps.some((x) => x.run.includes('54.93.249.162'))).toBe(false);
  });
});
