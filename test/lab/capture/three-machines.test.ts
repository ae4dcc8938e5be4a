/**
 * A class of three machines played in namespaces, each recording its own share with the real
 * CLI: `agujero server --capture` in the Server's namespace, `agujero agent --capture` in
 * Alice's and Bob's (connected to that hub through the real NAT routers), real nc sending the
 * walkthrough's datagrams; SIGTERM stops them and leaves no tcpdump behind; `agujero capture
 * merge` joins the three files into one pcapng with interfaces server, alice and bob, which
 * tshark reads and the course imports with the roles and NAT rewrites joined. A SIGKILLed agent
 * leaves no tcpdump either, and its FILE.part is a finished pcap.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { copyFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCapture } from '../../../src/app/capture-import.ts';
import { readCapture } from '../../../src/capture/read.ts';
import { buildTopology } from '../../../lab/netns/index.ts';
import type { ProcessHandle, Role, Topology } from '../../../lab/netns/index.ts';
import { run } from '../../../lab/netns/exec.ts';
import { main } from '../../../lab/cli.ts';
import { fields, requireTshark } from '../pcapng/tshark.ts';
import { requireLabBundle, requireNetns } from '../netns/require-netns.ts';
import { ROOT } from '../stun/processes.ts';

const BIN = `${ROOT}bin/agujero.cjs`;
const WAIT_MS = 5_000;
const HUB = 'ws://203.0.113.162:8080/hub';

/** The tcpdump processes in namespace `ns`. */
async function tcpdumpsIn(ns: string): Promise<string[]> {
  const r = await run(['ip', 'netns', 'pids', ns], { timeoutMs: 2_000 });
  const pids = r.stdout.split(/\s+/).filter(Boolean);
  return pids.filter((p) => {
    try {
      return readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'tcpdump';
    } catch {
      return false;
    }
  });
}

async function eventually(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

describe('--capture on three machines (namespaces), merged and imported', () => {
  let t: Topology;
  let dir = '';
  let tokenFile = '';
  const started: ProcessHandle[] = [];
  const stopped: Record<string, { out: string; left: string[] }> = {};

  const cli = async (role: Role, args: readonly string[]): Promise<ProcessHandle> => {
    const h = await t.start(role, [process.execPath, BIN, ...args]);
    started.push(h);
    return h;
  };
  const send = async (role: Role, from: number, to: string, port: number, text: string) => {
    const argv = ['nc', '-q', '0', '-p', String(from), '-u', to, String(port)];
    const r = await t.exec(role, argv, { input: `${text}\n`, timeoutMs: WAIT_MS });
    expect(r.ok, `${argv.join(' ')}: ${r.stderr}`).toBe(true);
  };

  beforeAll(async () => {
    requireTshark();
    await requireNetns(['nc', 'tcpdump']);
    await requireLabBundle();
    dir = mkdtempSync(join(tmpdir(), 'agujero-p9cap-'));
    tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, 'p9capture-token-0123');
    chmodSync(tokenFile, 0o600);
    t = await buildTopology({
      prefix: `p9cap-${process.pid}`,
      alice: { recipe: 'masquerade', inputPolicy: 'drop-new' },
      bob: { recipe: 'masquerade', inputPolicy: 'drop-new' },
    });
    const { serverPrimary, aliceNatWan, bobNatWan } = t.addr;
    const server = await cli('server', [
      'server',
      '--host',
      '0.0.0.0',
      '--token-file',
      tokenFile,
      '--capture',
      join(dir, 'server.pcapng'),
    ]);
    await server.waitFor('Ctrl-C stops', 20_000);
    const agents = await Promise.all(
      (['alice', 'bob'] as const).map((r) =>
        cli(r, [
          'agent',
          '--role',
          r,
          '--hub',
          HUB,
          '--token-file',
          tokenFile,
          '--nc',
          'builtin',
          '--capture',
          join(dir, `${r}.pcapng`),
        ]),
      ),
    );
    await Promise.all(agents.map((a) => a.waitFor(/registered as/, 20_000)));
    expect(server.stdout()).toMatch(/capturing with tcpdump into .*server\.pcapng/);
    // The walkthrough: each peer to the rendezvous, Alice's punch dropped at Bob's NAT, Bob's
    // answer through the hole Alice's punch opened.
    await send('bob', 58888, serverPrimary, 9000, 'toc');
    await send('alice', 53333, serverPrimary, 9000, 'toc');
    await server.waitFor(`<- ${aliceNatWan}:53333`, WAIT_MS);
    await send('alice', 53333, bobNatWan, 58888, 'upd hole');
    const listener = await t.start('alice', ['nc', '-klu', '53333']);
    started.push(listener);
    await t.waitForUdpSocket('alice', { ip: '0.0.0.0', port: 53333 }, WAIT_MS);
    await send('bob', 58888, aliceNatWan, 53333, 'soy Bob');
    await listener.waitFor('soy Bob', WAIT_MS);
    await new Promise((r) => setTimeout(r, 300));
    for (const [role, h] of [
      ['alice', agents[0] as ProcessHandle],
      ['bob', agents[1] as ProcessHandle],
    ] as const) {
      const exit = await h.kill(5_000);
      expect(exit.signal, `${role} ended by itself on SIGTERM`).toBeNull();
      stopped[role] = { out: h.stdout(), left: await tcpdumpsIn(t.ns[role]) };
    }
    // The hub ending the run: a wrong token, refused for good, stops the agent and its capture.
    const wrong = join(dir, 'wrong-token');
    writeFileSync(wrong, 'not-the-token-4567');
    chmodSync(wrong, 0o600);
    const refused = await cli('bob', [
      ...['agent', '--role', 'bob', '--hub', HUB, '--token-file', wrong],
      ...['--capture', join(dir, 'refused.pcapng')],
    ]);
    const refusedExit = await refused.exited;
    stopped.refused = {
      out: `exit ${refusedExit.code}\n${refused.stdout()}`,
      left: await tcpdumpsIn(t.ns.bob),
    };
    for (const [role, h] of [['server', server]] as const) {
      const exit = await h.kill(5_000);
      expect(exit.signal, `${role} ended by itself on SIGTERM`).toBeNull();
      stopped[role] = { out: h.stdout(), left: await tcpdumpsIn(t.ns[role]) };
    }
  }, 90_000);

  afterAll(async () => {
    // AGUJERO_KEEP_CAPTURE=PATH keeps the merged file (how test/e2e/fixtures/three-machines.pcapng
    // was made).
    const keep = process.env.AGUJERO_KEEP_CAPTURE;
    if (keep && existsSync(join(dir, 'run.pcapng'))) copyFileSync(join(dir, 'run.pcapng'), keep);
    await Promise.all(started.map((h) => h.kill(1_000)));
    await t?.teardown();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each(['server', 'alice', 'bob'] as const)(
    '%s: SIGTERM stops its tcpdump and finalises a pcapng with one interface named after it',
    (role) => {
      expect(stopped[role]?.left).toEqual([]);
      expect(stopped[role]?.out).toMatch(/capture: wrote .*\.pcapng \(\d+ frames?\)/);
      expect(existsSync(join(dir, `${role}.pcapng.part`))).toBe(false);
      const c = readCapture(new Uint8Array(readFileSync(join(dir, `${role}.pcapng`))));
      expect(c.format).toBe('pcapng');
      expect(c.interfaces.map((i) => i.name)).toEqual([role]);
      expect(c.frames.length).toBeGreaterThan(0);
    },
  );

  it('the hub refusing the agent (wrong token) ends its capture too', () => {
    expect(stopped.refused?.out).toMatch(/^exit 1\n/);
    expect(stopped.refused?.out).toMatch(/capture: wrote .*refused\.pcapng/);
    expect(stopped.refused?.left).toEqual([]);
  });

  it('capture merge: one pcapng, interfaces server, alice and bob, what each machine saw', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const merged = join(dir, 'run.pcapng');
    const code = await main(
      [
        'capture',
        'merge',
        ...['bob', 'alice', 'server'].map((r) => join(dir, `${r}.pcapng`)),
        '--out',
        merged,
      ],
      { out: (s) => out.push(s), err: (s) => err.push(s), stopped: new Promise(() => undefined) },
    );
    expect(code, err.join('')).toBe(0);
    expect(out.join('')).toMatch(/read back \(namespace-lab\)/);
    // One machine's clock in the namespaces: nothing to move.
    expect(out.join('')).toMatch(/alice's clock agrees with the server's \(\d+ datagrams? it sent/);
    expect(out.join('')).toMatch(/bob's clock agrees with the server's/);
    const seen = fields(merged, [
      'frame.interface_name',
      'ip.src',
      'udp.srcport',
      'ip.dst',
      'udp.dstport',
    ]).map((r) => r.join(' '));
    expect(seen).toContain('bob 192.168.2.20 58888 203.0.113.162 9000');
    expect(seen).toContain('server 198.51.100.24 58888 203.0.113.162 9000');
    expect(seen).toContain('server 192.0.2.113 53333 203.0.113.162 9000');
    expect(seen).toContain('alice 198.51.100.24 58888 192.168.1.10 53333');
    const names = fields(merged, ['frame.interface_name']).map((r) => r[0]);
    expect(new Set(names)).toEqual(new Set(['server', 'alice', 'bob']));
  });

  it('imports with the right roles and the NAT rewrites joined', () => {
    const { analysis } = importCapture(new Uint8Array(readFileSync(join(dir, 'run.pcapng'))));
    expect(analysis.book.source).toBe('namespace-lab');
    const trips = analysis.journeys.map((j) => ({
      from: j.sender,
      text: new TextDecoder().decode(j.sent.payload).trim(),
      via: j.rewrites.map((r) => `${r.router} ${r.direction}`),
      end: j.end.kind === 'delivered' ? `delivered ${j.end.node}` : j.end.kind,
    }));
    expect(trips).toContainEqual({
      from: 'bob',
      text: 'toc',
      via: ['bob-nat outbound'],
      end: 'delivered server',
    });
    expect(trips).toContainEqual({
      from: 'alice',
      text: 'toc',
      via: ['alice-nat outbound'],
      end: 'delivered server',
    });
    expect(trips).toContainEqual({
      from: 'bob',
      text: 'soy Bob',
      via: ['bob-nat outbound', 'alice-nat inbound'],
      end: 'delivered alice',
    });
    const hole = trips.find((j) => j.text === 'upd hole');
    // Dropped at Bob's NAT: on three machines nobody sees it past Alice's own (no WAN capture).
    expect(hole).toMatchObject({ from: 'alice', via: [] });
    expect(hole?.end).not.toMatch(/^delivered/);
    // Bob's answer came from where Alice had sent, though no one saw her punch leave her NAT:
    // no evidence of a full cone (the guess stays the default, MASQUERADE's).
    expect(analysis.nat['alice-nat']).toMatchObject({
      preset: 'port-restricted-cone',
      evidence: false,
    });
  });

  it('SIGKILL of the agent: its tcpdump goes too, and FILE.part is a finished pcap', async () => {
    const file = join(dir, 'killed.pcapng');
    const agent = await cli('bob', [
      'agent',
      '--role',
      'bob',
      '--hub',
      HUB,
      '--token-file',
      tokenFile,
      '--capture',
      file,
    ]);
    await agent.waitFor('capturing with tcpdump', 20_000);
    expect(await tcpdumpsIn(t.ns.bob)).toHaveLength(1);
    await send('bob', 58888, t.addr.serverPrimary, 9000, 'after');
    process.kill(agent.pid, 'SIGKILL');
    await agent.exited;
    expect(await eventually(async () => (await tcpdumpsIn(t.ns.bob)).length === 0, 3_000)).toBe(
      true,
    );
    const part = readCapture(new Uint8Array(readFileSync(`${file}.part`)));
    expect(part.format).toBe('pcap');
    expect(part.frames.length).toBeGreaterThan(0);
  }, 30_000);
});
