/**
 * The STUN server in several processes: node:cluster workers sharing the primary's four UDP
 * sockets (Node 20's dgram has no SO_REUSEPORT; a cluster worker's bind with exclusive false
 * gets the primary's socket, and the kernel hands each datagram to one of the readers). The
 * primary only coordinates: it forks the workers, waits until each listens, restarts one that
 * dies, and on stop asks each for its counts and adds them up. Workers ignore SIGINT and SIGTERM
 * (a Ctrl-C reaches the whole process group) and stop when the primary says so, or when it is
 * gone (their IPC channel closes).
 *
 *   primary ──fork──► worker × N ──ready──► primary prints where it listens
 *   SIGINT/SIGTERM ► primary ──stop──► each worker ──counts──► primary prints their sum
 */
import cluster from 'node:cluster';
import type { Worker } from 'node:cluster';
import type { StunIgnoreCause } from '../../src/model/stun/server.ts';
import type { LabStunServer, StunServerCounts } from './server.ts';

/** Set in a worker's environment by the primary: this process serves, as worker N. */
export const WORKER_ENV = 'AGUJERO_STUN_WORKER';
/** Most restarts of workers that died, over the server's life. */
const MAX_RESTARTS = 10;
/** How long a worker may take to hand its counts over when asked to stop. */
const STOP_MS = 3_000;

type FromWorker =
  | { readonly agujero: 'ready'; readonly endpoints: string }
  | { readonly agujero: 'failed'; readonly message: string }
  | { readonly agujero: 'counts'; readonly counts: StunServerCounts };
type ToWorker = { readonly agujero: 'stop' };

/** True in a process the primary forked to serve. */
export function isServerWorker(): boolean {
  return cluster.isWorker && process.env[WORKER_ENV] !== undefined;
}

/** The sum of several servers' counts. */
export function addCounts(all: readonly StunServerCounts[]): StunServerCounts {
  const ignoredBy: Partial<Record<StunIgnoreCause, number>> = {};
  const sum = { received: 0, answered: 0, ignored: 0, sendErrors: 0 };
  for (const c of all) {
    sum.received += c.received;
    sum.answered += c.answered;
    sum.ignored += c.ignored;
    sum.sendErrors += c.sendErrors;
    for (const [cause, n] of Object.entries(c.ignoredBy) as [StunIgnoreCause, number][]) {
      ignoredBy[cause] = (ignoredBy[cause] ?? 0) + n;
    }
  }
  return { ...sum, ignoredBy };
}

/**
 * A worker's life, once its server listens (or failed to): tells the primary, then serves until
 * the primary says stop (or is gone); hands its counts over and resolves.
 */
export async function serveAsWorker(start: () => Promise<LabStunServer>): Promise<void> {
  const send = (m: FromWorker): Promise<void> =>
    new Promise((resolve) => {
      if (!process.connected) resolve();
      else process.send!(m, undefined, {}, () => resolve());
    });
  let server: LabStunServer;
  try {
    server = await start();
  } catch (e) {
    await send({ agujero: 'failed', message: e instanceof Error ? e.message : String(e) });
    throw e;
  }
  const ignore = (): void => {};
  process.on('SIGINT', ignore);
  process.on('SIGTERM', ignore);
  await send({ agujero: 'ready', endpoints: server.endpoints.length.toString() });
  await new Promise<void>((resolve) => {
    process.on('message', (m: ToWorker) => m?.agujero === 'stop' && resolve());
    process.once('disconnect', () => resolve());
  });
  await server.stop();
  await send({ agujero: 'counts', counts: server.counts() });
  process.off('SIGINT', ignore);
  process.off('SIGTERM', ignore);
  if (process.connected) process.disconnect();
}

/** Workers running under this primary. */
export interface ServerWorkers {
  /** Asks every worker to stop; resolves with the sum of their counts. */
  stop(): Promise<StunServerCounts>;
}

/**
 * Forks `n` workers running this same command line (argv as given to the CLI) and resolves once
 * every one listens; rejects with the first worker's error (the others are stopped). `onNote`
 * hears about restarts.
 */
export async function startWorkers(
  n: number,
  onNote: (line: string) => void,
): Promise<ServerWorkers> {
  const live = new Set<Worker>();
  const counts: StunServerCounts[] = [];
  let stopping = false;
  let restarts = 0;
  const fork = (id: number): Promise<Worker> =>
    new Promise((resolve, reject) => {
      const worker = cluster.fork({ [WORKER_ENV]: String(id) });
      live.add(worker);
      let ready = false;
      worker.on('message', (m: FromWorker) => {
        if (m?.agujero === 'ready') {
          ready = true;
          resolve(worker);
        } else if (m?.agujero === 'failed') reject(new Error(m.message));
        else if (m?.agujero === 'counts') counts.push(m.counts);
      });
      worker.on('exit', (code, signal) => {
        live.delete(worker);
        if (!ready) reject(new Error(`worker ${id} exited before listening (${signal ?? code})`));
        else if (!stopping && restarts < MAX_RESTARTS) {
          restarts++;
          onNote(`worker ${id} exited (${signal ?? code}); starting another\n`);
          void fork(id).catch((e: Error) =>
            onNote(`worker ${id} could not restart: ${e.message}\n`),
          );
        }
      });
    });
  const stopAll = async (): Promise<void> => {
    stopping = true;
    const stops = [...live].map(
      (w) =>
        new Promise<void>((resolve) => {
          // Done once its counts are in and it has exited (or after STOP_MS, killed).
          let counted = false;
          let exited = false;
          const timer = setTimeout(() => {
            w.process.kill('SIGKILL');
            resolve();
          }, STOP_MS);
          const check = (): void => {
            if (counted && exited) {
              clearTimeout(timer);
              resolve();
            }
          };
          w.on('message', (m: FromWorker) => {
            if (m?.agujero === 'counts') {
              counted = true;
              check();
            }
          });
          w.once('exit', () => {
            exited = true;
            // A worker that exits without counts has none to give.
            counted ||= !w.isConnected();
            check();
          });
          if (w.isConnected()) w.send({ agujero: 'stop' } satisfies ToWorker);
          else w.process.kill('SIGKILL');
        }),
    );
    await Promise.all(stops);
  };
  try {
    await Promise.all(Array.from({ length: n }, (_, i) => fork(i + 1)));
  } catch (e) {
    await stopAll();
    throw e;
  }
  return {
    async stop() {
      await stopAll();
      return addCounts(counts);
    },
  };
}
