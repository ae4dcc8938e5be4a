/**
 * The servers bench (d)'s rate part compares, each started once as a process of its own and
 * kept running (idle but when loaded) until stopped: our stun-server from the agujero launcher
 * with N workers, the floor of any Node server (bench/stun-floor.mjs, bare or with the send
 * callback ours has), and coturn's `turnserver -S`, each on a free loopback port pair.
 */
import { join } from 'node:path';
import {
  LOOPBACK,
  ROOT,
  freePortPair,
  startChild,
  startLoopbackTurnserver,
  stunServerArgs,
} from '../test/lab/stun/processes.ts';

/** A server under test, running (idle but between its rounds) for the whole of part (b). */
export interface Subject {
  readonly name: string;
  readonly port: number;
  readonly pid: number;
  /** Stops it; resolves with what it printed on stdout. */
  stop(): Promise<string>;
}

/** A server started as a child process that prints /listening/ once bound. */
async function childServer(name: string, argv: string[], port: number): Promise<Subject> {
  const child = await startChild(argv);
  try {
    await child.waitFor(/listening/, 10_000);
  } catch (e) {
    await child.stop('SIGTERM');
    throw e;
  }
  return {
    name,
    port,
    pid: child.pid,
    async stop() {
      await child.stop('SIGTERM');
      return child.stdout();
    },
  };
}

/** Our stun-server from the agujero launcher, `workers` processes. */
export async function ourServer(workers: number): Promise<Subject> {
  const p = await freePortPair();
  const argv = [process.execPath, join(ROOT, 'bin', 'agujero.cjs'), ...stunServerArgs(p)];
  return childServer(
    `ours, stun-server --workers ${workers}`,
    [...argv, '--workers', String(workers)],
    p,
  );
}

/**
 * The floor: the least a Node server can do per datagram (bench/stun-floor.mjs); with
 * `callback`, plus the send callback ours has to count send errors.
 */
export async function floorServer(callback: boolean): Promise<Subject> {
  const p = await freePortPair();
  const argv = [process.execPath, join(ROOT, 'bench', 'stun-floor.mjs'), LOOPBACK.primary];
  return callback
    ? childServer('floor, with a send callback', [...argv, String(p), 'callback'], p)
    : childServer('floor, a bare node:dgram answerer', [...argv, String(p)], p);
}

/** coturn's `turnserver -S` (STUN only) on loopback. */
export async function coturnServer(): Promise<Subject> {
  const p = await freePortPair();
  const coturn = await startLoopbackTurnserver(p);
  return {
    name: 'coturn turnserver -S',
    port: p,
    pid: coturn.pid,
    async stop() {
      await coturn.stop();
      await coturn.remove();
      return coturn.stdout();
    },
  };
}
