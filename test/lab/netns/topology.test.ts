/**
 * The namespace builder on the real kernel: the six namespaces and their addresses, no way out
 * to the host or beyond, teardown of everything (also after a failed build, SIGINT, SIGTERM and
 * an uncaught error in another process) and the removal of dead runs' leftovers.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../lab/netns/exec.ts';
import { ROLES, buildTopology, cleanupStale, listNamespaces } from '../../../lab/netns/index.ts';
import type { Topology } from '../../../lab/netns/index.ts';
import { pidAlive } from '../../../lab/netns/runs.ts';
import { requireNetns } from './require-netns.ts';

const MASQ = { recipe: 'masquerade', inputPolicy: 'drop-new' } as const;
const ours = (names: string[], prefix: string): string[] =>
  names.filter((n) => n.startsWith(`${prefix}-`));
const rootLinks = async (): Promise<string> =>
  (await run(['ip', '-o', 'link', 'show'])).stdout.replace(/\s+\\\s+link\/.*$/gm, '');

describe('topology', () => {
  let topology: Topology;
  let linksBefore: string;

  beforeAll(async () => {
    await requireNetns(['nc']);
    linksBefore = await rootLinks();
    topology = await buildTopology({ alice: MASQ, bob: MASQ });
  });
  afterAll(async () => topology?.teardown());

  it('makes six namespaces named <prefix>-<role>, prefix agj-<pid>-<n>', async () => {
    expect(topology.prefix).toMatch(new RegExp(`^agj-${process.pid}-\\d+$`));
    expect(ours(await listNamespaces(), topology.prefix).sort()).toEqual(
      Object.values(topology.ns).sort(),
    );
    expect(Object.keys(topology.ns)).toEqual([...ROLES]);
  });

  it('gives the server two public addresses and everyone else the planned ones', async () => {
    const addrs = async (role: (typeof ROLES)[number]): Promise<string[]> =>
      [
        ...(await topology.exec(role, ['ip', '-4', '-o', 'addr', 'show'])).stdout.matchAll(
          /inet (\S+)/g,
        ),
      ].map((m) => m[1] as string);
    expect(await addrs('server')).toEqual(['127.0.0.1/8', '203.0.113.162/24', '203.0.113.163/24']);
    expect(await addrs('aliceNat')).toEqual(['127.0.0.1/8', '192.0.2.113/24', '192.168.1.1/24']);
    expect(await addrs('bobNat')).toEqual(['127.0.0.1/8', '198.51.100.24/24', '192.168.2.1/24']);
    expect(await addrs('alice')).toEqual(['127.0.0.1/8', '192.168.1.10/24']);
    expect(await addrs('bob')).toEqual(['127.0.0.1/8', '192.168.2.20/24']);
    expect(await addrs('internet')).toEqual(['127.0.0.1/8']);
  });

  it('has no route out: nothing outside the documentation ranges is reachable anywhere', async () => {
    for (const role of ROLES) {
      for (const outside of ['8.8.8.8', '10.0.0.1', '172.17.0.1']) {
        const r = await topology.exec(role, ['ip', 'route', 'get', outside]);
        expect(r.ok, `${role} has a route to ${outside}: ${r.stdout}`).toBe(false);
        expect(r.stderr).toMatch(/Network is unreachable/);
      }
      const routes = (await topology.exec(role, ['ip', 'route', 'show', 'default'])).stdout;
      expect(routes, `${role} has a default route`).toBe('');
    }
  });

  it('adds no interface to the root namespace', async () => {
    expect(await rootLinks()).toEqual(linksBefore);
  });

  it('carries a datagram from Alice through her NAT to the server', async () => {
    const server = await topology.start('server', ['nc', '-klu', '9000']);
    await topology.waitForUdpSocket('server', { ip: '0.0.0.0', port: 9000 });
    const sent = await topology.exec(
      'alice',
      ['nc', '-q', '0', '-u', topology.addr.serverPrimary, '9000'],
      { input: 'hola\n', timeoutMs: 2_000 },
    );
    expect(sent.ok).toBe(true);
    await server.waitFor('hola', 2_000);
    await server.kill();
  });

  it('rejects a role it does not have', async () => {
    expect(() => topology.nsOf('router' as never)).toThrow(/invalid role/);
  });

  it('bounds every wait: exec and waitFor time out with a typed error', async () => {
    const started = Date.now();
    await expect(topology.exec('alice', ['sleep', '5'], { timeoutMs: 200 })).rejects.toMatchObject({
      code: 'timeout',
      message: expect.stringMatching(/^timed out after 200 ms: ip netns exec \S+-alice sleep 5/),
    });
    const quiet = await topology.start('bob', ['sleep', '5']);
    await expect(quiet.waitFor('never', 200)).rejects.toMatchObject({ code: 'timeout' });
    await quiet.kill();
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('names a missing program', async () => {
    await expect(topology.exec('alice', ['no-such-program-agj'])).rejects.toMatchObject({
      code: 'missing-binary',
      message: 'no-such-program-agj not found: is it installed?',
    });
  });
});

describe('teardown', () => {
  beforeAll(async () => requireNetns(['nc']));

  it('deletes every namespace and kills the processes inside, and is idempotent', async () => {
    const t = await buildTopology({ alice: MASQ, bob: MASQ });
    const listener = await t.start('bob', ['nc', '-klu', '58888']);
    await t.teardown();
    await t.teardown();
    expect(ours(await listNamespaces(), t.prefix)).toEqual([]);
    expect(listener.running()).toBe(false);
    await expect(t.exec('alice', ['true'])).rejects.toThrow(/torn down/);
  });

  it('undoes a build that fails halfway', async () => {
    const seen: string[] = [];
    const failing = buildTopology({
      alice: MASQ,
      bob: { recipe: 'full-cone', inputPolicy: 'accept' },
      onStep: (step) => {
        seen.push(step);
        if (step === 'ip link/addr/route in aliceNat') throw new Error('stop here');
      },
    });
    const error = await failing.then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/^building topology agj-\d+-\d+ failed: stop here/);
    expect(seen.slice(0, 4)).toEqual([
      'ip netns add',
      'ip link/addr/route in internet',
      'ip link/addr/route in server',
      'ip link/addr/route in aliceNat',
    ]);
    const prefix = /(agj-\d+-\d+)/.exec(error?.message ?? '')?.[1] as string;
    expect(ours(await listNamespaces(), prefix)).toEqual([]);
  });

  it('fails a build with an invalid recipe before creating anything', async () => {
    const before = await listNamespaces();
    const bad = { recipe: 'cgnat', inputPolicy: 'accept' } as never;
    await expect(buildTopology({ alice: bad, bob: MASQ })).rejects.toThrow(/invalid NAT recipe/);
    expect(await listNamespaces()).toEqual(before);
  });

  it('removes the namespaces of dead runs and only those', async () => {
    const dead = spawn('true');
    await new Promise((resolve) => dead.on('close', resolve));
    const deadPid = dead.pid as number;
    expect(pidAlive(deadPid)).toBe(false);
    const stale = [`agj-${deadPid}-0-server`, `agj-${deadPid}-0-alice`];
    for (const ns of stale) expect((await run(['ip', 'netns', 'add', ns])).ok).toBe(true);
    const mine = `agj-${process.pid}-999-server`;
    expect((await run(['ip', 'netns', 'add', mine])).ok).toBe(true);
    try {
      const removed = await cleanupStale();
      expect(removed).toEqual(expect.arrayContaining(stale));
      const after = await listNamespaces();
      for (const ns of stale) expect(after).not.toContain(ns);
      expect(after).toContain(mine);
    } finally {
      for (const ns of [...stale, mine]) await run(['ip', 'netns', 'del', ns]);
    }
  });

  const holdCases = [
    { name: 'SIGTERM', mode: 'wait', signal: 'SIGTERM' },
    { name: 'SIGINT', mode: 'wait', signal: 'SIGINT' },
    { name: 'an uncaught error', mode: 'throw', signal: undefined },
  ] as const;
  for (const c of holdCases) {
    it(`tears down when another process ends by ${c.name}`, async () => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'test/lab/netns/fixtures/hold-topology.ts', c.mode],
        { stdio: ['pipe', 'pipe', 'pipe'] },
      );
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
      const deadline = setTimeout(() => child.kill('SIGKILL'), 15_000);
      try {
        while (!out.includes('\n') && child.exitCode === null) {
          await new Promise((r) => setTimeout(r, 20));
        }
        const held = JSON.parse(out.split('\n')[0] as string) as { ns: string[]; pid: number };
        expect(held.ns).toHaveLength(6);
        for (const ns of held.ns) expect(await listNamespaces()).toContain(ns);
        if (c.signal) child.kill(c.signal);
        else child.stdin.write('go\n');
        await closed;
        const left = await listNamespaces();
        for (const ns of held.ns) expect(left, `stderr: ${err}`).not.toContain(ns);
        expect(pidAlive(held.pid)).toBe(false);
        if (c.mode === 'throw') expect(err).toContain('deliberate uncaught error');
      } finally {
        clearTimeout(deadline);
      }
    });
  }
});
