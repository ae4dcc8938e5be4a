/**
 * `agujero punch` between Alice's and Bob's namespaces through real nftables/iptables NAT, the
 * rendezvous responder in the Server's namespace (documentation addresses, no route out). Each
 * outcome agrees with the model: port-restricted cones with the INPUT drop rule connect; with
 * INPUT accepting and Alice first, the conntrack clash (linux-clash) fails and punch says why;
 * full cone x restricted cone connects; symmetric x port-restricted fails and says why; 30% loss
 * out of both WAN links still connects by retrying.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTopology } from '../../../lab/netns/index.ts';
import type { RouterNat, Topology } from '../../../lab/netns/index.ts';
import { requireNetns } from '../netns/require-netns.ts';
import { bundleCli } from '../stun/processes.ts';
import type { CliBundle } from '../stun/processes.ts';
import { bundleRendezvous, punchBoth, startServerIn } from './netns-punch.ts';

const PRC: RouterNat = { recipe: 'masquerade', inputPolicy: 'drop-new' };
const ACCEPT: RouterNat = { recipe: 'masquerade', inputPolicy: 'accept' };

describe('agujero punch through real NATs in namespaces', () => {
  let cli: CliBundle;
  let rendezvous: { path: string; remove(): Promise<void> };

  /** A fresh topology with these NATs and the responder, for one case; always torn down. */
  const withTopology = async (
    bob: RouterNat,
    alice: RouterNat,
    body: (t: Topology) => Promise<void>,
  ): Promise<void> => {
    const t = await buildTopology({ bob, alice });
    try {
      const server = await startServerIn(t, rendezvous.path);
      await body(t);
      await server.kill();
    } finally {
      await t.teardown();
    }
  };

  beforeAll(async () => {
    await requireNetns();
    [cli, rendezvous] = await Promise.all([bundleCli(), bundleRendezvous()]);
  });
  afterAll(async () => {
    await Promise.all([cli?.remove(), rendezvous?.remove()]);
  });

  it('port-restricted x port-restricted with the INPUT drop rule: connects, chats both ways', () =>
    withTopology(PRC, PRC, async (t) => {
      const r = await punchBoth(t, cli);
      expect([r.bob.ok, r.alice.ok]).toEqual([true, true]);
      expect([r.bob.chatIn, r.alice.chatIn]).toEqual(['soy Alice', 'soy Bob']);
      expect(r.bob.self).toEqual({ ip: t.addr.bobNatWan, port: 58888 });
    }));

  it('the same with INPUT accepting, Alice first: the clash fails, and punch says why', () =>
    withTopology(ACCEPT, ACCEPT, async (t) => {
      const r = await punchBoth(t, cli, { bob: ['--delay', '1000'] });
      expect([r.bob.ok, r.alice.ok]).toEqual([false, false]);
      expect(r.alice.reason?.code).toBe('no-reply');
      expect(r.alice.reason?.text).toMatch(/both NATs kept their ports.*conntrack clash/);
      // The clash itself, as conntrack shows it on Bob's router: his punch left from another port.
      const flows = await t.conntrack('bobNat');
      const out = flows.find(
        (f) => f.original.src === t.addr.bob && f.original.dst === t.addr.aliceNatWan,
      );
      expect(out?.reply.dport).not.toBe(58888);
    }));

  it('full cone x restricted cone: connects', () =>
    withTopology(
      { recipe: 'full-cone', inputPolicy: 'drop-new' },
      { recipe: 'restricted-cone', inputPolicy: 'drop-new' },
      async (t) => {
        const r = await punchBoth(t, cli);
        expect([r.bob.ok, r.alice.ok]).toEqual([true, true]);
      },
    ));

  it('symmetric x port-restricted: fails, and says the symmetric NAT changed the port', () =>
    withTopology({ recipe: 'masquerade-random-fully', inputPolicy: 'drop-new' }, PRC, async (t) => {
      const r = await punchBoth(t, cli);
      expect([r.bob.ok, r.alice.ok]).toEqual([false, false]);
      expect(r.alice.reason?.code).toBe('no-reply');
      expect(r.alice.reason?.text).toMatch(
        /bob's NAT did not keep the port \(58888 became \d+\).*symmetric NAT/,
      );
      expect(r.bob.reason?.text).toMatch(/our NAT did not keep the port/);
    }));

  it('30% loss out of both WAN links: still connects by retrying', () =>
    withTopology(PRC, PRC, async (t) => {
      // netem would be `tc qdisc add dev wan0 root netem loss 30%`, but this kernel has no
      // sch_netem: nftables drops 30% of what the router forwards out of wan0 instead.
      const loss =
        'table inet agujero_loss { chain forward { type filter hook forward priority -10; oifname "wan0" numgen random mod 100 < 30 drop; }; }';
      for (const role of ['aliceNat', 'bobNat'] as const) {
        await t.mustExec(role, ['nft', '-f', '-'], { input: loss });
      }
      const r = await punchBoth(t, cli, { timeoutS: 10 });
      expect([r.bob.ok, r.alice.ok]).toEqual([true, true]);
    }));
});
