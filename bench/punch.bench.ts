/**
 * The punch benchmark, in namespaces with real NAT: the time from "both know the peer" (the later
 * of the two sides learning the other's public endpoint) to the first packet each way, from the
 * two `agujero punch --json` processes' epoch-ms timestamps (one machine, one clock), beside the
 * round trip through a NAT (register -> seen, timed from Alice's namespace). Target: each way
 * within 1 RTT + 5 ms. Needs root. Prints nothing; returns the numbers.
 */
import { assertNetnsAvailable, buildTopology } from '../lab/netns/index.ts';
import type { RouterNat, Topology } from '../lab/netns/index.ts';
import { bundleCli } from '../test/lab/stun/processes.ts';
import type { CliBundle } from '../test/lab/stun/processes.ts';
import { PORT, bundleRendezvous, punchBoth, startServerIn } from '../test/lab/peer/netns-punch.ts';

const RUNS = 5;
const CASES: readonly { label: string; bob: RouterNat; alice: RouterNat }[] = [
  {
    label: 'port-restricted x port-restricted (INPUT drop)',
    bob: { recipe: 'masquerade', inputPolicy: 'drop-new' },
    alice: { recipe: 'masquerade', inputPolicy: 'drop-new' },
  },
  {
    label: 'full cone x restricted cone',
    bob: { recipe: 'full-cone', inputPolicy: 'drop-new' },
    alice: { recipe: 'restricted-cone', inputPolicy: 'drop-new' },
  },
];

/** Times `register` -> `seen` from Alice's namespace: median of 20, in ms. */
const RTT_SCRIPT = `
const s = require('node:dgram').createSocket('udp4');
const times = []; let t0 = 0;
s.on('message', () => { times.push(performance.now() - t0); next(); });
function next() {
  if (times.length === 20) { times.sort((a, b) => a - b); console.log(times[10]); s.close(); return; }
  t0 = performance.now(); s.send('register rtt-probe', Number(process.argv[2]), process.argv[1]);
}
setTimeout(() => process.exit(1), 5000).unref();
next();
`;

async function rttMs(t: Topology): Promise<number> {
  const r = await t.mustExec('alice', [
    process.execPath,
    '-e',
    RTT_SCRIPT,
    t.addr.serverPrimary,
    String(PORT),
  ]);
  return Number(r.stdout.trim());
}

const round = (x: number): number => Math.round(x * 100) / 100;
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return round(s[Math.floor(s.length / 2)] as number);
};

async function runCase(
  cli: CliBundle,
  rendezvous: string,
  c: (typeof CASES)[number],
): Promise<Record<string, number>> {
  const t = await buildTopology({ bob: c.bob, alice: c.alice });
  try {
    const server = await startServerIn(t, rendezvous);
    const rtt = await rttMs(t);
    const toAlice: number[] = [];
    const toBob: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await t.flushConntrack();
      const r = await punchBoth(t, cli);
      const { bob, alice } = r;
      if (!bob.ok || !alice.ok || !bob.knownAt || !alice.knownAt) {
        throw new Error(`${c.label}: punch failed: ${bob.reason?.text ?? alice.reason?.text}`);
      }
      const both = Math.max(bob.knownAt, alice.knownAt);
      toAlice.push((alice.firstInAt as number) - both);
      toBob.push((bob.firstInAt as number) - both);
    }
    await server.kill();
    const worst = Math.max(...toAlice, ...toBob);
    return {
      [`${c.label}: RTT through a NAT (ms, median of 20)`]: round(rtt),
      [`${c.label}: bob -> alice first packet after both know (ms, median of ${RUNS})`]:
        median(toAlice),
      [`${c.label}: alice -> bob first packet after both know (ms, median of ${RUNS})`]:
        median(toBob),
      [`${c.label}: worst of either way (ms)`]: round(worst),
      [`${c.label}: within 1 RTT + 5 ms (1 yes, 0 no)`]: worst <= rtt + 5 ? 1 : 0,
    };
  } finally {
    await t.teardown();
  }
}

/** Runs every case; returns the numbers. */
export async function run(): Promise<Record<string, number>> {
  await assertNetnsAvailable(['ip', 'iptables', 'nft', 'conntrack', 'sysctl']);
  const [cli, rendezvous] = await Promise.all([bundleCli(), bundleRendezvous()]);
  try {
    const out: Record<string, number> = {};
    for (const c of CASES) Object.assign(out, await runCase(cli, rendezvous.path, c));
    return out;
  } finally {
    await Promise.all([cli.remove(), rendezvous.remove()]);
  }
}
