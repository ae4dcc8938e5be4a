/**
 * In namespaces, behind each NAT recipe with each INPUT policy, our RFC 3489 and RFC 5780
 * classifiers (the real CLI in Alice's namespace) against Debian's `stun` and coturn's
 * natdiscovery on the same topology, translated to RFC 4787 terms; and the model's prediction
 * for the matching preset beside the kernel's answer. One topology per recipe, built and
 * observed in parallel; INPUT accept against our stun-server, drop-new against coturn's turnserver.
 *
 * Found on the real kernel (Linux 6.18), as the model predicts for MASQUERADE: a one-socket,
 * pystun-style RFC 3489 client behind a router whose INPUT chain accepts says "Symmetric NAT"
 * for MASQUERADE and for the restricted-cone recipe. Test II's answer (from the alternate
 * address and port, A2:P2) is not let through to Alice, so it reaches the router's own stack and
 * conntrack confirms an UNREPLIED flow A2:P2 -> router:P. Test I' to A2:P2 then needs the reply
 * tuple A2:P2 -> router:P, which is taken, so MASQUERADE picks another port: a different mapping.
 * With drop-new the stray answer is dropped before conntrack confirms it and the port is kept.
 * Debian's `stun` never sees the clash (its CHANGE-REQUEST tests use a second socket, port+1, and
 * its Test I' goes to A2:P1); RFC 5780's mapping test goes to A2:P1 too. Both report the truth.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  NAT_RECIPES,
  PEER_BINARIES,
  buildTopology,
  startTurnserver,
} from '../../../lab/netns/index.ts';
import type { InputPolicy, NatRecipe, Topology } from '../../../lab/netns/index.ts';
import type { Dependence } from '../../../src/model/nat-policy.ts';
import type { PresetId } from '../../../src/model/presets.ts';
import { requireNetns } from '../netns/require-netns.ts';
import type { Observation } from './netns-observe.ts';
import {
  agree,
  fromDebian,
  fromNatDiscovery,
  fromPystun,
  fromRfc5780,
  natTypeOf,
  observe,
  simulatedPystun,
  startOurServer,
} from './netns-observe.ts';
import type { CliBundle } from './processes.ts';
import { bundleCli } from './processes.ts';

const EI = 'endpoint-independent';
const AD = 'address-dependent';
const APD = 'address-port-dependent';

interface Expected {
  readonly rfc3489: string;
  readonly pystunBug?: string;
  readonly mapping: Dependence;
  readonly filtering: Dependence;
  readonly preservesPort: boolean;
  /** The model preset that stands for this router, when there is one. */
  readonly model: PresetId | undefined;
  /** The one-socket RFC 3489 test clashes (see above) and disagrees with the others. */
  readonly clash: boolean;
}

const EXPECTED: Record<`${NatRecipe}/${InputPolicy}`, Expected> = {
  'masquerade/accept': {
    rfc3489: 'Symmetric NAT',
    pystunBug: 'Symmetric NAT',
    mapping: EI,
    filtering: APD,
    preservesPort: true,
    model: 'linux-masquerade',
    clash: true,
  },
  'masquerade/drop-new': {
    rfc3489: 'Restric Port NAT',
    pystunBug: 'Restric NAT',
    mapping: EI,
    filtering: APD,
    preservesPort: true,
    model: 'linux-masquerade-input-drop',
    clash: false,
  },
  'masquerade-random-fully/accept': {
    rfc3489: 'Symmetric NAT',
    mapping: APD,
    filtering: APD,
    preservesPort: false,
    model: 'linux-random-fully',
    clash: false,
  },
  'masquerade-random-fully/drop-new': {
    rfc3489: 'Symmetric NAT',
    mapping: APD,
    filtering: APD,
    preservesPort: false,
    model: 'linux-random-fully',
    clash: false,
  },
  'full-cone/accept': {
    rfc3489: 'Full Cone',
    mapping: EI,
    filtering: EI,
    preservesPort: true,
    model: 'full-cone',
    clash: false,
  },
  'full-cone/drop-new': {
    rfc3489: 'Full Cone',
    mapping: EI,
    filtering: EI,
    preservesPort: true,
    model: 'full-cone',
    clash: false,
  },
  'restricted-cone/accept': {
    rfc3489: 'Symmetric NAT',
    mapping: EI,
    filtering: AD,
    preservesPort: true,
    model: undefined,
    clash: true,
  },
  'restricted-cone/drop-new': {
    rfc3489: 'Restric NAT',
    mapping: EI,
    filtering: AD,
    preservesPort: true,
    model: 'restricted-cone',
    clash: false,
  },
};

const POLICIES: readonly InputPolicy[] = ['accept', 'drop-new'];

describe('our classifiers agree with Debian stun and coturn natdiscovery behind every NAT recipe', () => {
  const seen = new Map<string, Observation>();
  const topologies: Topology[] = [];
  let cli: CliBundle | undefined;

  beforeAll(async () => {
    await requireNetns([...PEER_BINARIES]);
    cli = await bundleCli();
    const bundle = cli;
    const each = async (recipe: NatRecipe): Promise<void> => {
      const t = await buildTopology({
        alice: { recipe, inputPolicy: 'accept' },
        bob: { recipe: 'masquerade', inputPolicy: 'drop-new' },
      });
      topologies.push(t);
      const ours = await startOurServer(t, bundle);
      const bug = recipe === 'masquerade';
      seen.set(`${recipe}/accept`, await observe(t, bundle, recipe, 'accept', 'ours', bug));
      await ours.kill();
      const turn = await startTurnserver(t);
      seen.set(
        `${recipe}/drop-new`,
        await observe(t, bundle, recipe, 'drop-new', 'turnserver', bug),
      );
      await turn.stop();
    };
    const results = await Promise.allSettled(NAT_RECIPES.map(each));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    if (process.env.AGUJERO_TIMINGS) {
      console.log(
        [...seen.values()].map((o) => `${o.recipe}/${o.policy} ${JSON.stringify(o.ms)}`).join('\n'),
      );
    }
  }, 150_000);

  afterAll(async () => {
    await Promise.all(topologies.map((t) => t.teardown()));
    await cli?.remove();
  });

  it('`stun` toward an address with no route: exit 1 saying so (ENETUNREACH)', async () => {
    const r = await topologies[0]!.exec('alice', cli!.argv('stun', '-H', '10.9.9.9'));
    expect([r.code, r.stdout]).toEqual([1, '']);
    expect(r.stderr).toBe(
      'stun: cannot find a route to 10.9.9.9:3478: no route to it (ENETUNREACH)\n',
    );
  });

  for (const recipe of NAT_RECIPES) {
    for (const policy of POLICIES) {
      const key = `${recipe}/${policy}` as const;
      const e = EXPECTED[key];
      const get = (): Observation => seen.get(key) as Observation;

      it(`${key}: ours says "${e.rfc3489}" and ${e.mapping} mapping, ${e.filtering} filtering`, () => {
        const o = get();
        expect(o.rfc3489.verdict).toMatchObject({
          natType: e.rfc3489,
          external: { ip: '192.0.2.113' },
        });
        expect(o.rfc5780.verdict).toMatchObject({
          kind: 'behaviour',
          nat: true,
          mapping: e.mapping,
          filtering: e.filtering,
          preservesPort: e.preservesPort,
        });
        if (e.pystunBug) expect(o.pystunBug?.verdict).toMatchObject({ natType: e.pystunBug });
      });

      it(`${key}: RFC 5780 agrees with natdiscovery exactly and with Debian stun`, () => {
        const o = get();
        expect(fromNatDiscovery(o.natdiscovery)).toEqual(fromRfc5780(o.rfc5780));
        expect(agree(fromDebian(o.debian), fromRfc5780(o.rfc5780))).toBe(true);
        expect(fromDebian(o.debian).mapping).toBe(e.mapping === EI ? EI : 'dependent');
        expect(o.debian.ports).toBe(e.preservesPort ? 'preserves ports' : 'random port');
      });

      it(`${key}: the one-socket RFC 3489 test ${e.clash ? 'DISAGREES (conntrack clash)' : 'agrees'}`, () => {
        const o = get();
        const classic = fromPystun(natTypeOf(o.rfc3489));
        expect(agree(classic, fromRfc5780(o.rfc5780))).toBe(!e.clash);
        expect(agree(classic, fromDebian(o.debian))).toBe(!e.clash);
        if (e.mapping !== EI) return;
        const [t1, t2, t1b] = o.rfc3489.probes;
        const port = t1!.answer!.mapped!.port;
        const strayAnswer = o.conntrack.find(
          (f) =>
            f.unreplied &&
            f.original.src === '203.0.113.163' &&
            f.original.sport === 3479 &&
            f.original.dport === port,
        );
        if (e.filtering === EI) return expect(t2!.answer).not.toBeNull();
        expect(t2!.answer).toBeNull();
        expect(t1b!.probe.to).toEqual({ ip: '203.0.113.163', port: 3479 });
        if (e.clash) {
          expect(strayAnswer, 'the stray Test II answer is a flow').toBeDefined();
          expect(t1b!.answer!.mapped!.port).not.toBe(port);
        } else {
          expect(strayAnswer).toBeUndefined();
          expect(t1b!.answer!.mapped!.port).toBe(port);
        }
      });

      it(`${key}: the model ${e.model ? `(${e.model}) predicts what the kernel did` : 'has no preset for this router'}`, () => {
        const o = get();
        if (!e.model) return expect(natTypeOf(o.rfc3489)).toBe('Symmetric NAT');
        expect(simulatedPystun(e.model)).toMatch(`NAT Type: ${natTypeOf(o.rfc3489)}\n`);
        if (e.pystunBug)
          expect(simulatedPystun(e.model, '--pystun-bug')).toMatch(`NAT Type: ${e.pystunBug}\n`);
        const sim = simulatedPystun(e.model, '--rfc5780');
        expect(sim).toContain(`Mapping: ${e.mapping}\nFiltering: ${e.filtering}\n`);
      });
    }
  }
});
