/**
 * The real-socket STUN lab benchmark: (a) NAT classification wall time, ours beside Debian's
 * `stun`, in Alice's namespace against `stund` on the same topology (every NAT recipe, INPUT
 * drop-new), median of a few runs, with the ratio ours / Debian, the verdicts compared, and the
 * same under 30% loss; (b) Binding answers per second on loopback from our stun-server (one
 * process, and one worker per core) and from coturn's `turnserver -S` under the same load
 * generator (bench/stun-load.mjs, a process of its own), bounded in time, with the CPU each side
 * used, and the ratio. Needs root
 * (namespaces) and the packages of scripts/install-system-deps.sh. Prints nothing; returns the numbers.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import {
  NAT_RECIPES,
  assertNetnsAvailable,
  buildTopology,
  parseStunClient,
  startStund,
} from '../lab/netns/index.ts';
import { run as runCommand } from '../lab/netns/exec.ts';
import type { NatRecipe, Topology } from '../lab/netns/index.ts';
import type { StunJson } from '../lab/commands/stun.ts';
import { agree, fromDebian, fromPystun, natTypeOf } from '../test/lab/stun/netns-observe.ts';
import {
  LOOPBACK,
  ROOT,
  freePortPair,
  startChild,
  startLoopbackTurnserver,
  stunServerArgs,
} from '../test/lab/stun/processes.ts';

const REPEATS = 7;
/** Server load: sockets, requests in flight per socket, measuring time, answer cap. */
const LOAD = { sockets: 4, window: 32, warmupMs: 500, measureMs: 2_000, maxAnswers: 1_000_000 };
/** Runs of ours per recipe with 30% loss each way on Alice's router. */
const LOSS_RUNS = 10;
/** The launcher a user runs (`agujero`), which starts `stun` from the code cache. */
const BIN = join(ROOT, 'bin', 'agujero.mjs');

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s[Math.floor(s.length / 2)] as number) * 10) / 10;
};

async function wall<T>(f: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await f();
  return [value, performance.now() - started];
}

/**
 * 30% loss each way on Alice's router: an nftables chain at the forward hook dropping UDP at
 * random (the kernel here has no netem). Returns the function that removes it.
 */
async function lossOnAliceRouter(t: Topology, percent: number): Promise<() => Promise<void>> {
  const table = [
    'table inet agujero_bench_loss {',
    '  chain lossy {',
    '    type filter hook forward priority -200; policy accept;',
    `    meta l4proto udp numgen random mod 100 < ${percent} drop`,
    '  }',
    '}',
  ].join('\n');
  const added = await t.exec('aliceNat', ['nft', '-f', '-'], { input: `${table}\n` });
  if (!added.ok) throw new Error(`cannot add the loss rule: ${added.stderr}`);
  return async () => {
    await t.exec('aliceNat', ['nft', 'delete', 'table', 'inet', 'agujero_bench_loss']);
  };
}

/** Classification times for one recipe: Debian stun, ours (process and in-process), RFC 5780. */
async function classifyTimes(t: Topology, recipe: NatRecipe): Promise<Record<string, number>> {
  await t.configureRouter('alice', { recipe, inputPolicy: 'drop-new' });
  const debian: number[] = [];
  const ours: number[] = [];
  const inside: number[] = [];
  const ours5780: number[] = [];
  const nodeStart: number[] = [];
  let agreed = 0;
  const stunArgv = (...flags: string[]) => [
    process.execPath,
    BIN,
    ...['stun', '-H', t.addr.serverPrimary, '--json', ...flags],
  ];
  const ourStun = async (...flags: string[]): Promise<[StunJson, number]> => {
    await t.flushConntrack();
    const [o, ms] = await wall(() => t.exec('alice', stunArgv(...flags), { timeoutMs: 10_000 }));
    if (o.code !== 0) throw new Error(`${recipe}: agujero stun exited ${o.code}: ${o.stderr}`);
    return [JSON.parse(o.stdout) as StunJson, ms];
  };
  let verdict = '';
  for (let i = 0; i < REPEATS; i++) {
    await t.flushConntrack();
    const [d, dMs] = await wall(() =>
      t.exec('alice', ['stun', t.addr.serverPrimary], { timeoutMs: 10_000 }),
    );
    debian.push(dMs);
    const [json, oMs] = await ourStun();
    ours.push(oMs);
    inside.push(json.durationMs);
    ours5780.push((await ourStun('--rfc5780'))[1]);
    const [, zero] = await wall(() => t.exec('alice', [process.execPath, '-e', '0']));
    nodeStart.push(zero);
    verdict = natTypeOf(json);
    if (agree(fromDebian(parseStunClient(d.stdout)), fromPystun(verdict))) agreed++;
  }
  // The same classification with 30% of UDP datagrams dropped each way by Alice's router.
  const removeLoss = await lossOnAliceRouter(t, 30);
  let lossRight = 0;
  const lossy: number[] = [];
  try {
    for (let i = 0; i < LOSS_RUNS; i++) {
      const [json, ms] = await ourStun();
      lossy.push(ms);
      if (natTypeOf(json) === verdict) lossRight++;
    }
  } finally {
    await removeLoss();
  }
  const ratio = (x: number[]): number => Math.round((median(x) / median(debian)) * 1000) / 1000;
  return {
    [`${recipe}: Debian stun, wall ms`]: median(debian),
    [`${recipe}: ours RFC 3489 (${verdict}), wall ms (agujero process)`]: median(ours),
    [`${recipe}: ours RFC 3489, classification ms (in process)`]: median(inside),
    [`${recipe}: ours RFC 5780, wall ms (agujero process)`]: median(ours5780),
    [`${recipe}: node -e 0 in the same namespace, wall ms (for scale)`]: median(nodeStart),
    [`${recipe}: runs where Debian's and our verdicts agree (of ${REPEATS})`]: agreed,
    [`${recipe}: ours / Debian, agujero process (target <= 0.1)`]: ratio(ours),
    [`${recipe}: ours / Debian, classification in process (target <= 0.1)`]: ratio(inside),
    [`${recipe}: 30% loss each way, runs with the loss-free verdict (of ${LOSS_RUNS})`]: lossRight,
    [`${recipe}: 30% loss each way, ours wall ms`]: median(lossy),
  };
}

/** (a) Ours vs Debian's stun on one namespace topology. */
export async function runClassification(): Promise<Record<string, number>> {
  await assertNetnsAvailable([
    'ip',
    'ss',
    'iptables',
    'nft',
    'conntrack',
    'sysctl',
    'stun',
    'stund',
  ]);
  // Built (and its code cache trained) before anything is timed.
  const built = await runCommand([process.execPath, join(ROOT, 'scripts', 'build-lab.mjs')], {
    timeoutMs: 60_000,
  });
  if (!built.ok) throw new Error(`cannot build the lab bundle: ${built.stderr}`);
  const t = await buildTopology({
    alice: { recipe: 'masquerade', inputPolicy: 'drop-new' },
    bob: { recipe: 'masquerade', inputPolicy: 'drop-new' },
  });
  try {
    const stund = await startStund(t);
    const out: Record<string, number> = {};
    for (const recipe of NAT_RECIPES) Object.assign(out, await classifyTimes(t, recipe));
    await stund.stop();
    return out;
  } finally {
    await t.teardown();
  }
}

/** CPU seconds used so far by `pid`, its threads and its child processes (cluster workers). */
function cpuSeconds(pid: number): number {
  const ticks = (p: number): number => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      return 0;
    }
  };
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .split(' ')
      .filter(Boolean)
      .map(Number);
  } catch {
    // no children
  }
  return [pid, ...children].reduce((sum, p) => sum + ticks(p), 0) / 100;
}

interface Load {
  readonly rate: number;
  /** Cores the generator and the server used while it ran. */
  readonly generatorCores: number;
  readonly serverCores: number;
}

/** Runs the load generator (its own process, bench/stun-load.mjs) against `port`. */
async function load(port: number, serverPid: number): Promise<Load> {
  const argv = [
    process.execPath,
    join(ROOT, 'bench', 'stun-load.mjs'),
    LOOPBACK.primary,
    String(port),
    String(LOAD.sockets),
    String(LOAD.window),
    String(LOAD.warmupMs),
    String(LOAD.measureMs),
  ];
  const cpu0 = cpuSeconds(serverPid);
  const started = performance.now();
  const r = await runCommand(argv, { timeoutMs: LOAD.warmupMs + LOAD.measureMs + 10_000 });
  const seconds = (performance.now() - started) / 1000;
  const serverCores = (cpuSeconds(serverPid) - cpu0) / seconds;
  if (!r.ok) throw new Error(`the load generator failed: ${r.stderr}`);
  const out = JSON.parse(r.stdout) as { answers: number; seconds: number; cores: number };
  return {
    rate: Math.round(out.answers / out.seconds),
    generatorCores: Math.round(out.cores * 100) / 100,
    serverCores: Math.round(serverCores * 100) / 100,
  };
}

const LOAD_LABEL = `loopback, ${LOAD.sockets} sockets x ${LOAD.window} in flight`;

/** Our stun-server (the agujero launcher, `workers` processes) under the load; its own count. */
async function ourRate(workers: string): Promise<Load & { own: number }> {
  const p = await freePortPair();
  const argv = [process.execPath, join(ROOT, 'bin', 'agujero.mjs'), ...stunServerArgs(p)];
  const server = await startChild([...argv, '--workers', workers]);
  let measured: Load;
  try {
    await server.waitFor(/listening/, 10_000);
    measured = await load(p, server.pid);
  } finally {
    await server.stop('SIGTERM');
  }
  const own = /stopped \(SIGTERM\): (\d+) received, (\d+) answered/.exec(server.stdout());
  if (!own) throw new Error(`stun-server printed no counts: ${server.stdout()} ${server.stderr()}`);
  return { ...measured, own: Number(own[2]) };
}

/** The same load against coturn's `turnserver -S` (STUN only) on loopback. */
async function coturnRate(): Promise<Load> {
  const p = await freePortPair();
  const coturn = await startLoopbackTurnserver(p);
  try {
    return await load(p, coturn.pid);
  } finally {
    await coturn.stop();
    await coturn.remove();
  }
}

/**
 * (b) Binding answers per second: ours with one process and with one worker per core, and
 * coturn, alternating, ROUNDS times each; the median round of each, with the CPU both sides used.
 */
export async function runServerRates(): Promise<Record<string, number>> {
  const ROUNDS = 3;
  const cores = String(availableParallelism());
  const runs: Record<string, Load[]> = { one: [], auto: [], coturn: [] };
  let own = 0;
  for (let i = 0; i < ROUNDS; i++) {
    runs.one!.push(await ourRate('1'));
    runs.coturn!.push(await coturnRate());
    const auto = await ourRate(cores);
    own = auto.own;
    runs.auto!.push(auto);
  }
  const mid = (xs: Load[]): Load => [...xs].sort((a, b) => a.rate - b.rate)[xs.length >> 1]!;
  const [one, auto, coturn] = [mid(runs.one!), mid(runs.auto!), mid(runs.coturn!)];
  // CPU per answer does not depend on how much of the machine the server was given.
  const rows = (name: string, l: Load): Record<string, number> => ({
    [`${name}: Binding answers per second (${LOAD_LABEL})`]: l.rate,
    [`${name}: CPU cores used by the server`]: l.serverCores,
    [`${name}: CPU cores used by the load generator`]: l.generatorCores,
    [`${name}: microseconds of server CPU per answer`]:
      Math.round((l.serverCores / l.rate) * 1e7) / 10,
  });
  return {
    ...rows('ours, stun-server --workers 1', one),
    ...rows(`ours, stun-server --workers ${cores}`, auto),
    [`ours, --workers ${cores}: requests answered in the last round (its own count)`]: own,
    ...rows('coturn turnserver -S', coturn),
    [`server: ours (--workers ${cores}) / coturn answers per second (target >= 1)`]:
      Math.round((auto.rate / coturn.rate) * 100) / 100,
    'server: ours (--workers 1) / coturn answers per second':
      Math.round((one.rate / coturn.rate) * 100) / 100,
  };
}

/** Both parts; throws (saying why) when namespaces or the peers are unavailable. */
export async function run(): Promise<Record<string, number>> {
  return { ...(await runClassification()), ...(await runServerRates()) };
}
