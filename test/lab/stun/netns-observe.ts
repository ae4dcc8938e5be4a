/**
 * What the namespace agreement test observes for one NAT recipe and INPUT policy: our RFC 3489
 * and RFC 5780 classifiers (the bundled CLI with --json, in Alice's namespace), Debian's `stun`,
 * coturn's natdiscovery, Alice's router's conntrack after our RFC 3489 run; the words of each tool
 * translated to RFC 4787 terms; and the model's prediction for the matching preset.
 */
import type { StunJson } from '../../../lab/commands/stun.ts';
import { parseNatDiscovery, runStunClient } from '../../../lab/netns/index.ts';
import type {
  ConntrackEntry,
  InputPolicy,
  NatDiscoveryVerdict,
  NatRecipe,
  ProcessHandle,
  StunClientVerdict,
  Topology,
} from '../../../lab/netns/index.ts';
import { pystunCommand } from '../../../src/machines/commands/pystun.ts';
import type { Dependence } from '../../../src/model/nat-policy.ts';
import type { PresetId } from '../../../src/model/presets.ts';
import { ScenarioRun } from '../../../src/model/scenario-run.ts';
import { SEED } from '../../../src/model/scenarios/addresses.ts';
import { walkthroughStunScenario } from '../../../src/model/scenarios/walkthrough-stun.ts';
import type { CliBundle } from './processes.ts';

/** Everything seen for one recipe and policy. */
export interface Observation {
  readonly recipe: NatRecipe;
  readonly policy: InputPolicy;
  readonly server: string;
  readonly rfc3489: StunJson;
  readonly rfc5780: StunJson;
  /** --pystun-bug, when asked for. */
  readonly pystunBug: StunJson | undefined;
  /** Alice's router's UDP flows right after our RFC 3489 run. */
  readonly conntrack: readonly ConntrackEntry[];
  readonly debian: StunClientVerdict;
  readonly natdiscovery: NatDiscoveryVerdict;
  /** Wall time of each client process, ms. */
  readonly ms: Readonly<Record<'rfc3489' | 'rfc5780' | 'debian' | 'natdiscovery', number>>;
}

/** Runs `npm run lab -- stun ... --json` in Alice's namespace. */
export async function ourStun(t: Topology, cli: CliBundle, ...flags: string[]): Promise<StunJson> {
  const argv = cli.argv('stun', '-H', t.addr.serverPrimary, '--json', ...flags);
  const r = await t.exec('alice', argv, { timeoutMs: 15_000 });
  if (r.code !== 0) throw new Error(`${argv.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as StunJson;
}

/** Starts our CLI's stun-server in the server namespace on the topology's two addresses. */
export async function startOurServer(t: Topology, cli: CliBundle): Promise<ProcessHandle> {
  const { serverPrimary, serverAlternate } = t.addr;
  const h = await t.start(
    'server',
    cli.argv('stun-server', '--primary', serverPrimary, '--alternate', serverAlternate),
  );
  await h.waitFor(/^STUN server listening on /m, 10_000);
  return h;
}

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await f();
  return [value, Math.round(performance.now() - started)];
}

/**
 * Observes one recipe and policy; every client starts on a fresh router (ruleset and conntrack
 * flushed by configureRouter), so no client sees another's leftovers.
 */
export async function observe(
  t: Topology,
  cli: CliBundle,
  recipe: NatRecipe,
  policy: InputPolicy,
  server: string,
  withBug: boolean,
): Promise<Observation> {
  const fresh = () => t.configureRouter('alice', { recipe, inputPolicy: policy });
  await fresh();
  const [rfc3489, ms3489] = await timed(() => ourStun(t, cli));
  const conntrack = await t.conntrack('aliceNat');
  await fresh();
  const [rfc5780, ms5780] = await timed(() => ourStun(t, cli, '--rfc5780'));
  let pystunBug: StunJson | undefined;
  if (withBug) {
    await fresh();
    pystunBug = await ourStun(t, cli, '--pystun-bug');
  }
  await fresh();
  const [debian, msDebian] = await timed(() => runStunClient(t, 'alice', { timeoutMs: 8_000 }));
  await fresh();
  const natdiscovery = await timed(async () => {
    const argv = ['turnutils_natdiscovery', '-m', '-f', t.addr.serverPrimary];
    return parseNatDiscovery((await t.exec('alice', argv, { timeoutMs: 15_000 })).stdout);
  });
  return {
    ...{ recipe, policy, server, rfc3489, rfc5780, pystunBug, conntrack, debian },
    natdiscovery: natdiscovery[0],
    ms: { rfc3489: ms3489, rfc5780: ms5780, debian: msDebian, natdiscovery: natdiscovery[1] },
  };
}

/** RFC 4787 behaviour as far as a tool's words tell it ('dependent': not EI, AD or APD unsaid). */
export interface Behaviour {
  readonly mapping: Dependence | 'dependent' | undefined;
  readonly filtering: Dependence | undefined;
}

const COTURN_WORDS: Record<string, Dependence> = {
  'Endpoint Independent': 'endpoint-independent',
  'Address Dependent': 'address-dependent',
  'Address and Port Dependent': 'address-port-dependent',
};

/** coturn natdiscovery's "NAT with X Mapping!" / "NAT with Y Filtering!". */
export function fromNatDiscovery(v: NatDiscoveryVerdict): Behaviour {
  return { mapping: COTURN_WORDS[v.mapping ?? ''], filtering: COTURN_WORDS[v.filtering ?? ''] };
}

const DEBIAN_FILTER: Record<string, Dependence> = {
  'Independent Filter': 'endpoint-independent',
  'Address Dependent Filter': 'address-dependent',
  'Port Dependent Filter': 'address-port-dependent',
};

/** Debian stun's "Independent Mapping, Port Dependent Filter, ...". */
export function fromDebian(v: StunClientVerdict): Behaviour {
  const mapping =
    v.mapping === 'Independent Mapping'
      ? 'endpoint-independent'
      : v.mapping === 'Dependent Mapping'
        ? 'dependent'
        : undefined;
  return { mapping, filtering: DEBIAN_FILTER[v.filter ?? ''] };
}

/** pystun's classic names, as RFC 3489 defines them in RFC 4787 terms. */
export function fromPystun(natType: string): Behaviour {
  const ei = 'endpoint-independent' as const;
  switch (natType) {
    case 'Full Cone':
      return { mapping: ei, filtering: ei };
    case 'Restric NAT':
      return { mapping: ei, filtering: 'address-dependent' };
    case 'Restric Port NAT':
      return { mapping: ei, filtering: 'address-port-dependent' };
    case 'Symmetric NAT':
      return { mapping: 'dependent', filtering: undefined };
    default:
      return { mapping: undefined, filtering: undefined };
  }
}

/** The pystun type of an RFC 3489 run's JSON. */
export function natTypeOf(j: StunJson): string {
  if (j.mode !== 'rfc3489' || !('natType' in j.verdict)) throw new Error(`not RFC 3489: ${j.text}`);
  return j.verdict.natType;
}

/** Our RFC 5780 verdict as a Behaviour. */
export function fromRfc5780(j: StunJson): Behaviour {
  const v = j.verdict;
  if (!('kind' in v) || v.kind !== 'behaviour') return { mapping: undefined, filtering: undefined };
  return { mapping: v.mapping, filtering: v.filtering };
}

/** True when two behaviours agree on everything both state ('dependent' matches AD and APD). */
export function agree(a: Behaviour, b: Behaviour): boolean {
  const same = <T>(x: T | undefined, y: T | undefined, eq: (x: T, y: T) => boolean) =>
    x === undefined || y === undefined || eq(x, y);
  const mapEq = (x: string, y: string) =>
    x === y ||
    (x === 'dependent' && y !== 'endpoint-independent') ||
    (y === 'dependent' && x !== 'endpoint-independent');
  return same(a.mapping, b.mapping, mapEq) && same(a.filtering, b.filtering, (x, y) => x === y);
}

/** What the simulated `pystun -p 59999 FLAGS` prints for Bob behind the model's `preset`. */
export function simulatedPystun(preset: PresetId, flags = ''): string {
  const base = walkthroughStunScenario(preset, preset);
  const steps = [
    base.steps[0]!,
    { at: 1000, actor: 'bob', run: `pystun -p 59999 ${flags}`.trim() },
  ];
  const commands = { pystun: pystunCommand({ host: SEED.server, port: 3478 }) };
  const run = new ScenarioRun({ ...base, steps, goals: [] }, { commands });
  run.runToEnd();
  return run
    .terminal('bob')
    .filter((l) => l.kind !== 'command')
    .map((l) => l.text)
    .join('');
}
