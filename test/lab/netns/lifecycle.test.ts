/**
 * `agujero netns up / status / down` as real processes on the real kernel (root): the topology
 * outlives `up`, carries the walkthrough's nc exchange through its NATs, and `down` leaves no
 * namespace, nftables rule, process or state file; also after `up` was SIGKILLed or interrupted
 * (SIGINT) halfway. Every topology here has a name only this file's process uses, so parallel
 * test files (whose namespaces are agj-<pid>-<n>-...) and a user's `agujero` never collide.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../lab/netns/exec.ts';
import type { ExecResult } from '../../../lab/netns/exec.ts';
import { execIn, listNamespaces, startIn } from '../../../lab/netns/index.ts';
import { pidAlive } from '../../../lab/netns/runs.ts';
import { statePath } from '../../../lab/netns/state.ts';
import { ROOT } from '../stun/processes.ts';
import { requireLabBundle, requireNetns } from './require-netns.ts';

const BIN = `${ROOT}bin/agujero.cjs`;
const agujero = (...args: string[]): Promise<ExecResult> =>
  run([process.execPath, BIN, ...args], { timeoutMs: 20_000 });
const NAME = `t${process.pid}`;
const ours = async (name: string): Promise<string[]> =>
  (await listNamespaces()).filter((ns) => ns.startsWith(`${name}-`));
const ns = (role: string): string => `${NAME}-${role}`;

/** Starts `netns up` and kills it with `signal` once it printed progress step `step`. */
async function interruptUp(name: string, signal: NodeJS.Signals, step: number) {
  const args = ['netns', 'up', '--alice', 'restricted-cone', '--bob', 'symmetric', '--name', name];
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const deadline = Date.now() + 15_000;
  const marker = `[${String(step).padStart(2)}]`;
  while (!out.includes(marker) && child.exitCode === null && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 2));
  }
  child.kill(signal);
  const state = existsSync(statePath(name)) ? readFileSync(statePath(name), 'utf8') : '';
  await closed;
  return { out, err, stateAtKill: state, signal: child.signalCode };
}

beforeAll(async () => {
  await requireNetns(['nc']);
  await requireLabBundle();
});
afterAll(async () => {
  for (const name of [NAME, `${NAME}k`, `${NAME}i`]) await agujero('netns', 'down', '--name', name);
});

describe('netns up, status, down', () => {
  it('builds a topology that outlives up, carries the walkthrough, and down removes it all', async () => {
    const up = await agujero(
      ...['netns', 'up', '--alice', 'port-restricted-cone', '--bob', 'port-restricted-cone'],
      ...['--input', 'drop', '--name', NAME],
    );
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toMatch(/\[ 1\] +\d+ ms {2}ip netns add\n/);
    expect(up.stdout).toMatch(new RegExp(`\\n${NAME} is up \\(\\d+ ms\\): six namespaces`));
    expect(up.stdout).toContain(`ip netns exec ${ns('server')} nc -klu 9000`);
    expect((await ours(NAME)).sort()).toEqual(
      ['alice', 'alice-nat', 'bob', 'bob-nat', 'internet', 'server'].map(ns).sort(),
    );

    const status = await agujero('netns', 'status', '--name', NAME, '--json');
    expect(JSON.parse(status.stdout)).toMatchObject({
      name: NAME,
      state: 'up',
      missing: [],
      topology: { status: 'up', alice: 'port-restricted-cone', input: 'drop' },
    });
    const rules = await execIn(ns('alice-nat'), ['nft', 'list', 'ruleset']);
    expect(rules.stdout).toMatch(/masquerade/);
    expect(rules.stdout).toMatch(/ct state new drop|ctstate NEW.*DROP|ct state new .*drop/);

    // The walkthrough, once: Bob reaches the server; Alice punches, listens, Bob's reply arrives.
    const send = (who: string, from: number, to: string, port: number, text: string) =>
      execIn(ns(who), ['nc', '-q', '0', '-p', String(from), '-u', to, String(port)], {
        input: `${text}\n`,
        timeoutMs: 3_000,
      });
    const server = await startIn(ns('server'), ['nc', '-klu', '9000']);
    await new Promise((r) => setTimeout(r, 200));
    expect((await send('bob', 58888, '203.0.113.162', 9000, 'toc')).ok).toBe(true);
    await server.waitFor('toc', 3_000);
    expect((await send('alice', 53333, '198.51.100.24', 58888, 'upd hole')).ok).toBe(true);
    const alice = await startIn(ns('alice'), ['nc', '-klu', '53333']);
    await new Promise((r) => setTimeout(r, 200));
    expect((await send('bob', 58888, '192.0.2.113', 53333, 'soy Bob')).ok).toBe(true);
    await alice.waitFor('soy Bob', 3_000);

    const down = await agujero('netns', 'down', '--name', NAME);
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout).toMatch(new RegExp(`^${NAME}: removed 6 namespaces in \\d+ ms:\\n`));
    expect(await ours(NAME)).toEqual([]);
    expect((await execIn(ns('alice-nat'), ['nft', 'list', 'ruleset'])).ok).toBe(false);
    await Promise.all([server.exited, alice.exited]);
    expect([pidAlive(server.pid), pidAlive(alice.pid)]).toEqual([false, false]);
    expect(existsSync(statePath(NAME))).toBe(false);
    const again = await agujero('netns', 'down', '--name', NAME);
    expect(again.stdout).toBe(`${NAME}: nothing to remove, no topology of that name is up.\n`);
  });

  it('refuses a second up of the same name, and says how to go on', async () => {
    const args = ['netns', 'up', '--alice', 'full-cone', '--bob', 'symmetric', '--name', NAME];
    expect((await agujero(...args)).code).toBe(0);
    const second = await agujero(...args);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(
      `netns up: ${NAME} is already up (Alice full-cone, Bob symmetric, INPUT drop); run netns down first`,
    );
    expect((await agujero('netns', 'down', '--name', NAME)).code).toBe(0);
    expect(await ours(NAME)).toEqual([]);
  });

  it('after up was SIGKILLed halfway, status says broken and down removes everything', async () => {
    const name = `${NAME}k`;
    const killed = await interruptUp(name, 'SIGKILL', 3);
    expect(killed.signal).toBe('SIGKILL');
    expect(JSON.parse(killed.stateAtKill)).toMatchObject({ status: 'building', name });
    expect((await ours(name)).length).toBeGreaterThan(0);
    const status = await agujero('netns', 'status', '--name', name);
    expect(status.stdout).toMatch(
      new RegExp(`^topology ${name}: broken: the up that built it \\(pid \\d+\\) died halfway\\.`),
    );
    // A later up removes what the dead run left, then builds.
    const up = await agujero(
      'netns',
      'up',
      '--alice',
      'full-cone',
      '--bob',
      'full-cone',
      '--name',
      name,
    );
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toMatch(
      /removing what an earlier run left: the up that built it \(pid \d+\) died halfway/,
    );
    expect((await agujero('netns', 'down', '--name', name)).code).toBe(0);
    expect(await ours(name)).toEqual([]);
    // And down alone after a SIGKILL.
    await interruptUp(name, 'SIGKILL', 5);
    const down = await agujero('netns', 'down', '--name', name);
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout).toMatch(/removed \d namespaces \(what was left: the up that built it/);
    expect(await ours(name)).toEqual([]);
    expect(existsSync(statePath(name))).toBe(false);
  });

  it('Ctrl-C (SIGINT) during up removes what it made, state file included', async () => {
    const name = `${NAME}i`;
    const interrupted = await interruptUp(name, 'SIGINT', 4);
    expect(interrupted.signal).toBe('SIGINT');
    expect(interrupted.err).toContain('SIGINT: removing what was built so far');
    expect(await ours(name)).toEqual([]);
    expect(existsSync(statePath(name))).toBe(false);
  });
});
