/**
 * A real walkthrough captured in namespaces and read back: tcpdump on the three segments while
 * real nc sends the seed's datagrams through MASQUERADE routers (INPUT drop-new), merged into
 * one pcapng that tshark reads, then imported: the reconstructed events say who saw which
 * ip:port (the Server sees each peer's public endpoint, Alice sees Bob's reply from Bob's
 * public ip:port), the NAT rewrites are found, and a packet dropped at a NAT is inferred.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureTrace, importCapture } from '../../src/app/capture-import.ts';
import { buildTopology } from '../../lab/netns/index.ts';
import type { ProcessHandle, Role, Topology } from '../../lab/netns/index.ts';
import { startCapture } from '../../lab/netns/capture.ts';
import { parseLabRun, formatLabRun } from '../../src/protocol/lab-run.ts';
import { fields, requireTshark } from '../lab/pcapng/tshark.ts';
import { requireNetns } from '../lab/netns/require-netns.ts';
import { bytesOf, runTool, startTool, stopTool } from './tools.ts';

const WAIT_MS = 3_000;

describe('capture a real walkthrough in namespaces and import it', () => {
  let t: Topology;
  let dir = '';
  let pcapng: Uint8Array;
  /** The same run as three machines record it: `tcpdump -i any` on each host, mergecap'd. */
  let merged: Uint8Array;
  const started: ProcessHandle[] = [];

  const send = async (role: Role, from: number, to: string, port: number, text: string) => {
    const argv = ['nc', '-q', '0', '-p', String(from), '-u', to, String(port)];
    const r = await t.exec(role, argv, { input: `${text}\n`, timeoutMs: WAIT_MS });
    expect(r.ok, `${argv.join(' ')}: ${r.stderr}`).toBe(true);
  };
  const listen = async (role: Role, port: number, keep: boolean) => {
    const h = await t.start(role, ['nc', keep ? '-klu' : '-lu', String(port)]);
    started.push(h);
    await t.waitForUdpSocket(role, { ip: '0.0.0.0', port }, WAIT_MS);
    return h;
  };

  beforeAll(async () => {
    requireTshark();
    await requireNetns(['nc', 'tcpdump']);
    dir = mkdtempSync(join(tmpdir(), 'agujero-capture-'));
    t = await buildTopology({
      prefix: `agjcap-${process.pid}`,
      alice: { recipe: 'masquerade', inputPolicy: 'drop-new' },
      bob: { recipe: 'masquerade', inputPolicy: 'drop-new' },
    });
    const { serverPrimary, aliceNatWan, bobNatWan } = t.addr;
    const capture = await startCapture(t.ns);
    const hosts = ['server', 'alice', 'bob'] as const;
    const perHost = await Promise.all(
      hosts.map((h) =>
        startTool([
          'ip',
          'netns',
          'exec',
          t.ns[h],
          'tcpdump',
          '-i',
          'any',
          '-U',
          '--immediate-mode',
          '-w',
          join(dir, `${h}.pcap`),
          'udp or icmp',
        ]),
      ),
    );
    try {
      let server = await listen('server', 9000, false);
      await send('bob', 58888, serverPrimary, 9000, 'toc');
      await server.waitFor('toc', WAIT_MS);
      await server.kill();
      server = await listen('server', 9000, false);
      await send('alice', 53333, serverPrimary, 9000, 'toc');
      await server.waitFor('toc', WAIT_MS);
      await send('alice', 53333, bobNatWan, 58888, 'upd hole');
      const alice = await listen('alice', 53333, true);
      await send('bob', 58888, aliceNatWan, 53333, 'soy Bob');
      await alice.waitFor('soy Bob', WAIT_MS);
      // Nobody listens on the Server's 9005: it answers ICMP port unreachable.
      await send('bob', 58888, serverPrimary, 9005, 'nadie');
      // A stranger's port: Bob's NAT never sent to the Server's 9001, so it drops this.
      await send('server', 9001, bobNatWan, 58888, 'intruso');
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      pcapng = await capture.stop();
      await Promise.all(perHost.map(stopTool));
    }
    runTool([
      'mergecap',
      '-w',
      join(dir, 'class.pcapng'),
      ...hosts.map((h) => join(dir, `${h}.pcap`)),
    ]);
    merged = bytesOf(join(dir, 'class.pcapng'));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(started.map((h) => h.kill()));
    await t?.teardown();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('tshark reads the merged pcapng: three named interfaces, the datagrams on each', () => {
    const file = join(dir, 'run.pcapng');
    writeFileSync(file, pcapng);
    const rows = fields(file, [
      'frame.interface_name',
      'ip.src',
      'udp.srcport',
      'ip.dst',
      'udp.dstport',
    ]);
    const seen = rows.map((r) => r.join(' '));
    expect(seen).toContain('bob-nat-lan 192.168.2.20 58888 203.0.113.162 9000');
    expect(seen).toContain('internet 198.51.100.24 58888 203.0.113.162 9000');
    expect(seen).toContain('alice-nat-lan 198.51.100.24 58888 192.168.1.10 53333');
    expect(new Set(rows.map((r) => r[0]))).toEqual(
      new Set(['internet', 'alice-nat-lan', 'bob-nat-lan']),
    );
  });

  it('imports as a saved run: who saw which ip:port', () => {
    const { file, analysis, guessed } = importCapture(pcapng);
    expect(analysis.book.source).toBe('namespace-lab');
    const parsed = parseLabRun(formatLabRun(file));
    expect(parsed.ok, parsed.ok ? '' : parsed.error).toBe(true);
    const delivered = file.events
      .map((e) => e.event)
      .flatMap((e) =>
        e.type === 'delivered'
          ? [
              `${e.node} <- ${e.packet.src.ip}:${e.packet.src.port} at ${e.socket.ip}:${e.socket.port}`,
            ]
          : [],
      );
    expect(delivered).toEqual([
      'server <- 198.51.100.24:58888 at 203.0.113.162:9000',
      'server <- 192.0.2.113:53333 at 203.0.113.162:9000',
      'alice <- 198.51.100.24:58888 at 192.168.1.10:53333',
    ]);
    const sent = file.events.flatMap((e) =>
      e.event.type === 'sent'
        ? [`${e.event.node} ${e.event.packet.src.ip}:${e.event.packet.src.port}`]
        : [],
    );
    expect(sent).toEqual([
      'bob 192.168.2.20:58888',
      'alice 192.168.1.10:53333',
      'alice 192.168.1.10:53333',
      'bob 192.168.2.20:58888',
      'bob 192.168.2.20:58888',
      'server 203.0.113.162:9001',
    ]);
    const refused = file.events.flatMap((e) =>
      e.event.type === 'dropped'
        ? [`${e.event.node} ${e.event.reason} ${e.event.packet.dst.port}`]
        : [],
    );
    // Alice's punch dropped at Bob's NAT (never sent to her), the refusal, and the Server's
    // intruder from port 9001 dropped at Bob's NAT (sent to the Server, but from 9000).
    expect(refused).toEqual([
      'bob-nat filtered-address 58888',
      'server port-unreachable 9005',
      'bob-nat filtered-port 58888',
    ]);
    // What the capture saw at the routers: each rewrite.
    const rewrites = file.events.flatMap((e) =>
      e.event.type === 'translated' ? [`${e.event.node} ${e.event.direction}`] : [],
    );
    expect(rewrites.length).toBeGreaterThan(0);
    expect(file).toMatchObject({ version: 2, source: 'capture', guessed });
    expect(file.lines.map((l) => `${l.actor}: ${l.command}`)).toEqual([
      'server: nc -lu 9000',
      'bob: echo "toc" | nc -p 58888 -u 54.93.249.162 9000',
      'server: nc -lu 9000',
      'alice: echo "toc" | nc -p 53333 -u 54.93.249.162 9000',
      'alice: echo "upd hole" | nc -p 53333 -u 54.93.229.24 58888',
      'alice: nc -klu 53333',
      'bob: echo "soy Bob" | nc -p 58888 -u 82.230.120.113 53333',
      'bob: echo "nadie" | nc -p 58888 -u 54.93.249.162 9005',
      'server: echo "intruso" | nc -p 9001 -u 54.93.229.24 58888',
    ]);
    expect(guessed).toEqual({
      'alice-nat': 'port-restricted-cone',
      'bob-nat': 'port-restricted-cone',
    });
  });

  it('three machines (tcpdump -i any on each host, mergecap): the same deliveries and refusal', () => {
    const fates = (bytes: Uint8Array) =>
      captureTrace(importCapture(bytes).analysis).flatMap((e) =>
        e.type === 'delivered' || (e.type === 'dropped' && e.reason === 'port-unreachable')
          ? [
              `${e.type} ${e.node} ${e.packet.src.ip}:${e.packet.src.port} ${e.packet.payload.length}`,
            ]
          : [],
      );
    const one = importCapture(merged);
    // mergecap joins identical interface descriptions into one: Linux cooked SLL2 here.
    expect(new Set(one.analysis.capture.interfaces.map((i) => i.linkType))).toEqual(new Set([276]));
    expect(fates(merged)).toEqual(fates(pcapng));
    // Each host saw only its own side, yet the NATs' rewrites are found between them.
    const rewrites = one.analysis.journeys.flatMap((j) =>
      j.rewrites.map((r) => `${r.router} ${r.direction}`),
    );
    expect(rewrites).toContain('bob-nat outbound');
    expect(rewrites).toContain('alice-nat inbound');
  });

  it("the full trace: NAT rewrites, and the drop at Bob's NAT with its reason", () => {
    const trace = captureTrace(importCapture(pcapng).analysis);
    const rewrites = trace.flatMap((e) =>
      e.type === 'translated'
        ? [
            `${e.node} ${e.direction} ${e.before.src.ip}:${e.before.src.port}>${e.before.dst.ip}:${e.before.dst.port} => ${e.after.src.ip}:${e.after.src.port}>${e.after.dst.ip}:${e.after.dst.port}`,
          ]
        : [],
    );
    expect(rewrites).toContain(
      'bob-nat outbound 192.168.2.20:58888>203.0.113.162:9000 => 198.51.100.24:58888>203.0.113.162:9000',
    );
    expect(rewrites).toContain(
      'alice-nat inbound 198.51.100.24:58888>192.0.2.113:53333 => 198.51.100.24:58888>192.168.1.10:53333',
    );
    const drops = trace.flatMap((e) => (e.type === 'dropped' ? [`${e.node} ${e.reason}`] : []));
    // Alice's "upd hole" dies at Bob's NAT (it never sent to Alice), the Server refuses 9005,
    // and the stranger's datagram dies at Bob's NAT too (it sent to the Server, from 9000).
    expect(drops).toEqual([
      'bob-nat filtered-address',
      'server port-unreachable',
      'bob-nat filtered-port',
    ]);
  });
});
