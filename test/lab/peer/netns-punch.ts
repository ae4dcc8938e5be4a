/**
 * Test and bench helpers for `punch` in network namespaces: the rendezvous responder bundled and
 * started in the Server's namespace, and Bob's and Alice's `agujero punch --json` run in theirs
 * at once, each to its exit, their JSON read back.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { ProcessHandle, Topology } from '../../../lab/netns/index.ts';
import { ROOT } from '../stun/processes.ts';
import type { CliBundle } from '../stun/processes.ts';

/** The rendezvous port the walkthrough's server uses. */
export const PORT = 9000;

const SERVER_MAIN = `
import { startRendezvous } from './lab/peer/rendezvous.ts';
const r = await startRendezvous({ host: process.argv[2], port: Number(process.argv[3]) });
process.on('SIGTERM', () => void r.stop().then(() => process.exit(0)));
console.log('listening');
`;

/** The responder as one ES module file; `remove()` deletes it. */
export async function bundleRendezvous(): Promise<{ path: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'agujero-rendezvous-'));
  const path = join(dir, 'rendezvous.mjs');
  await build({
    stdin: { contents: SERVER_MAIN, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: path,
    logLevel: 'error',
  });
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Starts the responder in the Server's namespace on its primary address. */
export async function startServerIn(t: Topology, bundle: string): Promise<ProcessHandle> {
  const h = await t.start('server', [process.execPath, bundle, t.addr.serverPrimary, String(PORT)]);
  await h.waitFor('listening', 5_000);
  return h;
}

/** What `punch --json` printed (the fields the tests read). */
export interface PunchJson {
  readonly ok: boolean;
  readonly reason?: { code: string; text: string };
  readonly knownAt?: number;
  readonly firstInAt?: number;
  readonly heardAt?: number;
  readonly inboundMs?: number;
  readonly outboundMs?: number;
  readonly chatIn?: string;
  readonly punches: number;
  readonly self?: { ip: string; port: number };
  readonly phases: readonly { phase: string; ms: number; text: string }[];
}

/** Runs Bob's and Alice's punch at once (Bob on 58888, Alice on 53333) and reads their JSON. */
export async function punchBoth(
  t: Topology,
  cli: CliBundle,
  extra: { bob?: string[]; alice?: string[]; timeoutS?: number } = {},
): Promise<{ bob: PunchJson; alice: PunchJson }> {
  const server = `${t.addr.serverPrimary}:${PORT}`;
  const timeout = String(extra.timeoutS ?? 3);
  const side = async (name: 'bob' | 'alice', peer: string, port: number, more: string[] = []) => {
    const argv = ['punch', '-s', server, '-n', name, '--peer', peer, '-p', String(port)];
    const h = await t.start(name, cli.argv(...argv, '--json', '-t', timeout, ...more));
    const timer = setTimeout(() => void h.kill(), (Number(timeout) * 2 + 10) * 1000);
    await h.exited;
    clearTimeout(timer);
    const line = h.stdout().trim().split('\n').at(-1) ?? '';
    try {
      return JSON.parse(line) as PunchJson;
    } catch {
      throw new Error(
        `${name}'s punch printed no JSON: stdout ${JSON.stringify(h.stdout())}, stderr ${JSON.stringify(h.stderr())}`,
      );
    }
  };
  const [bob, alice] = await Promise.all([
    side('bob', 'alice', 58888, extra.bob),
    side('alice', 'bob', 53333, extra.alice),
  ]);
  return { bob, alice };
}
