/**
 * The seed walkthrough with real OpenBSD nc on the real kernel, in documentation-range addresses:
 * it works with the INPUT drop-new rule on both MASQUERADE routers (a), and without it Alice's
 * stray punch makes Bob's reply clash onto another port and never reach her (b).
 *
 *   server 203.0.113.162 (walkthrough 54.93.249.162)   nc -lu 9000
 *   Bob    192.168.2.20 behind 198.51.100.24 (54.93.229.24)    source port 58888
 *   Alice  192.168.1.10 behind 192.0.2.113 (82.230.120.113)    source port 53333
 *
 * `-k` finding (netcat-openbsd 1.219-1): `nc -klu PORT` keeps its UDP socket unconnected (ss shows
 * UNCONN, peer *), so one listener receives datagrams from several peers. Without -k, `nc -lu`
 * connect()s to its first sender (ss shows ESTAB with that peer) and never sees anyone else, which
 * is why the server restarts `nc -lu 9000` between Bob and Alice in case (a).
 * `-q 0` makes the sending nc exit right after stdin's EOF (the walkthrough's user presses ^C).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildTopology, translatedSource } from '../../../lab/netns/index.ts';
import type { ConntrackEntry, ProcessHandle, Role, Topology } from '../../../lab/netns/index.ts';
import { quietPeriod, requireNetns } from './require-netns.ts';

const BOB_PORT = 58888;
const ALICE_PORT = 53333;
const WAIT_MS = 3_000;

describe('the nc walkthrough on real namespaces', () => {
  let t: Topology;
  const started: ProcessHandle[] = [];

  /** `echo TEXT | nc -q 0 -p FROM -u TO PORT` in `role`. */
  const send = async (role: Role, from: number, to: string, port: number, text: string) => {
    const argv = ['nc', '-q', '0', '-p', String(from), '-u', to, String(port)];
    const r = await t.exec(role, argv, { input: `${text}\n`, timeoutMs: WAIT_MS });
    expect(r.ok, `${argv.join(' ')}: ${r.stderr}`).toBe(true);
  };
  /** Starts `nc [-k]lu PORT` in `role` and waits until it is bound. */
  const listen = async (role: Role, port: number, keep: boolean): Promise<ProcessHandle> => {
    const h = await t.start(role, ['nc', keep ? '-klu' : '-lu', String(port)]);
    started.push(h);
    await t.waitForUdpSocket(role, { ip: '0.0.0.0', port }, WAIT_MS);
    return h;
  };
  const flowFrom = (flows: ConntrackEntry[], src: string, sport: number, dst: string) =>
    flows.find(
      (f) => f.original.src === src && f.original.sport === sport && f.original.dst === dst,
    );

  beforeAll(async () => {
    await requireNetns(['nc']);
    t = await buildTopology({
      alice: { recipe: 'masquerade', inputPolicy: 'drop-new' },
      bob: { recipe: 'masquerade', inputPolicy: 'drop-new' },
    });
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((h) => h.kill()));
  });
  afterAll(async () => t?.teardown());

  it('(a) works end to end with INPUT drop-new on both routers; ports are preserved', async () => {
    const { serverPrimary, bobNatWan, aliceNatWan, bob } = t.addr;
    await t.flushConntrack();

    // Server: nc -lu 9000. Bob: echo toc | nc -p 58888 -u SERVER 9000.
    let server = await listen('server', 9000, false);
    await send('bob', BOB_PORT, serverPrimary, 9000, 'toc');
    await server.waitFor('toc', WAIT_MS);
    // ss -unp in the server: the socket is connected to Bob's public ip:port, port preserved.
    const seenBob = (await t.udpSockets('server')).find((s) => s.local.port === 9000);
    expect(seenBob?.state).toBe('ESTAB');
    expect(seenBob?.peer).toEqual({ ip: bobNatWan, port: BOB_PORT });
    const bobFlow = flowFrom(await t.conntrack('bobNat'), bob, BOB_PORT, serverPrimary);
    expect(bobFlow && translatedSource(bobFlow)).toEqual({ ip: bobNatWan, port: BOB_PORT });
    await server.kill();

    // Same for Alice from 53333 (a fresh nc -lu: the first one is connected to Bob).
    server = await listen('server', 9000, false);
    await send('alice', ALICE_PORT, serverPrimary, 9000, 'toc');
    await server.waitFor('toc', WAIT_MS);
    const seenAlice = (await t.udpSockets('server')).find((s) => s.local.port === 9000);
    expect(seenAlice?.peer).toEqual({ ip: aliceNatWan, port: ALICE_PORT });
    await server.kill();

    // Alice punches to Bob's public ip:58888 (dropped by Bob's INPUT rule), then listens.
    await send('alice', ALICE_PORT, bobNatWan, BOB_PORT, 'upd hole');
    expect(
      flowFrom(await t.conntrack('bobNat'), aliceNatWan, ALICE_PORT, bobNatWan),
    ).toBeUndefined();
    const aliceListens = await listen('alice', ALICE_PORT, true);

    // Bob answers from 58888: it leaves from 58888 and arrives through Alice's hole.
    await send('bob', BOB_PORT, aliceNatWan, ALICE_PORT, 'soy Bob');
    await aliceListens.waitFor('soy Bob', WAIT_MS);
    const reply = flowFrom(await t.conntrack('bobNat'), bob, BOB_PORT, aliceNatWan);
    expect(reply && translatedSource(reply)).toEqual({ ip: bobNatWan, port: BOB_PORT });
    // -k: Alice's listener is still unconnected after receiving.
    const aliceSocket = (await t.udpSockets('alice')).find((s) => s.local.port === ALICE_PORT);
    expect([aliceSocket?.state, aliceSocket?.peer]).toEqual(['UNCONN', undefined]);

    // The reverse direction: Bob's hole for Alice is open since he sent to her. Alice stops her
    // listener (it holds port 53333) and sends from 53333 to Bob's listener on 58888.
    await aliceListens.kill();
    const bobListens = await listen('bob', BOB_PORT, true);
    await send('alice', ALICE_PORT, bobNatWan, BOB_PORT, 'soy Alice');
    await bobListens.waitFor('soy Alice', WAIT_MS);
  });

  it('nc -lu without -k hears only its first peer; nc -klu hears everyone', async () => {
    await t.flushConntrack();
    const { serverPrimary } = t.addr;
    const once = await listen('server', 9000, false);
    await send('bob', BOB_PORT, serverPrimary, 9000, 'toc de Bob');
    await once.waitFor('toc de Bob', WAIT_MS);
    await send('alice', ALICE_PORT, serverPrimary, 9000, 'toc de Alice');
    await quietPeriod(300);
    expect(once.stdout()).toBe('toc de Bob\n');
    await once.kill();

    const keep = await listen('server', 9000, true);
    await send('bob', BOB_PORT, serverPrimary, 9000, 'toc de Bob');
    await send('alice', ALICE_PORT, serverPrimary, 9000, 'toc de Alice');
    await keep.waitFor(/toc de Bob\n[^]*toc de Alice|toc de Alice\n[^]*toc de Bob/, WAIT_MS);
    await keep.kill();
  });

  it('(b) with INPUT accepting, the stray punch clashes: Bob replies from another port, Alice hears nothing', async () => {
    const { serverPrimary, bobNatWan, aliceNatWan, bob } = t.addr;
    await t.configureRouter('alice', { recipe: 'masquerade', inputPolicy: 'accept' });
    await t.configureRouter('bob', { recipe: 'masquerade', inputPolicy: 'accept' });

    const server = await listen('server', 9000, true);
    await send('bob', BOB_PORT, serverPrimary, 9000, 'toc');
    await send('alice', ALICE_PORT, serverPrimary, 9000, 'toc');
    await server.waitFor(/toc\ntoc\n/, WAIT_MS);

    // Alice's stray punch reaches Bob's router itself and, accepted by INPUT, becomes a flow.
    await send('alice', ALICE_PORT, bobNatWan, BOB_PORT, 'upd hole');
    const stray = flowFrom(await t.conntrack('bobNat'), aliceNatWan, ALICE_PORT, bobNatWan);
    expect(stray?.original.dport).toBe(BOB_PORT);
    const aliceListens = await listen('alice', ALICE_PORT, true);

    // Bob's reply would need 198.51.100.24:58888 -> 192.0.2.113:53333, the stray flow's reply
    // tuple: MASQUERADE picks another source port.
    await send('bob', BOB_PORT, aliceNatWan, ALICE_PORT, 'soy Bob');
    const reply = flowFrom(await t.conntrack('bobNat'), bob, BOB_PORT, aliceNatWan);
    expect(reply).toBeDefined();
    const clash = translatedSource(reply!);
    console.info(`[netns] clash: Bob's reply left ${bobNatWan} from port ${clash.port}`);
    console.info(`[netns] conntrack on Bob's router: ${reply!.raw}`);
    expect(clash.ip).toBe(bobNatWan);
    expect(clash.port).not.toBe(BOB_PORT);

    // Alice's hole admits only 198.51.100.24:58888, so the reply from the other port is lost.
    await quietPeriod(500);
    expect(aliceListens.stdout()).toBe('');
    const atAlice = await t.conntrack('aliceNat');
    expect(flowFrom(atAlice, bobNatWan, clash.port, aliceNatWan)?.unreplied).toBe(true);
    await Promise.all([server.kill(), aliceListens.kill()]);
  });
});
