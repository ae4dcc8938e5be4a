/**
 * `agujero verify` as a user meets it: --help with examples, a mistyped flag, --list and an
 * --only that matches nothing (no root needed); then as a process in namespaces: a small run
 * with --json, Ctrl-C/SIGTERM midway leaves no namespace, and after a SIGKILL `netns down`
 * removes what the dead run left.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { main } from '../../../lab/cli.ts';
import type { CommandIo } from '../../../lab/commands/command.ts';
import { listNamespaces } from '../../../lab/netns/index.ts';
import { ROOT } from '../stun/processes.ts';
import { requireNetns } from '../netns/require-netns.ts';

/** Runs the CLI in this process; resolves with the exit code and what it printed. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CommandIo = {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    stopped: new Promise(() => undefined),
  };
  const code = await main(argv, io);
  return { code, out, err };
}

describe('agujero verify, no root needed', () => {
  it('--help says what it compares, lists the families and shows examples', async () => {
    const r = await cli('verify', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^usage: .* verify \[--only PATTERN\]/);
    for (const word of [
      'conntrack',
      'mapping',
      'filtering',
      'walkthrough',
      'punch',
      'clash',
      '--once',
      'run on\nthe kernel once more',
      'examples:',
    ])
      expect(r.out).toContain(word);
  });

  it.each([
    [['--onyl', 'x'], /unknown option --onyl; did you mean --only\?/],
    [['--onse'], /unknown option --onse; did you mean --once\?/],
    [['--only', 'nothing-like-this'], /matches no case \(try --list\)/],
    [['--json', '--markdown'], /exclude each other/],
    [['--only'], /--only needs a value/],
  ])('%j is a usage error (exit 2)', async (argv, message) => {
    const r = await cli('verify', ...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).toContain('--help');
  });

  it('--list prints the ids --only selects, one a line, and runs nothing', async () => {
    const r = await cli('verify', '--list', '--only', 'walkthrough/drop-new/bob-symmetric');
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toEqual([
      'walkthrough/drop-new/bob-symmetric/alice-full-cone',
      'walkthrough/drop-new/bob-symmetric/alice-restricted-cone',
      'walkthrough/drop-new/bob-symmetric/alice-port-restricted-cone',
      'walkthrough/drop-new/bob-symmetric/alice-symmetric',
    ]);
  });
});

/** Starts `verify ARGS` as its own process (tsx), collecting its output. */
function verifyProcess(...argv: string[]): {
  child: ChildProcessWithoutNullStreams;
  out: () => string;
  err: () => string;
  closed: Promise<number | null>;
  signal: () => NodeJS.Signals | null;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', 'lab/cli.ts', 'verify', ...argv], {
    cwd: ROOT,
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  let signal: NodeJS.Signals | null = null;
  const closed = new Promise<number | null>((resolve) =>
    child.on('close', (code, sig) => {
      signal = sig;
      resolve(code);
    }),
  );
  return { child, out: () => out, err: () => err, closed, signal: () => signal };
}

const ofPid = async (pid: number): Promise<string[]> =>
  (await listNamespaces()).filter((ns) => ns.startsWith(`agj-${pid}-`));

async function until(what: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!what()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('agujero verify in namespaces', () => {
  it('--json: every field of both sides, and exit 0 when all agree', async () => {
    await requireNetns();
    const p = verifyProcess('--json', '--only', 'filtering/masquerade/drop-new');
    const code = await p.closed;
    expect(code, p.err()).toBe(0);
    const doc = JSON.parse(p.out()) as {
      cases: number;
      agree: number;
      results: {
        id: string;
        agree: boolean;
        model: Record<string, string>;
        kernel: Record<string, string>;
      }[];
    };
    expect([doc.cases, doc.agree]).toEqual([4, 4]);
    const same = doc.results.find((r) => r.id.endsWith('same-address-same-port'));
    expect(same?.kernel['inbound.fate']).toBe('delivered');
    expect(same?.model).toEqual(same?.kernel);
  }, 60_000);

  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s midway stops the run and leaves no namespace',
    async (signal) => {
      await requireNetns();
      const p = verifyProcess('--only', 'mapping');
      await until(() => /agree/.test(p.out()), 30_000);
      const pid = p.child.pid as number;
      expect((await ofPid(pid)).length).toBeGreaterThan(0);
      p.child.kill(signal);
      await p.closed;
      // The namespace registry tears down synchronously on the signal, then lets it end the
      // process as it would have (or, when the command saw it first, exit 1 saying so).
      if (p.signal() === null) expect(p.err()).toContain(`stopped by ${signal}`);
      else expect(p.signal()).toBe(signal);
      expect(await ofPid(pid)).toEqual([]);
    },
    60_000,
  );

  it('after a SIGKILL, netns down removes what the dead run left', async () => {
    await requireNetns();
    const p = verifyProcess('--only', 'mapping');
    await until(() => /agree/.test(p.out()), 30_000);
    const pid = p.child.pid as number;
    p.child.kill('SIGKILL');
    await p.closed;
    const left = await ofPid(pid);
    expect(left.length).toBe(7); // six, and the home host of the double NAT cases
    const r = await cli('netns', 'down', '--name', 'verifytest');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('namespaces of dead runs');
    for (const ns of left) expect(r.out).toContain(ns);
    expect(await ofPid(pid)).toEqual([]);
  }, 60_000);
});
