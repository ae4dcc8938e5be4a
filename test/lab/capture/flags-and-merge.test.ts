/**
 * The pieces of --capture and `capture merge` around the three-machine run: the fixed filter
 * compiles in the real libpcap for each set of ports, the CLI refuses before connecting when the
 * capture cannot start (a user without CAP_NET_RAW, no tcpdump or dumpcap on PATH) and goes on
 * with --capture-optional, and merge tells each file's role or says why it cannot.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeCaptures } from '../../../src/capture/merge.ts';
import { readCapture } from '../../../src/capture/read.ts';
import { LAB_PORTS, captureFilter } from '../../../lab/capture/filter.ts';
import type { FilterPorts } from '../../../lab/capture/filter.ts';
import { mergeMachineFiles } from '../../../lab/capture/merge-files.ts';
import { requireLabBundle } from '../netns/require-netns.ts';
import { ROOT } from '../stun/processes.ts';

const BIN = `${ROOT}bin/agujero.cjs`;

describe('the capture filter', () => {
  it.each<[string, FilterPorts]>([
    ['the lab defaults', LAB_PORTS],
    ['a server on another port', { rendezvous: 9999, stun: [3478, 3479] }],
    ['a punch from a fixed port', { rendezvous: 9000, stun: [3478, 3479], more: [53333] }],
  ])('%s: libpcap compiles it', (_, ports) => {
    const f = captureFilter(ports);
    expect(f).toMatch(/^\(udp and .*\) or \(icmp and icmp\[0\] = 3 and icmp\[1\] = 3\)$/);
    const r = spawnSync('tcpdump', ['-d', f], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  });
  it.each([0, 65536, 1.5, Number.NaN])('refuses port %s', (p) => {
    expect(() => captureFilter({ rendezvous: p, stun: [] })).toThrow(/not a UDP port/);
  });
});

describe('the CLI when the capture cannot start', () => {
  let dir = '';
  beforeAll(async () => {
    await requireLabBundle();
    dir = mkdtempSync(join(tmpdir(), 'agujero-p9flags-'));
    chmodSync(dir, 0o777);
    symlinkSync(process.execPath, join(dir, 'node'));
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const agent = (extra: string[], opts: { nobody?: boolean; path?: string }) => {
    const args = [
      BIN,
      'agent',
      '--role',
      'alice',
      '--hub',
      'ws://127.0.0.1:9/hub',
      '--token',
      'tokentoken',
    ];
    const argv = opts.nobody
      ? [
          'setpriv',
          '--reuid=65534',
          '--regid=65534',
          '--clear-groups',
          process.execPath,
          ...args,
          ...extra,
        ]
      : [process.execPath, ...args, ...extra];
    return spawnSync(argv[0] as string, argv.slice(1), {
      encoding: 'utf8',
      timeout: 4_000,
      killSignal: 'SIGTERM',
      env: { ...process.env, PATH: opts.path ?? process.env.PATH ?? '' },
    });
  };

  it('without CAP_NET_RAW: refuses before connecting, naming root and CAP_NET_RAW', () => {
    const r = agent(['--capture', join(dir, 'a.pcapng')], { nobody: true });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /--capture: tcpdump may not capture here .*root, or give tcpdump CAP_NET_RAW/,
    );
    expect(r.stderr).toMatch(
      /nothing was started \(--capture-optional goes on without a capture\)/,
    );
    expect(r.stdout).not.toMatch(/connecting/);
  });

  it('without CAP_NET_RAW and --capture-optional: says so and goes on', () => {
    const r = agent(['--capture', join(dir, 'a.pcapng'), '--capture-optional'], { nobody: true });
    expect(r.stderr).toMatch(/going on without a capture \(--capture-optional\)/);
    expect(r.stdout).toMatch(/connecting to ws:\/\/127\.0\.0\.1:9\/hub/);
  });

  it('with neither tcpdump nor dumpcap on PATH: names the Debian packages', () => {
    const r = agent(['--capture', join(dir, 'b.pcapng')], { path: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /neither tcpdump nor dumpcap is installed: sudo apt-get install tcpdump/,
    );
    expect(r.stdout).not.toMatch(/connecting/);
  });

  it('SIGTERM with a capture running: exits 0 and says what it wrote', async () => {
    const file = join(dir, 'c.pcapng');
    const args = ['agent', '--role', 'alice', '--hub', 'ws://127.0.0.1:9/hub', '--capture', file];
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const closed = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    // the launcher may first rebuild the bundle (another test rebuilt it): wait for the agent
    for (let i = 0; i < 800 && !/connecting to/.test(out); i++)
      await new Promise((r) => setTimeout(r, 25));
    expect(out).toMatch(/connecting to/);
    child.kill('SIGTERM');
    expect(await closed).toBe(0);
    expect(out).toMatch(/capturing with tcpdump/);
    expect(out).toMatch(/capture: wrote .*c\.pcapng \(\d+ frames?\)/);
    expect(readCapture(readFileSync(file)).interfaces[0]?.name).toBe('alice');
  }, 40_000);
});

/** An empty capture of one Ethernet interface: pcap (no name) or pcapng named `name`. */
function empty(name?: string): Uint8Array {
  const capture = {
    format: 'pcap' as const,
    interfaces: [{ linkType: 1, section: 0 }],
    frames: [],
  };
  if (name) return mergeCaptures([{ name, description: '', capture }]);
  const b = new Uint8Array(24);
  const v = new DataView(b.buffer);
  v.setUint32(0, 0xa1b2c3d4, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setUint32(16, 65535, true);
  v.setUint32(20, 1, true);
  return b;
}

describe('capture merge: whose file each is', () => {
  it.each<[string, [string, Uint8Array][], string[] | RegExp]>([
    [
      'the interface --capture named',
      [
        ['x/1.pcapng', empty('bob')],
        ['x/2.pcapng', empty('server')],
      ],
      ['server', 'bob'],
    ],
    [
      'the file name',
      [
        ['/tmp/lab-alice.pcap', empty()],
        ['server.pcap', empty()],
      ],
      ['server', 'alice'],
    ],
    [
      'ROLE=FILE',
      [
        ['bob=cap3.pcap', empty()],
        ['alice=x.pcapng', empty('server')],
      ],
      ['alice', 'bob'],
    ],
    ['nothing says', [['cap.pcap', empty()]], /cannot tell whose capture it is .* bob=cap\.pcap/],
    ['two names in the file name', [['alice-bob.pcap', empty()]], /cannot tell whose/],
    [
      'two files for one role',
      [
        ['alice.pcap', empty()],
        ['alice=b.pcap', empty()],
      ],
      /a second capture for alice/,
    ],
    ['a role that is not one', [['carol=c.pcap', empty()]], /"carol" is not server, alice or bob/],
    [
      'not a capture',
      [['bob.pcap', new TextEncoder().encode('hello world, no pcap')]],
      /bob\.pcap: not a pcap or pcapng/,
    ],
  ])('%s', (_, files, want) => {
    const input = files.map(([arg, bytes]) => ({ arg, path: arg.replace(/^[a-z]+=/, ''), bytes }));
    if (want instanceof RegExp) {
      expect(() => mergeMachineFiles(input)).toThrow(want);
      return;
    }
    const merged = readCapture(mergeMachineFiles(input).bytes);
    expect(merged.interfaces.map((i) => i.name)).toEqual(want);
  });
});
