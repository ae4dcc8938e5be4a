/**
 * The real STUN peers classify each NAT recipe on the real kernel: Debian's `stun` client in
 * Alice's namespace against `stund -h 203.0.113.162 -a 203.0.113.163` in the server namespace
 * (RFC 3489), and coturn's `turnutils_natdiscovery -m -f` against `turnserver` (RFC 5780).
 *
 * Exact output of `stun 203.0.113.162` seen here (the Primary line ends in a tab):
 *   masquerade               Primary: Independent Mapping, Port Dependent Filter, preserves ports, no hairpin
 *                            Return value is 0x000017   (exit code 23)
 *   masquerade-random-fully  Primary: Dependent Mapping, random port, no hairpin
 *                            Return value is 0x000018   (exit code 24)
 *   full-cone                Primary: Independent Mapping, Independent Filter, preserves ports, no hairpin
 *                            Return value is 0x000013   (exit code 19)
 *   restricted-cone          Primary: Independent Mapping, Address Dependent Filter, preserves ports, no hairpin
 *                            Return value is 0x000015   (exit code 21)
 * each preceded by "STUN client version 0.97", the same with either INPUT policy.
 *
 * `turnutils_natdiscovery -m -f 203.0.113.162` verdict lines seen here:
 *   masquerade               NAT with Endpoint Independent Mapping!
 *                            NAT with Address and Port Dependent Filtering!
 *   masquerade-random-fully  NAT with Address and Port Dependent Mapping!
 *                            NAT with Address and Port Dependent Filtering!
 *   full-cone                NAT with Endpoint Independent Mapping!
 *                            NAT with Endpoint Independent Filtering!
 *   restricted-cone          NAT with Endpoint Independent Mapping!
 *                            NAT with Address Dependent Filtering!
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  NAT_RECIPES,
  PEER_BINARIES,
  buildTopology,
  runNatDiscovery,
  runStunClient,
  startStund,
  startTurnserver,
} from '../../../lab/netns/index.ts';
import type { InputPolicy, NatRecipe, StunServer, Topology } from '../../../lab/netns/index.ts';
import { requireNetns } from './require-netns.ts';

const STUN_SAYS: Record<NatRecipe, { primary: string; returnValue: number }> = {
  masquerade: {
    primary: 'Independent Mapping, Port Dependent Filter, preserves ports, no hairpin',
    returnValue: 0x17,
  },
  'masquerade-random-fully': {
    primary: 'Dependent Mapping, random port, no hairpin',
    returnValue: 0x18,
  },
  'full-cone': {
    primary: 'Independent Mapping, Independent Filter, preserves ports, no hairpin',
    returnValue: 0x13,
  },
  'restricted-cone': {
    primary: 'Independent Mapping, Address Dependent Filter, preserves ports, no hairpin',
    returnValue: 0x15,
  },
};

const NATDISCOVERY_SAYS: Record<NatRecipe, { mapping: string; filtering: string }> = {
  masquerade: { mapping: 'Endpoint Independent', filtering: 'Address and Port Dependent' },
  'masquerade-random-fully': {
    mapping: 'Address and Port Dependent',
    filtering: 'Address and Port Dependent',
  },
  'full-cone': { mapping: 'Endpoint Independent', filtering: 'Endpoint Independent' },
  'restricted-cone': { mapping: 'Endpoint Independent', filtering: 'Address Dependent' },
};

const POLICIES: readonly InputPolicy[] = ['drop-new', 'accept'];

describe('real STUN peers classify every NAT recipe', () => {
  let t: Topology;
  let server: StunServer | undefined;

  beforeAll(async () => {
    await requireNetns([...PEER_BINARIES]);
    t = await buildTopology({
      alice: { recipe: 'masquerade', inputPolicy: 'drop-new' },
      bob: { recipe: 'masquerade', inputPolicy: 'drop-new' },
    });
  });
  afterAll(async () => {
    await server?.stop();
    await t?.teardown();
  });

  describe('Debian stun (RFC 3489) against stund', () => {
    beforeAll(async () => {
      server = await startStund(t);
    });
    afterAll(async () => {
      await server?.stop();
      server = undefined;
    });

    for (const recipe of NAT_RECIPES) {
      for (const inputPolicy of POLICIES) {
        it(`${recipe}, INPUT ${inputPolicy}: "${STUN_SAYS[recipe].primary}"`, async () => {
          await t.configureRouter('alice', { recipe, inputPolicy }); // also flushes conntrack
          const verdict = await runStunClient(t, 'alice', { timeoutMs: 8_000 });
          expect(verdict.output).toMatch(/^STUN client version 0\.97\n/);
          expect(verdict.primary).toBe(STUN_SAYS[recipe].primary);
          expect(verdict.returnValue).toBe(STUN_SAYS[recipe].returnValue);
        });
      }
    }
  });

  describe('coturn natdiscovery (RFC 5780) against turnserver', () => {
    beforeAll(async () => {
      server = await startTurnserver(t);
    });
    afterAll(async () => {
      await server?.stop();
      server = undefined;
    });

    for (const recipe of NAT_RECIPES) {
      const says = NATDISCOVERY_SAYS[recipe];
      it(`${recipe}: ${says.mapping} Mapping, ${says.filtering} Filtering`, async () => {
        await t.configureRouter('alice', { recipe, inputPolicy: 'drop-new' });
        const verdict = await runNatDiscovery(t, 'alice', 15_000);
        expect(verdict.output).toContain(`NAT with ${says.mapping} Mapping!`);
        expect(verdict.output).toContain(`NAT with ${says.filtering} Filtering!`);
        expect([verdict.mapping, verdict.filtering]).toEqual([says.mapping, says.filtering]);
      });
    }
  });
});
