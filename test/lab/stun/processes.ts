/**
 * Test helpers for real peers and the real CLI: the CLI bundled once per file by esbuild (the
 * compiler tsx uses) so each run is a plain `node` start (~0.1 s, against tsx's ~1.5 s here); free
 * port pairs on both loopback addresses; long-running processes (stund, turnserver, the CLI's
 * stun-server) started without a shell and stopped by pid; a bounded wait until a STUN endpoint
 * answers; and the binary check that fails with the fix.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBinaries } from '../../../lab/netns/index.ts';
import { bindUdp } from '../../../lab/stun/dgram-transport.ts';
import { classify } from '../../../lab/stun/client.ts';
import { startStunServer } from '../../../lab/stun/server.ts';
import type { LabStunServer, LabStunServerOptions } from '../../../lab/stun/server.ts';
import type { Endpoint } from '../../../src/model/endpoint.ts';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { run } from '../../../lab/netns/exec.ts';
import type { ExecResult } from '../../../lab/netns/index.ts';

/** The two loopback addresses the loopback tests use as primary and alternate. */
export const LOOPBACK = { primary: '127.0.0.1', alternate: '127.0.0.2' } as const;

/** `stun-server` argv on the loopback pair, ports p and p+1, plus `extra` flags. */
export function stunServerArgs(p: number, ...extra: string[]): string[] {
  const { primary, alternate } = LOOPBACK;
  return [
    'stun-server',
    '--primary',
    primary,
    '--alternate',
    alternate,
    '--port',
    String(p),
    '--alt-port',
    String(p + 1),
    ...extra,
  ];
}

/** Our STUN server in this process on the loopback pair, ports p and p+1. */
export function startLoopbackServer(
  p: number,
  options: Partial<Pick<LabStunServerOptions, 'software' | 'onEvent'>> = {},
): Promise<LabStunServer> {
  const { primary, alternate } = LOOPBACK;
  return startStunServer({
    primaryIp: primary,
    alternateIp: alternate,
    primaryPort: p,
    alternatePort: p + 1,
    ...options,
  });
}

/** Throws "missing binaries: ... (run scripts/install-system-deps.sh as root)" when any is absent. */
export async function requirePeers(names: readonly string[]): Promise<void> {
  await requireBinaries(names);
}

/**
 * A port P such that P and P+1 are free, UDP and TCP, on both loopback addresses (checked by
 * binding).
 */
export async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const p = 20_000 + 2 * Math.floor(Math.random() * 19_000);
    const bound = [];
    const listening: Server[] = [];
    try {
      for (const ip of [LOOPBACK.primary, LOOPBACK.alternate]) {
        for (const port of [p, p + 1]) {
          bound.push(await bindUdp(ip, port));
          // coturn listens on TCP on the same ports: they must be free too.
          listening.push(await listenTcp(ip, port));
        }
      }
      return p;
    } catch {
      // taken: try another
    } finally {
      await Promise.all(bound.map((s) => new Promise<void>((r) => s.close(() => r()))));
      await Promise.all(listening.map((s) => new Promise<void>((r) => s.close(() => r()))));
    }
  }
  throw new Error('no free UDP and TCP port pair found on 127.0.0.1 and 127.0.0.2 in 50 attempts');
}

/** A TCP server listening on ip:port, or a rejection when the port is taken. */
function listenTcp(ip: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, ip, () => resolve(server));
  });
}

/** A child process in the root namespace. */
export interface Child {
  readonly pid: number;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout matches `pattern`; rejects after `timeoutMs` or when it exits. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<void>;
  /** Sends `signal` (default SIGTERM), then SIGKILL after 1 s; resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `argv` (no shell); resolves once it has a pid. */
export function startChild(argv: readonly string[]): Promise<Child> {
  const child = spawn(argv[0] as string, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  let done = false;
  void exited.then(() => (done = true));
  const waitFor = (pattern: RegExp, timeoutMs: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const started = Date.now();
      const tick = (): void => {
        if (pattern.test(out)) resolve();
        else if (done || Date.now() - started > timeoutMs) {
          reject(
            new Error(
              `${argv.join(' ')}: no ${String(pattern)} in ${timeoutMs} ms (stdout ${JSON.stringify(out)}, stderr ${JSON.stringify(err)})`,
            ),
          );
        } else setTimeout(tick, 20);
      };
      tick();
    });
  return new Promise((resolve, reject) => {
    child.once('error', (e) => reject(new Error(`cannot start ${argv[0]}: ${e.message}`)));
    child.once('spawn', () =>
      resolve({
        pid: child.pid as number,
        stdout: () => out,
        stderr: () => err,
        waitFor,
        async stop(signal = 'SIGTERM') {
          if (!done) child.kill(signal);
          const timer = setTimeout(() => child.kill('SIGKILL'), 1_000);
          const code = await exited;
          clearTimeout(timer);
          return code;
        },
      }),
    );
  });
}

/** Resolves once a STUN Binding request to `server` is answered; bounded by `timeoutMs`. */
export async function waitForStun(server: Endpoint, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await classify({ server, retransmit: { rto: 50, rc: 2, rm: 2 } }).catch(
      () => undefined,
    );
    if (r && r.mode === 'rfc3489' && r.verdict.external) return;
    if (Date.now() > deadline)
      throw new Error(`no STUN answer from ${server.ip}:${server.port} in ${timeoutMs} ms`);
  }
}

/** Starts Debian's `stund` on both loopback addresses, ports p and p+1. */
export async function startLoopbackStund(p: number): Promise<Child> {
  const { primary, alternate } = LOOPBACK;
  const argv = ['stund', '-h', primary, '-a', alternate, '-p', String(p), '-o', String(p + 1)];
  const child = await startChild(argv);
  await waitForStun({ ip: primary, port: p }).catch(async (e) => {
    await child.stop();
    throw e;
  });
  return child;
}

/** Starts coturn's `turnserver` (STUN only, RFC 5780 with two addresses) on loopback. */
export async function startLoopbackTurnserver(
  p: number,
): Promise<Child & { remove(): Promise<void> }> {
  const { primary, alternate } = LOOPBACK;
  const dir = await mkdtemp(join(tmpdir(), 'agujero-turnserver-'));
  const argv = [
    ...['turnserver', '-n', '-S', '-L', primary, '-L', alternate],
    ...['-p', String(p), '--alt-listening-port', String(p + 1)],
    ...['--no-tls', '--no-dtls', '--no-cli', '--log-file', 'stdout', '--simple-log'],
    ...['-b', join(dir, 'turndb'), '--pidfile', join(dir, 'turnserver.pid')],
  ];
  const child = await startChild(argv);
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    await waitForStun({ ip: primary, port: p }, 8_000);
    await waitForStun({ ip: alternate, port: p + 1 }, 8_000);
  } catch (e) {
    await child.stop();
    await remove();
    throw e;
  }
  return { ...child, remove };
}

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A bundled CLI: `argv(...)` is the command line that runs it. */
export interface CliBundle {
  readonly path: string;
  argv(...args: string[]): string[];
  /** Runs the CLI in the root namespace to completion. */
  run(args: readonly string[], timeoutMs?: number): Promise<ExecResult>;
  remove(): Promise<void>;
}

/** Bundles lab/cli.ts (and everything it imports) into one ES module in a temporary directory. */
export async function bundleCli(): Promise<CliBundle> {
  const dir = await mkdtemp(join(tmpdir(), 'agujero-cli-'));
  const path = join(dir, 'cli.mjs');
  await build({
    entryPoints: [join(ROOT, 'lab/cli.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: path,
    logLevel: 'error',
    // CommonJS dependencies (ws) require() Node's built-ins: give the ES module a require.
    banner: {
      js: "import { createRequire as __agujeroRequire } from 'node:module'; const require = __agujeroRequire(import.meta.url);",
    },
  });
  const argv = (...args: string[]): string[] => [process.execPath, path, ...args];
  return {
    path,
    argv,
    run: (args, timeoutMs = 10_000) => run(argv(...args), { timeoutMs }),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
