/**
 * `agujero` as a user runs it: the package.json bin (bin/agujero.cjs) starting the esbuild
 * bundle, fast enough for --help; every command's --help with examples; a mistyped command,
 * subcommand, flag or value named with a suggestion; `netns down` with nothing up.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../lab/netns/exec.ts';
import type { ExecResult } from '../../lab/netns/exec.ts';
import { ROOT } from './stun/processes.ts';

const BIN = `${ROOT}bin/agujero.cjs`;
const agujero = (...args: string[]): Promise<ExecResult> =>
  run([process.execPath, BIN, ...args], { timeoutMs: 10_000 });
/** A topology name no other test uses. */
const NOBODY = `nobody${process.pid}`;

beforeAll(async () => {
  const built = await run([process.execPath, `${ROOT}scripts/build-lab.mjs`, '--if-stale'], {
    timeoutMs: 30_000,
  });
  expect(built.ok, built.stderr).toBe(true);
});

describe('the agujero command', () => {
  it('is package.json bin, run by node', () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {
      bin: Record<string, string>;
    };
    expect(pkg.bin).toEqual({ agujero: 'bin/agujero.cjs' });
    expect(readFileSync(BIN, 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
  });

  it('prints --help naming itself agujero, in well under the 150 ms target', async () => {
    const times: number[] = [];
    let help: ExecResult | undefined;
    for (let i = 0; i < 5; i++) {
      help = await agujero('--help');
      times.push(help.durationMs);
    }
    expect(help?.code).toBe(0);
    expect(help?.stdout).toMatch(/^usage: agujero <command> \[options\]\n/);
    expect(help?.stdout).toMatch(/^ {2}netns {8}real NAT routers/m);
    const median = [...times].sort((a, b) => a - b)[2] as number;
    // The target is 150 ms (npm run bench reports it); 600 ms keeps a loaded CI machine green.
    expect(median, `--help times: ${times.join(', ')} ms`).toBeLessThan(600);
  });

  it.each([
    [['stun', '--help'], /^usage: agujero stun \[-H HOST\]/],
    [['stun', 'decode', '--help'], /^usage: agujero stun decode HEX\.\.\./],
    [['stun-server', '--help'], /^usage: agujero stun-server --primary IP/],
    [['netns', '--help'], /^usage: agujero netns up --alice TYPE --bob TYPE/],
    [['netns', 'up', '--help'], /^usage: agujero netns up --alice TYPE --bob TYPE/],
    [['netns', 'down', '-h'], /^usage: agujero netns down \[--name NAME\]/],
    [['netns', 'status', '--help'], /^usage: agujero netns status \[--name NAME\]/],
  ])('%j prints its usage and examples', async (args, usage) => {
    const r = await agujero(...args);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(usage);
    expect(r.stdout).toMatch(/\nexamples:\n {2}agujero /);
  });

  it('says which recipe each NAT type is', async () => {
    const r = await agujero('netns', 'up', '--help');
    expect(r.stdout).toMatch(/^ {2}full-cone +EI mapping, EI filtering: nft masquerade \+ dnat/m);
    expect(r.stdout).toMatch(/^ {2}restricted-cone +EI mapping, AD filtering: nft masquerade/m);
    expect(r.stdout).toMatch(
      /^ {2}port-restricted-cone +EI mapping, APD filtering: iptables MASQ/m,
    );
    expect(r.stdout).toMatch(/^ {2}symmetric +APD mapping, APD filtering: .*--random-fully/m);
  });

  it.each([
    [
      ['sutn'],
      /^agujero: unknown command "sutn"; did you mean stun\? \(commands: .*\bnetns\b.*\)$/,
    ],
    [
      ['netns', 'stauts'],
      'netns: unknown subcommand "stauts"; did you mean status? (up, down, status, capture)',
    ],
    [
      ['netns', 'up', '--alcie', 'full-cone'],
      'netns up: unknown option --alcie; did you mean --alice?',
    ],
    [
      ['netns', 'up', '--alice', 'fullcone', '--bob', 'symmetric'],
      'netns up: --alice: "fullcone" is not a NAT type; did you mean full-cone? (full-cone, restricted-cone, port-restricted-cone, symmetric)',
    ],
    [
      ['netns', 'up', '--alice', 'symmetric', '--bob', 'port-restricted'],
      'netns up: --bob: "port-restricted" is not a NAT type; did you mean port-restricted-cone? (full-cone, restricted-cone, port-restricted-cone, symmetric)',
    ],
    [
      ['netns', 'up', '--alice', 'symmetric', '--bob', 'full-cone', '--input', 'acept'],
      'netns up: --input: "acept" is not an INPUT policy; did you mean accept? (drop, accept)',
    ],
    [
      ['netns', 'up', '--bob', 'full-cone'],
      'netns up: --alice is required: one of full-cone, restricted-cone, port-restricted-cone, symmetric',
    ],
    [
      ['netns', 'down', '--name', 'Bad-Name'],
      'netns down: --name: "Bad-Name" is not a topology name (a lowercase letter, then letters or digits, at most 20)',
    ],
    [['netns', 'status', '--jsn'], 'netns status: unknown option --jsn; did you mean --json?'],
  ])('%j exits 2 naming the mistake and a suggestion', async (args, message) => {
    const r = await agujero(...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const [first, second] = r.stderr.split('\n');
    if (typeof message === 'string') expect(first).toBe(message);
    else expect(first).toMatch(message);
    expect(second).toMatch(/^Run 'agujero (netns( up| down| status)? )?--help' for usage\.$|^$/);
  });

  it('netns down with nothing up exits 0 and says so', async () => {
    const r = await agujero('netns', 'down', '--name', NOBODY);
    expect([r.code, r.stdout, r.stderr]).toEqual([
      0,
      `${NOBODY}: nothing to remove, no topology of that name is up.\n`,
      '',
    ]);
    const s = await agujero('netns', 'status', '--name', NOBODY, '--json');
    expect(JSON.parse(s.stdout)).toMatchObject({ name: NOBODY, state: 'down', present: [] });
  });
});
