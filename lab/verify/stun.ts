/**
 * The STUN cases' two sides. In the model: the simulated pystun (the model's RFC 3489 classifier)
 * behind the recipe's model, and the RFC 4787 behaviour the model gives the recipe, in each real
 * tool's vocabulary. On the kernel, behind the recipe in Alice's namespace against coturn's
 * turnserver on the server's two addresses: our CLI's RFC 3489 and RFC 5780 classifiers, Debian's
 * `stun` and coturn's `turnutils_natdiscovery`, each on a fresh router (NAT state flushed).
 */
import type { Dependence } from '../../src/model/nat-policy.ts';
import { shortDependence } from '../../src/model/nat-policy.ts';
import { pystunCommand } from '../../src/machines/commands/pystun.ts';
import { ScenarioRun } from '../../src/model/scenario-run.ts';
import { SEED } from '../../src/model/scenarios/addresses.ts';
import { walkthroughStunScenario } from '../../src/model/scenarios/walkthrough-stun.ts';
import { resolveNat } from '../../src/model/topology.ts';
import type { RouterNat } from '../netns/nat-recipes.ts';
import { runNatDiscovery, runStunClient } from '../netns/peers.ts';
import type { Topology } from '../netns/topology.ts';
import { recipeNat } from './model-nat.ts';

/** The tools, in the order their fields appear. */
export const STUN_TOOLS = ['ours-rfc3489', 'ours-rfc5780', 'debian-stun', 'natdiscovery'] as const;

/** One tool's verdict per tool, in words both sides share. */
export type StunVerdicts = Readonly<Record<(typeof STUN_TOOLS)[number], string>>;

/** How a command line runs our CLI (argv before the subcommand), e.g. node + the bundle. */
export type CliArgv = readonly string[];

const behaviour = (mapping: string | undefined, filtering: string | undefined): string =>
  `mapping ${mapping ?? '?'}, filtering ${filtering ?? '?'}`;
const short = (d: Dependence | undefined): string | undefined => d && shortDependence(d);

/** Bob's address in the seed topology the simulated pystun runs in (its full cone forwards there). */
const SEED_BOB = '192.168.1.10';

/** The model's side of a STUN case for `nat`. */
export function stunInModel(nat: RouterNat): StunVerdicts {
  const spec = recipeNat(nat, SEED_BOB);
  const base = walkthroughStunScenario(spec, spec);
  const steps = [base.steps[0]!, { at: 1000, actor: 'bob', run: 'pystun -p 59999' }];
  const commands = { pystun: pystunCommand({ host: SEED.server, port: 3478 }) };
  const run = new ScenarioRun({ ...base, steps, goals: [] }, { commands });
  run.runToEnd();
  const printed = run
    .terminal('bob')
    .map((l) => l.text)
    .join('');
  const p = resolveNat(spec);
  const mapping = p.portAssignment === 'random-per-flow' ? 'address-port-dependent' : p.mapping;
  const filtering = p.forwards.some((f) => f.kind === 'dmz') ? 'endpoint-independent' : p.filtering;
  return {
    'ours-rfc3489': /NAT Type: (.*)/.exec(printed)?.[1]?.trim() ?? `? ${printed}`,
    'ours-rfc5780': behaviour(short(mapping), short(filtering)),
    // Debian's stun states no filtering behind a dependent mapping ("Dependent Mapping, random port").
    'debian-stun':
      mapping === 'endpoint-independent'
        ? behaviour('EI', short(filtering))
        : behaviour('dependent', 'unstated'),
    natdiscovery: behaviour(short(mapping), short(filtering)),
  };
}

const DEBIAN_FILTER: Readonly<Record<string, string>> = {
  'Independent Filter': 'EI',
  'Address Dependent Filter': 'AD',
  'Port Dependent Filter': 'APD',
};
const COTURN: Readonly<Record<string, string>> = {
  'Endpoint Independent': 'EI',
  'Address Dependent': 'AD',
  'Address and Port Dependent': 'APD',
};

interface StunJsonLike {
  readonly verdict: {
    readonly natType?: string;
    readonly kind?: string;
    readonly mapping?: Dependence;
    readonly filtering?: Dependence;
  };
}

/** The kernel's side of a STUN case: the routers are configured and a STUN server runs. */
export async function stunInLab(t: Topology, cli: CliArgv): Promise<StunVerdicts> {
  const ours = async (...flags: string[]): Promise<StunJsonLike> => {
    await t.flushNatState();
    const argv = [...cli, 'stun', '-H', t.addr.serverPrimary, '--json', ...flags];
    const r = await t.exec('alice', argv, { timeoutMs: 20_000 });
    if (r.code !== 0) throw new Error(`${argv.join(' ')} exited ${r.code}: ${r.stderr}`);
    return JSON.parse(r.stdout) as StunJsonLike;
  };
  const classic = await ours();
  const rfc5780 = (await ours('--rfc5780')).verdict;
  await t.flushNatState();
  const debian = await runStunClient(t, 'alice', { timeoutMs: 15_000 });
  await t.flushNatState();
  const coturn = await runNatDiscovery(t, 'alice');
  const debianMapping =
    debian.mapping === 'Independent Mapping'
      ? 'EI'
      : debian.mapping === 'Dependent Mapping'
        ? 'dependent'
        : undefined;
  return {
    'ours-rfc3489': classic.verdict.natType ?? '?',
    'ours-rfc5780':
      rfc5780.kind === 'behaviour'
        ? behaviour(short(rfc5780.mapping), short(rfc5780.filtering))
        : `? ${rfc5780.kind ?? ''}`,
    'debian-stun': behaviour(
      debianMapping,
      debian.filter === undefined ? 'unstated' : DEBIAN_FILTER[debian.filter],
    ),
    natdiscovery: behaviour(COTURN[coturn.mapping ?? ''], COTURN[coturn.filtering ?? '']),
  };
}
