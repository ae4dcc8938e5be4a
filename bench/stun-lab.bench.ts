/**
 * The real-socket STUN lab benchmark: (a) NAT classification wall time, ours beside Debian's
 * `stun`, in Alice's namespace against `stund` on the same topology (every NAT recipe, INPUT
 * drop-new), median of 9 interleaved runs, ours (the whole `agujero stun` process) both as this
 * environment runs it and with NODE_EXTRA_CA_CERTS removed, `node -e 0` both ways, the ratios
 * ours / Debian, the verdicts compared, and the same under 30% loss; (b) Binding answers per
 * second on loopback from our stun-server beside coturn's `turnserver -S` and the floor of any
 * Node server, under the same load generator (bench/stun-server-rates.ts). Needs root
 * (namespaces) and the packages of scripts/install-system-deps.sh. Prints nothing; returns the numbers.
 */
import { loadavg } from 'node:os';
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
import { runServerRates } from './stun-server-rates.ts';
import { ROOT } from '../test/lab/stun/processes.ts';

/** Runs of each side per recipe in part (a), interleaved (medians). */
const REPEATS = 9;
/** Runs of ours per recipe with 30% loss each way on Alice's router. */
const LOSS_RUNS = 10;
/** The launcher a user runs (`agujero`), which starts `stun` from the code cache. */
const BIN = join(ROOT, 'bin', 'agujero.cjs');
/**
 * This machine's environment sets NODE_EXTRA_CA_CERTS, and Node 20 then parses that CA bundle
 * at every start, before any of our code runs (`node -e 0`: about 70 ms instead of 28 here). A
 * user's machine normally does not set it: part (a) times ours both ways.
 */
const CA_VAR = 'NODE_EXTRA_CA_CERTS';

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

/** Runs `f` with NODE_EXTRA_CA_CERTS removed from the environment its children inherit. */
async function withoutCaBundle<T>(f: () => Promise<T>): Promise<T> {
  const saved = process.env[CA_VAR];
  delete process.env[CA_VAR];
  try {
    return await f();
  } finally {
    if (saved !== undefined) process.env[CA_VAR] = saved;
  }
}

/**
 * Classification times for one recipe: Debian stun; ours as a process (as this environment
 * runs it, and without NODE_EXTRA_CA_CERTS), in process, RFC 5780; `node -e 0` both ways.
 */
async function classifyTimes(t: Topology, recipe: NatRecipe): Promise<Record<string, number>> {
  await t.configureRouter('alice', { recipe, inputPolicy: 'drop-new' });
  const load = Math.round(loadavg()[0]! * 100) / 100;
  const debian: number[] = [];
  const ours: number[] = [];
  const oursClean: number[] = [];
  const inside: number[] = [];
  const ours5780: number[] = [];
  const nodeStart: number[] = [];
  const nodeStartClean: number[] = [];
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
  const nodeZero = async (): Promise<number> =>
    (await wall(() => t.exec('alice', [process.execPath, '-e', '0'])))[1];
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
    const [clean, cleanMs] = await withoutCaBundle(() => ourStun());
    oursClean.push(cleanMs);
    ours5780.push((await ourStun('--rfc5780'))[1]);
    nodeStart.push(await nodeZero());
    nodeStartClean.push(await withoutCaBundle(nodeZero));
    verdict = natTypeOf(json);
    if (natTypeOf(clean) !== verdict)
      throw new Error(`${recipe}: ${natTypeOf(clean)} without ${CA_VAR}, ${verdict} with it`);
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
  // What ours adds to Node's own start, round by round (a burst of load slows both alike).
  const beyond = (x: number[], node: number[]): number => median(x.map((v, i) => v - node[i]!));
  const here = process.env[CA_VAR] ? `${CA_VAR} set, as in this environment` : `${CA_VAR} unset`;
  const clean = `${CA_VAR} removed`;
  return {
    [`${recipe}: load average (1 min) as its runs began (other jobs on this machine)`]: load,
    [`${recipe}: Debian stun, wall ms`]: median(debian),
    [`${recipe}: ours RFC 3489 (${verdict}), wall ms (agujero process, ${here})`]: median(ours),
    [`${recipe}: ours RFC 3489, wall ms (agujero process, ${clean})`]: median(oursClean),
    [`${recipe}: ours RFC 3489, classification ms (in process)`]: median(inside),
    [`${recipe}: ours RFC 5780, wall ms (agujero process, ${here})`]: median(ours5780),
    [`${recipe}: node -e 0 in the same namespace, wall ms (${here}; for scale)`]: median(nodeStart),
    [`${recipe}: node -e 0 in the same namespace, wall ms (${clean})`]: median(nodeStartClean),
    [`${recipe}: ours minus node -e 0 of the same round, wall ms (${here})`]: beyond(
      ours,
      nodeStart,
    ),
    [`${recipe}: ours minus node -e 0 of the same round, wall ms (${clean})`]: beyond(
      oursClean,
      nodeStartClean,
    ),
    [`${recipe}: runs where Debian's and our verdicts agree (of ${REPEATS})`]: agreed,
    [`${recipe}: ours / Debian, agujero process, ${here} (target <= 0.1)`]: ratio(ours),
    [`${recipe}: ours / Debian, agujero process, ${clean} (target <= 0.1)`]: ratio(oursClean),
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

export { runServerRates };

/** Both parts; throws (saying why) when namespaces or the peers are unavailable. */
export async function run(): Promise<Record<string, number>> {
  return { ...(await runClassification()), ...(await runServerRates()) };
}
