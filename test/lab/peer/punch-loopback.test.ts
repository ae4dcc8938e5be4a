/**
 * `agujero punch` as a user runs it: two processes of the bundled CLI on 127.0.0.1 meet through
 * the rendezvous responder and chat; a missing server, --help and mistyped flags say what is wrong.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRendezvous } from '../../../lab/peer/rendezvous.ts';
import type { LabRendezvous } from '../../../lab/peer/rendezvous.ts';
import { spawn } from 'node:child_process';
import { bundleCli } from '../stun/processes.ts';
import type { CliBundle } from '../stun/processes.ts';

/** Runs `argv` to its exit (killed after `timeoutMs`): exit code and stdout. */
function runToExit(
  argv: readonly string[],
  timeoutMs = 20_000,
): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(argv[0] as string, argv.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout });
    }),
  );
}

describe('agujero punch on loopback', () => {
  let cli: CliBundle;
  let server: LabRendezvous;
  beforeAll(async () => {
    [cli, server] = await Promise.all([
      bundleCli(),
      startRendezvous({ host: '127.0.0.1', port: 0 }),
    ]);
  });
  afterAll(async () => {
    await server?.stop();
    await cli?.remove();
  });

  it('two processes register, punch, chat, and report the time to the first packet each way', async () => {
    const at = `127.0.0.1:${server.address.port}`;
    const side = (name: string, peer: string) =>
      runToExit(cli.argv('punch', '-s', at, '-n', name, '--peer', peer, '--json', '-t', '10'));
    const [bob, alice] = await Promise.all([side('bob', 'alice'), side('alice', 'bob')]);
    expect([bob.code, alice.code]).toEqual([0, 0]);
    const b = JSON.parse(bob.stdout);
    const a = JSON.parse(alice.stdout);
    expect([b.ok, a.ok]).toEqual([true, true]);
    expect([b.chatIn, a.chatIn]).toEqual(['soy Alice', 'soy Bob']);
    expect(b.peer.endpoint).toEqual({ ip: '127.0.0.1', port: Number(a.local.split(':')[1]) });
    expect(b.inboundMs).toBeGreaterThanOrEqual(0);
    expect(a.outboundMs).toBeGreaterThanOrEqual(0);
    expect(b.phases.map((p: { phase: string }) => p.phase).at(-1)).toBe('done');
  });

  it('says the server is unreachable when nothing answers (a short timeout)', async () => {
    const r = await cli.run([
      'punch',
      '-s',
      '127.0.0.1:9',
      '-n',
      'bob',
      '--peer',
      'alice',
      '-t',
      '2',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /punch failed \(server-unreachable\): no answer from the rendezvous server 127\.0\.0\.1:9/,
    );
  });

  it('prints --help with examples, and names a mistyped flag and what was meant', async () => {
    const help = await cli.run(['punch', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(
      /examples:\n[^]*agujero punch --server 203\.0\.113\.162 --name bob --peer alice/,
    );
    const typo = await cli.run([
      'punch',
      '--sever',
      '127.0.0.1',
      '--name',
      'bob',
      '--peer',
      'alice',
    ]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/unknown option --sever; did you mean --server\?/);
    const same = await cli.run(['punch', '-s', '127.0.0.1', '-n', 'bob', '--peer', 'bob']);
    expect(same.stderr).toMatch(/--name and --peer are both "bob"/);
    const missing = await cli.run(['punch', '--name', 'bob', '--peer', 'alice']);
    expect(missing.stderr).toMatch(/missing --server HOST\[:PORT\]/);
    const badPort = await cli.run([
      'punch',
      '-s',
      '127.0.0.1:99999',
      '-n',
      'bob',
      '--peer',
      'alice',
    ]);
    expect(badPort.stderr).toMatch(/--server port: "99999" is not a UDP port/);
  });
});
