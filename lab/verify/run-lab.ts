/**
 * Runs cases on the real kernel: one topology of namespaces built once, a probe process holding
 * the sockets in each host namespace, the routers reconfigured per group of cases (recipe, INPUT
 * policy, UDP timeouts) and conntrack flushed between cases; each case's datagrams sent for real,
 * their arrivals read from the probes, the routers' conntrack tables read as tuples.
 */
import type { Endpoint } from '../../src/model/endpoint.ts';
import { buildTopology } from '../netns/build.ts';
import { DEFAULT_UDP_TIMEOUTS } from '../netns/conntrack.ts';
import { ADDRESSES, HOME } from '../netns/plan.ts';
import type { Role } from '../netns/plan.ts';
import type { Topology } from '../netns/topology.ts';
import type { CaseRouters, HostId, RouterId, VerifyCase } from './case.ts';
import { HOST_IDS, caseSockets, groupKey, routersOf, socketKey } from './case.ts';
import type { Fate, RawDatagram, RawFlow, RawObservation, RawTables } from './observation.ts';
import { rawFlow } from './observation.ts';
import { Probe } from './probe.ts';
import { SECOND_HOST, VERIFY_ADDRESSES } from './addresses.ts';
import { resolveTarget } from './targets.ts';
import { stunInLab } from './stun.ts';
import { ncInLab } from './nc-walkthrough.ts';
import type { CliArgv } from './stun.ts';
import { startTurnserver } from '../netns/peers.ts';

/** How long the lab waits for a datagram before moving on (namespaces answer in well under 1 ms). */
export const LAB_SETTLE_MS = 40;
/** How much longer the lab waits for a datagram whose source a later step aims at. */
const LATE_MS = 100;

/** The namespace whose conntrack is each router's (the home router is Alice's namespace). */
const ROLE_OF: Readonly<Record<RouterId, Role>> = {
  'alice-nat': 'aliceNat',
  'bob-nat': 'bobNat',
  'home-nat': 'alice',
};
/** The routers a host's packets leave through, innermost first, in a case with or without home. */
const OUTWARD: Readonly<Record<HostId, readonly RouterId[]>> = {
  server: [],
  alice: ['alice-nat'],
  bob: ['bob-nat'],
  home: ['home-nat', 'alice-nat'],
};
/** Each router's public address, and the inside address its inward translations point to. */
const ROUTER_ADDRESSES: Readonly<Record<RouterId, { wan: string; inner: string; host: HostId }>> = {
  'alice-nat': { wan: ADDRESSES.aliceNatWan, inner: ADDRESSES.alice, host: 'alice' },
  'bob-nat': { wan: ADDRESSES.bobNatWan, inner: ADDRESSES.bob, host: 'bob' },
  'home-nat': { wan: ADDRESSES.alice, inner: HOME.host, host: 'home' },
};

/** The namespaces and probes every case of a run shares. */
export class LabBed {
  private current = '';
  private counter = 0;

  private constructor(
    readonly topology: Topology,
    private readonly probes: Readonly<Record<HostId, Probe>>,
    private readonly cli: CliArgv | undefined,
  ) {}

  /**
   * Builds the topology, its home network and the probes. `cli` runs our CLI (for the STUN
   * cases' classifiers, inside Alice's namespace).
   */
  static async build(onStep?: (what: string) => void, cli?: CliArgv): Promise<LabBed> {
    const masq = { recipe: 'masquerade', inputPolicy: 'drop-new' } as const;
    const topology = await buildTopology({ alice: masq, bob: masq, ...(onStep && { onStep }) });
    try {
      await topology.mustExec(SECOND_HOST.role, [
        'ip',
        'addr',
        'add',
        SECOND_HOST.cidr,
        'dev',
        SECOND_HOST.dev,
      ]);
      const home = await topology.addHome();
      const probes = {} as Record<HostId, Probe>;
      for (const host of HOST_IDS)
        probes[host] = await Probe.start(host === 'home' ? home : topology.ns[host]);
      return new LabBed(topology, probes, cli);
    } catch (e) {
      await topology.teardown();
      throw e;
    }
  }

  /** Gives the routers what `r` says, unless they already run it. */
  async configure(r: CaseRouters): Promise<void> {
    const key = groupKey(r);
    if (key === this.current) return;
    this.current = '';
    for (const side of ['alice', 'bob'] as const) {
      const nat = r[side];
      if (nat.recipe === 'open') await this.topology.configureRouted(side, nat.inputPolicy);
      else await this.topology.configureRouter(side, nat);
    }
    await this.topology.configureHome(r.home);
    await this.topology.setUdpTimeouts(r.timeouts ?? DEFAULT_UDP_TIMEOUTS);
    this.current = key;
  }

  /** Runs one case on the real kernel. */
  async run(c: VerifyCase): Promise<RawObservation> {
    await this.configure(c.routers);
    if (c.stun) {
      if (!this.cli) throw new Error(`${c.id}: STUN cases need the command that runs our CLI`);
      // The STUN server takes the server's ports 3478/3479 for this case only (probes free them).
      await Promise.all(HOST_IDS.map((h) => this.probes[h].reset()));
      const server = await startTurnserver(this.topology);
      try {
        return { datagrams: [], tables: [], verdicts: await stunInLab(this.topology, this.cli) };
      } finally {
        await server.stop();
      }
    }
    await this.topology.flushNatState();
    await Promise.all(HOST_IDS.map((h) => this.probes[h].reset()));
    if (c.nc) return ncInLab(this.topology);
    const tag = `${++this.counter}:`;
    const local = new Map<string, Endpoint>();
    for (const s of caseSockets(c)) {
      const ip = VERIFY_ADDRESSES[s.ip ?? (s.host === 'server' ? 'serverPrimary' : s.host)];
      await this.probes[s.host].bind(ip, s.port);
      local.set(socketKey(s), { ip, port: s.port });
    }
    const sent = new Set<string>();
    const arrival = (id: string) => {
      if (!sent.has(id)) return undefined;
      for (const h of HOST_IDS) {
        const got = this.probes[h].arrival(tag + id);
        if (got) return got;
      }
      return undefined;
    };
    const seen = (id: string): Endpoint | undefined => arrival(id)?.from;
    const datagrams: RawDatagram[] = [];
    const tables: { label: string; flows: RawTables }[] = [];
    for (const step of c.steps) {
      if (step.kind === 'wait') {
        await sleep(step.ms);
        continue;
      }
      if (step.kind === 'snapshot') {
        tables.push({ label: step.label, flows: await this.tables(c) });
        continue;
      }
      const from = socketKey(step.from);
      if ('seenOf' in step.to && sent.has(step.to.seenOf) && !arrival(step.to.seenOf)) {
        // A busy machine may deliver late: give the datagram a target needs a little longer.
        const wanted = tag + step.to.seenOf;
        await Promise.race(HOST_IDS.map((h) => this.probes[h].waitFor(wanted, LATE_MS)));
      }
      const to = resolveTarget(step.to, seen);
      if ('skipped' in to) {
        datagrams.push({ id: step.id, from, fate: { kind: 'skipped', why: to.skipped } });
        continue;
      }
      sent.add(step.id);
      const source = local.get(from) as Endpoint;
      await this.probes[step.from.host].send(source, to, tag + step.id);
      const arrived = await Promise.race(
        HOST_IDS.map((h) => this.probes[h].waitFor(tag + step.id, LAB_SETTLE_MS)),
      );
      const fate =
        arrived || arrival(step.id)
          ? DELIVERED
          : await this.dropSite(c, step.from.host, source, to);
      datagrams.push({ id: step.id, from, to, fate });
    }
    await sleep(LAB_SETTLE_MS);
    tables.push({ label: 'end', flows: await this.tables(c) });
    return {
      datagrams: datagrams.map((d) => {
        const got = arrival(d.id);
        return got ? { ...d, fate: DELIVERED, seenAs: got.from, deliveredTo: got.local } : d;
      }),
      tables,
    };
  }

  /** Stops the probes and deletes the namespaces. */
  async teardown(): Promise<void> {
    await Promise.all(HOST_IDS.map((h) => this.probes[h].stop().catch(() => undefined)));
    await this.topology.teardown();
  }

  /**
   * Where a datagram that did not arrive was dropped, read from conntrack right after it. Its
   * public source is found by following its flow out through the sender's routers; then, from the
   * router that owns the destination inward, each router that translated it toward the inside
   * (a flow from that source to the destination whose reply comes from further in) passed it on:
   * it was dropped at the first router that did not, or at the host behind the last that did.
   */
  private async dropSite(
    c: VerifyCase,
    sender: HostId,
    source: Endpoint,
    to: Endpoint,
  ): Promise<Fate> {
    const routers = routersOf(c);
    const flows = new Map<RouterId, RawFlow[]>();
    const flowsOf = async (r: RouterId): Promise<RawFlow[]> => {
      let list = flows.get(r);
      if (!list) flows.set(r, (list = (await this.topology.conntrack(ROLE_OF[r])).map(rawFlow)));
      return list;
    };
    let src: Endpoint | undefined = source;
    for (const r of OUTWARD[sender].filter((x) => routers.includes(x))) {
      const f = (await flowsOf(r)).find(
        (x) => same(x.original.src, src!) && same(x.original.dst, to),
      );
      if (!f) return { kind: 'dropped', at: r };
      src = f.reply.dst;
    }
    let dst = to;
    const outer = routers.find((r) => r !== 'home-nat' && ROUTER_ADDRESSES[r].wan === dst.ip);
    if (!outer) return { kind: 'dropped', at: hostAt(dst.ip) };
    let router: RouterId = outer;
    for (;;) {
      const { inner, host }: { inner: string; host: HostId } = ROUTER_ADDRESSES[router];
      const f = (await flowsOf(router)).find(
        (x) => same(x.original.src, src!) && same(x.original.dst, dst) && x.reply.src.ip === inner,
      );
      if (!f) return { kind: 'dropped', at: router };
      const next: RouterId | undefined = routers.find(
        (r) => r === 'home-nat' && ROUTER_ADDRESSES[r].wan === inner,
      );
      if (!next) return { kind: 'dropped', at: host };
      dst = f.reply.src;
      router = next;
    }
  }

  private async tables(c: VerifyCase): Promise<RawTables> {
    const out: Partial<Record<RouterId, RawFlow[]>> = {};
    for (const id of routersOf(c))
      out[id] = (await this.topology.conntrack(ROLE_OF[id])).map(rawFlow);
    return out;
  }
}

/** The host that holds `ip` (a routed LAN host, the server), for a drop at the destination. */
function hostAt(ip: string): HostId {
  if (ip === ADDRESSES.alice || ip === VERIFY_ADDRESSES.aliceSecond) return 'alice';
  if (ip === ADDRESSES.bob) return 'bob';
  if (ip === HOME.host) return 'home';
  return 'server';
}

const DELIVERED: Fate = { kind: 'delivered' };

function same(a: Endpoint, b: Endpoint): boolean {
  return a.ip === b.ip && a.port === b.port;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
