/**
 * The real-socket STUN lab benchmark: (a) NAT classification wall time, ours beside Debian's
 * `stun`, in Alice's namespace against `stund` on the same topology (every NAT recipe, INPUT
 * drop-new), median of a few runs, with the ratio ours / Debian; (b) Binding answers per second
 * on loopback from our stun-server and from coturn's `turnserver -S` under the same load
 * generator, each in its own process, bounded in time and count, and the ratio. Needs root
 * (namespaces) and the packages of scripts/install-system-deps.sh. Prints nothing; returns the numbers.
 */
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
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
import { encodeMessage, unwrap } from '../src/model/stun/index.ts';
import type { StunJson } from '../lab/commands/stun.ts';
import { agree, fromDebian, fromPystun, natTypeOf } from '../test/lab/stun/netns-observe.ts';
import {
  LOOPBACK,
  ROOT,
  bundleCli,
  freePortPair,
  startChild,
  startLoopbackTurnserver,
  stunServerArgs,
} from '../test/lab/stun/processes.ts';
import type { CliBundle } from '../test/lab/stun/processes.ts';

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

/** Keeps `window` Binding requests in flight on each socket; counts answers. */
async function load(server: {
  ip: string;
  port: number;
}): Promise<{ answers: number; seconds: number }> {
  const request = unwrap(
    encodeMessage({
      class: 'request',
      method: 1,
      transactionId: new Uint8Array(randomBytes(12)),
      attributes: [],
    }),
  );
  const sockets: Socket[] = [];
  let answers = 0;
  let counting = false;
  const lastAnswer: number[] = [];
  for (let i = 0; i < LOAD.sockets; i++) {
    const s = createSocket('udp4');
    await new Promise<void>((r) => s.bind(0, LOOPBACK.primary, () => r()));
    s.on('message', () => {
      if (counting) answers++;
      lastAnswer[i] = performance.now();
      s.send(request, server.port, server.ip);
    });
    sockets.push(s);
  }
  const burst = (s: Socket) => {
    for (let k = 0; k < LOAD.window; k++) s.send(request, server.port, server.ip);
  };
  sockets.forEach(burst);
  // Lost datagrams shrink the window: refill a socket that has heard nothing for 50 ms.
  const refill = setInterval(() => {
    const now = performance.now();
    sockets.forEach((s, i) => now - (lastAnswer[i] ?? 0) > 50 && burst(s));
  }, 25);
  await new Promise((r) => setTimeout(r, LOAD.warmupMs));
  counting = true;
  const started = performance.now();
  while (performance.now() - started < LOAD.measureMs && answers < LOAD.maxAnswers) {
    await new Promise((r) => setTimeout(r, 20));
  }
  counting = false;
  const seconds = (performance.now() - started) / 1000;
  clearInterval(refill);
  await Promise.all(sockets.map((s) => new Promise<void>((r) => s.close(() => r()))));
  return { answers, seconds };
}

const LOAD_LABEL = `loopback, ${LOAD.sockets} sockets x ${LOAD.window} in flight`;

/** (b) Binding answers per second from our stun-server (its own process) on loopback. */
export async function runServerRate(cli: CliBundle): Promise<Record<string, number>> {
  const p = await freePortPair();
  const { primary } = LOOPBACK;
  const server = await startChild(cli.argv(...stunServerArgs(p)));
  let measured: { answers: number; seconds: number };
  try {
    await server.waitFor(/listening/, 5_000);
    measured = await load({ ip: primary, port: p });
  } finally {
    await server.stop('SIGTERM');
  }
  const own = /stopped \(SIGTERM\): (\d+) received, (\d+) answered/.exec(server.stdout());
  if (!own) throw new Error(`stun-server printed no counts: ${server.stdout()} ${server.stderr()}`);
  const { answers, seconds } = measured;
  return {
    [`server: Binding answers per second (${LOAD_LABEL})`]: Math.round(answers / seconds),
    'server: answers counted by the client while measuring': answers,
    'server: seconds measured': Math.round(seconds * 100) / 100,
    "server: requests answered in all (server's own count)": Number(own[2]),
  };
}

/** (b) The same load against coturn's `turnserver -S` (STUN only) on loopback. */
export async function runCoturnRate(): Promise<Record<string, number>> {
  const p = await freePortPair();
  const coturn = await startLoopbackTurnserver(p);
  let measured: { answers: number; seconds: number };
  try {
    measured = await load({ ip: LOOPBACK.primary, port: p });
  } finally {
    await coturn.stop();
    await coturn.remove();
  }
  return {
    [`coturn turnserver -S: Binding answers per second (${LOAD_LABEL})`]: Math.round(
      measured.answers / measured.seconds,
    ),
  };
}

/** Both parts; throws (saying why) when namespaces or the peers are unavailable. */
export async function run(): Promise<Record<string, number>> {
  const cli = await bundleCli();
  try {
    const ours = await runServerRate(cli);
    const coturn = await runCoturnRate();
    const rate = (r: Record<string, number>): number =>
      Object.entries(r).find(([k]) => k.includes('answers per second'))![1];
    return {
      ...(await runClassification()),
      ...ours,
      ...coturn,
      'server: ours / coturn answers per second (target >= 1)':
        Math.round((rate(ours) / rate(coturn)) * 100) / 100,
    };
  } finally {
    await cli.remove();
  }
}
