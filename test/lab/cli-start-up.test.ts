/**
 * What a cold `agujero stun` does before and after its classification, guarded without a clock:
 * the launcher (bin/agujero.cjs) loads, as CommonJS modules, only itself and
 * scripts/lab-runtime.cjs (not the build code, not the ES module bundle); none of Node's built-in
 * modules it has no use for (node:crypto, node:dns, perf_hooks, node:module and the ES module
 * loader, esbuild's child_process spawn aside); and it ends by process.exit once its output is
 * written, so Node's 'beforeExit' (the event loop running dry) never comes, with every byte of
 * the output delivered. A preloaded script (node -r) records all of it when the process exits.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../lab/netns/exec.ts';
import type { LabStunServer } from '../../lab/stun/server.ts';
import { ROOT, freePortPair, startLoopbackServer } from './stun/processes.ts';

const BIN = `${ROOT}bin/agujero.cjs`;
const HEX = '000100002112a442b7e7a701bc34d686fa87dfae';

/** Built-in modules a code-cached `stun` must not load (each costs its start-up time). */
const UNWANTED = [
  'NativeModule crypto', // transaction ids come from /dev/urandom (lab/stun/random-bytes.ts)
  'NativeModule dns', // every address is a literal (literalLookup)
  'NativeModule perf_hooks', // the clock is process.hrtime (lab/stun/monotonic.ts)
  'NativeModule internal/modules/esm/module_job', // no ES module is imported
  // The bundle is given the launcher's require, not one from node:module's createRequire,
  // which would load the ES module loader too (loadCached in scripts/lab-runtime.cjs).
  'NativeModule module',
  'NativeModule internal/modules/esm/loader',
  'NativeModule internal/fs/promises',
  'NativeModule worker_threads',
];

interface Record {
  readonly code: number;
  readonly beforeExit: boolean;
  readonly builtins: readonly string[];
  readonly files: readonly string[];
}

let dir = '';
let server: LabStunServer | undefined;
let port = 0;

beforeAll(async () => {
  const built = await run([process.execPath, `${ROOT}scripts/build-lab.mjs`, '--if-stale'], {
    timeoutMs: 60_000,
  });
  expect(built.ok, built.stderr).toBe(true);
  dir = await mkdtemp(join(tmpdir(), 'agujero-start-up-'));
  port = await freePortPair();
  server = await startLoopbackServer(port);
});

afterAll(async () => {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs `agujero ...args` with a preload that writes what the process loaded to a file. */
async function traced(args: readonly string[]): Promise<[Awaited<ReturnType<typeof run>>, Record]> {
  const out = join(dir, `trace-${args.join('-').replace(/[^a-z0-9-]/gi, '')}.json`);
  const preload = join(dir, 'trace.cjs');
  await writeFile(
    preload,
    [
      'const before = new Set(process.moduleLoadList);',
      'let beforeExit = false;',
      "process.on('beforeExit', () => { beforeExit = true; });",
      "process.on('exit', (code) => {",
      "  require('node:fs').writeFileSync(process.env.AGUJERO_TRACE, JSON.stringify({",
      '    code, beforeExit,',
      '    builtins: process.moduleLoadList.filter((m) => !before.has(m)),',
      '    files: Object.keys(require.cache).filter((f) => f !== __filename),',
      '  }));',
      '});',
    ].join('\n'),
  );
  process.env.AGUJERO_TRACE = out;
  try {
    const r = await run([process.execPath, '-r', preload, BIN, ...args], { timeoutMs: 10_000 });
    return [r, JSON.parse(await readFile(out, 'utf8')) as Record];
  } finally {
    delete process.env.AGUJERO_TRACE;
  }
}

describe('a cold agujero stun', () => {
  it.each([
    ['RFC 3489, --json', () => ['stun', '-H', '127.0.0.1', '-P', String(port), '--json'], 0],
    ['RFC 5780', () => ['stun', '-H', '127.0.0.1', '-P', String(port), '--rfc5780'], 0],
    ['decode', () => ['stun', 'decode', HEX], 0],
    ['a bad flag', () => ['stun', '--rto', 'soon'], 2],
  ] as const)('%s: loads only what it uses and exits at once', async (_name, args, code) => {
    const [r, trace] = await traced(args());
    expect(r.code, r.stderr).toBe(code);
    expect(trace.code).toBe(code);
    expect(trace.beforeExit).toBe(false);
    expect([...trace.files].sort()).toEqual([BIN, `${ROOT}scripts/lab-runtime.cjs`].sort());
    for (const name of UNWANTED) expect(trace.builtins).not.toContain(name);
    if (code === 2) expect(r.stderr).toMatch(/^stun: --rto: "soon" is not/);
    else expect(r.stdout.length).toBeGreaterThan(20);
  });

  it('prints the whole JSON object before it exits', async () => {
    const [r] = await traced(['stun', '-H', '127.0.0.1', '-P', String(port), '--json']);
    const json = JSON.parse(r.stdout) as { verdict: { natType: string } };
    expect(json.verdict.natType).toBe('Open Internet');
  });

  it('loads the ES module bundle for the other commands, which end when their work does', async () => {
    const [r, trace] = await traced(['--version']);
    expect(r.stdout).toMatch(/^agujero \d+\.\d+\.\d+\n$/);
    expect(trace.beforeExit).toBe(true);
    expect(trace.builtins).toContain('NativeModule internal/modules/esm/module_job');
  });
});
