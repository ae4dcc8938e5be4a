/**
 * The test bed's extensions for `agujero verify`, on the real kernel: per-namespace UDP conntrack
 * timeouts, flushNatState (conntrack and the restricted-cone set), and a router that only routes
 * (its LAN reachable at its own addresses, undone by configuring a recipe again).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTopology, execIn } from '../../../lab/netns/index.ts';
import type { Topology } from '../../../lab/netns/index.ts';
import { requireNetns } from './require-netns.ts';

const sysctl = async (t: Topology, key: string): Promise<string> =>
  (await t.mustExec('bobNat', ['sysctl', '-n', key])).stdout.trim();

describe('test bed extensions', () => {
  let t: Topology;

  beforeAll(async () => {
    await requireNetns(['nc']);
    t = await buildTopology({
      alice: { recipe: 'restricted-cone', inputPolicy: 'drop-new' },
      bob: { recipe: 'masquerade', inputPolicy: 'drop-new' },
    });
  });
  afterAll(async () => t?.teardown());

  it('sets the UDP conntrack timeouts of one namespace, not the others', async () => {
    await t.setUdpTimeouts({ udpSec: 3, streamSec: 7 }, 'bobNat');
    expect(await sysctl(t, 'net.netfilter.nf_conntrack_udp_timeout')).toBe('3');
    expect(await sysctl(t, 'net.netfilter.nf_conntrack_udp_timeout_stream')).toBe('7');
    const alice = await t.mustExec('aliceNat', [
      'sysctl',
      '-n',
      'net.netfilter.nf_conntrack_udp_timeout',
    ]);
    expect(alice.stdout.trim()).toBe('30');
    await t.setUdpTimeouts({ udpSec: 30, streamSec: 120 });
    await expect(t.setUdpTimeouts({ udpSec: 0, streamSec: 7 })).rejects.toThrow(/invalid udpSec 0/);
  });

  it('flushNatState empties conntrack and the restricted-cone set', async () => {
    const sent = await t.exec(
      'alice',
      ['nc', '-q', '0', '-p', '53333', '-u', t.addr.serverPrimary, '9000'],
      {
        input: 'x\n',
      },
    );
    expect(sent.ok).toBe(true);
    const set = async (): Promise<string> =>
      (await t.mustExec('aliceNat', ['nft', 'list', 'set', 'ip', 'agujero', 'contacted'])).stdout;
    expect(await set()).toContain('203.0.113.162 . 53333');
    expect((await t.conntrack('aliceNat')).length).toBeGreaterThan(0);
    await t.flushConntrack();
    expect(await set()).toContain('203.0.113.162 . 53333');
    await t.flushNatState();
    expect(await set()).not.toContain('203.0.113.162');
    expect(await t.conntrack('aliceNat')).toEqual([]);
  });

  it('a routed router: its LAN is reachable at its own addresses, until a recipe is set again', async () => {
    const routeToBob = async (role: 'server' | 'aliceNat' | 'alice'): Promise<boolean> =>
      (await t.exec(role, ['ip', 'route', 'get', t.addr.bob])).ok;
    expect(await routeToBob('server')).toBe(false);
    await t.configureRouted('bob', 'drop-new');
    expect(t.isRouted('bob')).toBe(true);
    for (const role of ['server', 'aliceNat', 'alice'] as const)
      expect(await routeToBob(role)).toBe(true);
    const listener = await t.start('bob', ['nc', '-klu', '58888']);
    await t.waitForUdpSocket('bob', { ip: '0.0.0.0', port: 58888 });
    await t.exec('server', ['nc', '-q', '0', '-p', '9000', '-u', t.addr.bob, '58888'], {
      input: 'hola\n',
    });
    await listener.waitFor('hola', 2_000);
    await listener.kill();
    await t.flushNatState(); // no set to flush on a routed router
    await t.configureRouter('bob', { recipe: 'masquerade', inputPolicy: 'drop-new' });
    expect(t.isRouted('bob')).toBe(false);
    expect(await routeToBob('server')).toBe(false);
  });

  it('a home network behind Alice: the home host reaches the server through two NATs', async () => {
    const ns = await t.addHome();
    expect(ns).toBe(`${t.prefix}-home`);
    expect(await t.addHome()).toBe(ns);
    await t.configureHome({ recipe: 'masquerade', inputPolicy: 'drop-new' });
    const server = await t.start('server', ['nc', '-klu', '9000']);
    await t.waitForUdpSocket('server', { ip: '0.0.0.0', port: 9000 });
    const r = await execIn(
      ns,
      ['nc', '-q', '0', '-p', '50000', '-u', t.addr.serverPrimary, '9000'],
      {
        input: 'desde casa\n',
      },
    );
    expect(r.ok).toBe(true);
    await server.waitFor('desde casa', 2_000);
    await server.kill();
    const home = await t.conntrack('alice');
    expect(home.some((f) => f.original.src === '10.0.0.10' && f.reply.dst === t.addr.alice)).toBe(
      true,
    );
    const carrier = await t.conntrack('aliceNat');
    expect(
      carrier.some((f) => f.original.src === t.addr.alice && f.reply.dst === t.addr.aliceNatWan),
    ).toBe(true);
    await t.flushNatState();
    expect(await t.conntrack('alice')).toEqual([]);
    await t.configureHome(undefined);
    expect((await t.mustExec('alice', ['nft', 'list', 'ruleset'])).stdout.trim()).toBe('');
  });
});
