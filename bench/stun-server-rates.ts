/**
 * Part (b) of the real-socket STUN benchmark (bench/stun-lab.bench.ts): Binding answers per
 * second on loopback from our stun-server (one process, and one worker per core), coturn's
 * `turnserver -S`, and the floor of any Node server (bench/stun-floor.mjs, bare and with a send
 * callback), all under the same load generator (bench/stun-load.mjs, a process of its own). Every
 * server process is pinned to one core and the generator to the other; the servers are started
 * once and loaded in turn, rounds in a rotating order, bounded in time (about 55 s). Per side:
 * the median answers per second, the cores each side used, the server's user and system CPU per
 * answer apart, the generator's, and the rounds where each side used its whole core; the ratios.
 * Needs root (taskset of other processes) and coturn. Prints nothing; returns the numbers.
 *
 *   core 1: ours -w1 | coturn | floor | floor+cb | ours -wN     (idle but when loaded)
 *   core 0: stun-load.mjs ──4 sockets x 32 in flight──► one of them, then the next
 */
import { readFileSync, readdirSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { requireBinaries } from '../lab/netns/index.ts';
import { run as runCommand } from '../lab/netns/exec.ts';
import { LOOPBACK, ROOT } from '../test/lab/stun/processes.ts';
import { coturnServer, floorServer, ourServer } from './stun-subjects.ts';
import type { Subject } from './stun-subjects.ts';

/** Server load: sockets, requests in flight per socket, warm-up and measuring ms, rounds. */
const LOAD = { sockets: 4, window: 32, warmupMs: 400, measureMs: 1_500, rounds: 5 };
/** Cores of part (b): every server process on one, the load generator alone on another. */
const PIN = availableParallelism() >= 2 ? { server: 1, generator: 0 } : undefined;
const PIN_LABEL = PIN
  ? `server on core ${PIN.server}, generator on core ${PIN.generator}`
  : 'one core: not pinned';
const LOAD_LABEL = `loopback, ${LOAD.sockets} sockets x ${LOAD.window} in flight, ${PIN_LABEL}, median of ${LOAD.rounds} rounds`;
/** A side "used its core" in a round when it ran at least this share of it. */
const SATURATED = 0.9;

/** The pids of every process under `pid` (cluster workers), from /proc. */
function descendants(pid: number): number[] {
  const out: number[] = [];
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out; // gone
  }
  for (const t of tasks) {
    try {
      for (const c of readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').split(' ')) {
        if (c.trim() !== '') out.push(Number(c), ...descendants(Number(c)));
      }
    } catch {
      // gone
    }
  }
  return out;
}

/** Pins `pid`, every thread of it and every process under it to `core` (taskset). */
async function pinTree(pid: number, core: number): Promise<void> {
  for (const p of [pid, ...descendants(pid)]) {
    const r = await runCommand(['taskset', '-a', '-c', '-p', String(core), String(p)]);
    if (!r.ok) throw new Error(`cannot pin process ${p} to core ${core}: ${r.stderr}`);
  }
}

/** One round of the load against one server, per answer where it says so. */
interface Round {
  readonly rate: number;
  /** Cores the generator and the server (every thread and worker) used over the window. */
  readonly generatorCores: number;
  readonly serverCores: number;
  /** Microseconds of CPU per answer: the server's user and system time, the generator's. */
  readonly userUs: number;
  readonly systemUs: number;
  readonly generatorUs: number;
}

/**
 * Runs the load generator (its own process, bench/stun-load.mjs, pinned) against `port`; it
 * reads the server's CPU from /proc over exactly its measuring window.
 */
async function load(port: number, serverPid: number): Promise<Round> {
  const argv = [
    ...(PIN ? ['taskset', '-c', String(PIN.generator)] : []),
    process.execPath,
    join(ROOT, 'bench', 'stun-load.mjs'),
    LOOPBACK.primary,
    String(port),
    String(LOAD.sockets),
    String(LOAD.window),
    String(LOAD.warmupMs),
    String(LOAD.measureMs),
    String(serverPid),
  ];
  const r = await runCommand(argv, { timeoutMs: LOAD.warmupMs + LOAD.measureMs + 10_000 });
  if (!r.ok) throw new Error(`the load generator failed: ${r.stderr}`);
  const o = JSON.parse(r.stdout) as {
    answers: number;
    seconds: number;
    cores: number;
    user: number;
    system: number;
    server: { user: number; system: number };
  };
  if (o.answers === 0) throw new Error(`no answers from the server on port ${port}`);
  const us = (seconds: number): number => (seconds / o.answers) * 1e6;
  return {
    rate: o.answers / o.seconds,
    generatorCores: o.cores,
    serverCores: (o.server.user + o.server.system) / o.seconds,
    userUs: us(o.server.user),
    systemUs: us(o.server.system),
    generatorUs: us(o.user + o.system),
  };
}

/** The median (the mean of the middle two for an even count). */
const middle = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** A side's rows: medians over its rounds, and how many rounds each side used its core. */
function sideRows(name: string, rounds: readonly Round[]): Record<string, number> {
  const m = (f: (r: Round) => number): number => middle(rounds.map(f));
  const n = rounds.length;
  return {
    [`${name}: Binding answers per second (${LOAD_LABEL})`]: Math.round(m((r) => r.rate)),
    [`${name}: CPU cores used by the server`]: round(
      m((r) => r.serverCores),
      2,
    ),
    [`${name}: CPU cores used by the load generator`]: round(
      m((r) => r.generatorCores),
      2,
    ),
    [`${name}: microseconds of server CPU per answer`]: round(
      m((r) => r.userUs + r.systemUs),
      2,
    ),
    [`${name}: microseconds of server user CPU per answer (its own process: Node and our code, or coturn)`]:
      round(
        m((r) => r.userUs),
        2,
      ),
    [`${name}: microseconds of server system CPU per answer (kernel: receive, send, loopback delivery)`]:
      round(
        m((r) => r.systemUs),
        2,
      ),
    [`${name}: microseconds of load-generator CPU per answer`]: round(
      m((r) => r.generatorUs),
      2,
    ),
    [`${name}: rounds where the load generator used >= ${SATURATED} of its core (of ${n})`]:
      rounds.filter((r) => r.generatorCores >= SATURATED).length,
    [`${name}: rounds where the server used >= ${SATURATED} of its core (of ${n})`]: rounds.filter(
      (r) => r.serverCores >= SATURATED,
    ).length,
  };
}

/**
 * (b) Binding answers per second under the same load generator: ours with one process and with
 * one worker per core, coturn, and the floor of any Node server (bare, and with the send callback
 * ours needs to count send errors), each started once and loaded in
 * turn, LOAD.rounds rounds (the order rotating each round), every server process pinned to one
 * core and the generator to the other; per side the median round: answers per second, the cores
 * each side used, the server's user and system CPU per answer, the generator's, and how many
 * rounds each side used its whole core; the ratios of the medians.
 */
export async function runServerRates(): Promise<Record<string, number>> {
  await requireBinaries(['turnserver', 'taskset']);
  const cores = availableParallelism();
  const load1 = loadavg()[0]!;
  const subjects: Subject[] = [];
  const printed = new Map<string, string>();
  const rounds = new Map<string, Round[]>();
  try {
    subjects.push(await ourServer(1), await coturnServer(), await floorServer(false));
    subjects.push(await floorServer(true), await ourServer(cores));
    if (PIN) for (const s of subjects) await pinTree(s.pid, PIN.server);
    for (let i = 0; i < LOAD.rounds; i++) {
      for (let k = 0; k < subjects.length; k++) {
        const s = subjects[(i + k) % subjects.length]!;
        rounds.set(s.name, [...(rounds.get(s.name) ?? []), await load(s.port, s.pid)]);
      }
    }
  } finally {
    for (const s of subjects) printed.set(s.name, await s.stop());
  }
  const [ours, coturn, floor, floorCallback, oursN] = subjects.map((s) =>
    rounds.get(s.name)!,
  ) as Round[][];
  const rate = (rs: readonly Round[]): number => middle(rs.map((r) => r.rate));
  const cpu = (rs: readonly Round[]): number => middle(rs.map((r) => r.userUs + r.systemUs));
  // With a whole core each, the side that needs more CPU per answer sets the pace.
  const capacity = (rs: readonly Round[]): number =>
    1 / Math.max(cpu(rs), middle(rs.map((r) => r.generatorUs)));
  const nameN = subjects[4]!.name;
  const own = /stopped \(SIGTERM\): (\d+) received, (\d+) answered/.exec(printed.get(nameN) ?? '');
  if (!own) throw new Error(`stun-server printed no counts: ${printed.get(nameN)}`);
  return {
    'server (b): load average (1 min) when it started': round(load1, 2),
    ...sideRows(subjects[0]!.name, ours!),
    ...sideRows(subjects[1]!.name, coturn!),
    ...sideRows(subjects[2]!.name, floor!),
    ...sideRows(subjects[3]!.name, floorCallback!),
    ...sideRows(nameN, oursN!),
    [`ours, --workers ${cores}: requests answered over every round and warm-up (its own count)`]:
      Number(own[2]),
    'server: ours (--workers 1) / coturn, median answers per second (target >= 1)': round(
      rate(ours!) / rate(coturn!),
      3,
    ),
    [`server: rounds where ours (--workers 1) answered at least as many per second as coturn (of ${LOAD.rounds})`]:
      ours!.filter((r, i) => r.rate >= coturn![i]!.rate).length,
    'server: ours (--workers 1) / coturn, answers per second of server CPU': round(
      cpu(coturn!) / cpu(ours!),
      3,
    ),
    'server: ours (--workers 1) / coturn, answers per second their CPU allows with a whole core for each side (1 / the larger of server and generator microseconds per answer)':
      round(capacity(ours!) / capacity(coturn!), 3),
    'server: floor (a bare node:dgram answerer) / coturn, median answers per second': round(
      rate(floor!) / rate(coturn!),
      3,
    ),
    [`server: ours (--workers ${cores}, every worker on core ${PIN?.server ?? 0}) / coturn, median answers per second`]:
      round(rate(oursN!) / rate(coturn!), 3),
  };
}
