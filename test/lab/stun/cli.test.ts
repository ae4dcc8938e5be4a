/**
 * The lab CLI as a user runs it, as a real process: help texts, bad flags (exit 2, naming the
 * flag), `stun decode` on an RFC 5769 vector and on garbage, and `stun --json` against
 * `stun-server` on loopback, stopped by SIGTERM. Once through tsx, as `npm run lab` runs it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../lab/netns/exec.ts';
import { COMMANDS } from '../../../lab/cli.ts';
import type { StunJson } from '../../../lab/commands/stun.ts';
import type { Child, CliBundle } from './processes.ts';
import {
  LOOPBACK,
  ROOT,
  bundleCli,
  freePortPair,
  startChild,
  stunServerArgs,
} from './processes.ts';

const { primary, alternate } = LOOPBACK;
/** Every command's name, as the CLI lists them. */
const NAMES = COMMANDS.map((c) => c.name).join(', ');

/** RFC 5769 §2.2, the sample IPv4 response (XOR-MAPPED-ADDRESS 192.0.2.1:32853), as printed. */
const RFC5769_IPV4_RESPONSE = `
  01 01 00 3c 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
  80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
  00 20 00 08 00 01 a1 47 e1 12 a6 43
  00 08 00 14 2b 91 f5 99 fd 9e 90 c3 8c 74 89 f9 2a f9 ba 53 f0 6b e7 d7
  80 28 00 04 c0 7d 4c 96`;

let cli: CliBundle;
beforeAll(async () => {
  cli = await bundleCli();
});
afterAll(async () => cli?.remove());

describe('help and bad command lines', () => {
  it('`--help` lists the commands; without a command it is printed to stderr with exit 2', async () => {
    const help = await cli.run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run lab -- <command> \[options\]\n/);
    expect(help.stdout).toMatch(/^ {2}stun {9}classify the NAT/m);
    expect(help.stdout).toMatch(/^ {2}stun-server {2}run a STUN server/m);
    const none = await cli.run([]);
    expect([none.code, none.stdout, none.stderr]).toEqual([2, '', help.stdout]);
  });

  it.each([
    [['stun', '--help'], /^usage: npm run lab -- stun \[-H HOST\]/],
    [['stun', 'decode', '--help'], /^usage: npm run lab -- stun decode HEX\.\.\./],
    [['stun-server', '-h'], /^usage: npm run lab -- stun-server --primary IP --alternate IP/],
  ])('%j prints its usage', async (args, usage) => {
    const r = await cli.run(args);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(usage);
  });

  it.each([
    [['frob'], `lab: unknown command "frob" (commands: ${NAMES})`],
    [['stn'], `lab: unknown command "stn"; did you mean stun? (commands: ${NAMES})`],
    [['stun', '--jsno'], 'stun: unknown option --jsno; did you mean --json?'],
    [['stun', '--colour'], 'stun: unknown option --colour'],
    [['stun', '-H'], 'stun: option -H/--host needs a value'],
    [
      ['stun', '-H', 'stun.example.org'],
      'stun: -H/--host: "stun.example.org" is not an IPv4 address (a.b.c.d)',
    ],
    [['stun', '-P', '99999'], 'stun: -P/--port: "99999" is not a UDP port (1-65535)'],
    [['stun', '-p', 'x1'], 'stun: -p/--source-port: "x1" is not a UDP port (1-65535)'],
    [['stun', '--json=yes'], 'stun: option --json takes no value'],
    [['stun', '--rto', '0'], 'stun: --rto: "0" is not a positive whole number of ms (1-10000)'],
    // Values beginning with '-' are values, and their own check names the problem.
    [['stun', '-P', '-1'], 'stun: -P/--port: "-1" is not a UDP port (1-65535)'],
    [['stun', '--port', '-1'], 'stun: -P/--port: "-1" is not a UDP port (1-65535)'],
    [['stun', '--rto', '-5'], 'stun: --rto: "-5" is not a positive whole number of ms (1-10000)'],
    [['stun', '-H', '-x'], 'stun: -H/--host: "-x" is not an IPv4 address (a.b.c.d)'],
    [['stun', '-H', '-v'], 'stun: option -H/--host needs a value'],
    // Addresses that name no single host.
    [
      ['stun', '-H', '0.0.0.0'],
      'stun: -H/--host 0.0.0.0: not a unicast address (0.0.0.0/8 means "this network", no host)',
    ],
    [
      ['stun', '--host', '255.255.255.255'],
      'stun: -H/--host 255.255.255.255: not a unicast address (the broadcast address)',
    ],
    [
      ['stun', '-H', '224.0.0.1'],
      'stun: -H/--host 224.0.0.1: not a unicast address (224.0.0.0/4 is multicast)',
    ],
    [
      ['stun', '-i', '239.255.255.250'],
      'stun: -i/--source-ip 239.255.255.250: not a unicast address (224.0.0.0/4 is multicast)',
    ],
    [
      ['stun-server', '--primary', '0.0.0.0', '--alternate', alternate],
      'stun-server: --primary 0.0.0.0: not a unicast address (0.0.0.0/8 means "this network", no host)',
    ],
    [
      ['stun-server', '--primary', primary, '--alternate', '240.0.0.1'],
      'stun-server: --alternate 240.0.0.1: not a unicast address (240.0.0.0/4 is reserved)',
    ],
    [
      ['stun-server', '--primary', primary, '--alternate', alternate, '--port', '-1'],
      'stun-server: --port: "-1" is not a UDP port (1-65535)',
    ],
    [
      [
        'stun-server',
        '--primary',
        primary,
        '--alternate',
        alternate,
        '--software',
        'x'.repeat(4_000),
      ],
      'stun-server: --software: 4,000 characters; RFC 8489 §14.14 allows fewer than 128',
    ],
    [['stun', 'decode', '-00zz'], 'stun decode: not hex: "z" at character 4 of "-00zz"'],
    [
      ['stun', '--rfc5780', '--pystun-bug'],
      'stun: --pystun-bug applies to the RFC 3489 test, not to --rfc5780',
    ],
    [['stun', 'extra'], 'stun: unexpected argument "extra"'],
    [['stun-server', '--alternate', alternate], 'stun-server: --primary IP is required'],
    [
      ['stun-server', '--primary', primary, '--alternate', primary],
      'stun-server: --primary and --alternate must be different addresses',
    ],
    [
      ['stun-server', '--primary', primary, '--alternate', alternate, '--alt-port', '3478'],
      'stun-server: --port and --alt-port must be different ports',
    ],
    [['stun', 'decode', '00 01 zz'], 'stun decode: not hex: "z" at character 7 of "00 01 zz"'],
    [['stun', 'decode', '000'], 'stun decode: odd number of hex digits (3): every byte needs two'],
    [['stun', 'decode'], 'stun decode: give the message as HEX'],
  ])('%j exits 2 saying what is wrong', async (args, message) => {
    const r = await cli.run(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe(message);
  });
});

describe('stun decode', () => {
  it('hex beginning with "-" is the message, not an option', async () => {
    const r = await cli.run(['stun', 'decode', '-000100002112a442b7e7a701bc34d686fa87dfae']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout.split('\n')[0]).toBe(
      'Binding request, RFC 5389/8489, 20 bytes, 0 attributes, no FINGERPRINT',
    );
  });

  it('annotates the RFC 5769 sample IPv4 response field by field', async () => {
    const r = await cli.run(['stun', 'decode', ...RFC5769_IPV4_RESPONSE.trim().split(/\n\s*/)]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(
      'Binding success response, RFC 5389/8489, 80 bytes, 4 attributes, FINGERPRINT valid',
    );
    expect(lines[1]).toBe('  off  len  field: value  [RFC section]  (note)');
    expect(lines).toContain('    4    4  Magic Cookie: 0x2112a442  [RFC 8489 §5]');
    expect(lines).toContain('   36   12  XOR-MAPPED-ADDRESS: 192.0.2.1:32853  [RFC 8489 §14.2]');
    expect(lines).toContain('              00 20 00 08 00 01 a1 47 e1 12 a6 43');
    expect(r.stdout).toContain(
      '   42    2      X-Port: 32853 (0xa147 XOR 0x2112)  [RFC 8489 §14.2]\n                  a1 47\n',
    );
    expect(r.stdout).toContain(
      '   44    4      X-Address: 192.0.2.1 (XOR magic cookie)  [RFC 8489 §14.2]\n                  e1 12 a6 43\n',
    );
    expect(lines).toContain(
      '   35    1    Padding: 1 byte  [RFC 8489 §14]  (not zero; receivers ignore padding)',
    );
    expect(lines).toContain('   72    8  FINGERPRINT: 0xc07d4c96  [RFC 8489 §14.7]');
  });

  it.each([
    [['0001005821'], 'a STUN header is 20 bytes, got 5 (truncated at byte 5 of 5)'],
    [['ff'.repeat(20)], 'not-stun at byte 0 of 20'],
    [[`0101000c2112a442${'00'.repeat(12)}00200008000100`], 'truncated'],
  ])('garbage %j: exit 1 naming the byte offset', async (args, message) => {
    const r = await cli.run(['stun', 'decode', ...args]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^stun decode: not a well-formed STUN message: /);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toMatch(/ at byte \d+ of \d+\)\n$/);
  });
});

describe('stun against stun-server on loopback', () => {
  let server: Child;
  let p: number;
  beforeAll(async () => {
    p = await freePortPair();
    server = await startChild(cli.argv(...stunServerArgs(p, '-v')));
    await server.waitFor(/listening/, 5_000);
  });
  afterAll(async () => server?.stop());

  it('stun-server says where it listens', () => {
    expect(server.stdout().split('\n')[0]).toBe(
      `STUN server listening on ${primary}:${p}, ${primary}:${p + 1}, ${alternate}:${p}, ${alternate}:${p + 1}`,
    );
  });

  it('`stun --json` prints the verdict, local endpoint, log and probes', async () => {
    const r = await cli.run(['stun', '-H', primary, '-P', String(p), '-i', primary, '--json']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const json = JSON.parse(r.stdout) as StunJson;
    const port = Number(json.local.split(':')[1]);
    expect(json).toMatchObject({
      mode: 'rfc3489',
      server: `${primary}:${p}`,
      local: `${primary}:${port}`,
      verdict: { natType: 'Open Internet', external: { ip: primary, port } },
      text: `NAT Type: Open Internet\nExternal IP: ${primary}\nExternal Port: ${port}\n`,
    });
    expect(json.probes.map((x) => [x.probe.label, x.answer?.from])).toEqual([
      ['Test I', { ip: primary, port: p }],
      ['Test II', { ip: alternate, port: p + 1 }],
    ]);
    // Two requests and their answers; on a busy machine Test II may be resent (1 ms RTO) first.
    expect(json.log.filter((l) => !l.includes('retransmission'))).toHaveLength(4);
    expect(json.durationMs).toBeLessThan(1_000);
  });

  it('`stun --rfc5780 -v` prints the behaviour lines, progress on stderr', async () => {
    const r = await cli.run(['stun', '-P', String(p), '-p', String(p + 2), '--rfc5780', '-v']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'NAT: no (the mapped address is the local one)\nMapping: endpoint-independent\n' +
        `Filtering: endpoint-independent\nPort preserved: yes\nExternal IP: ${primary}\nExternal Port: ${p + 2}\n`,
    );
    expect(r.stderr.split('\n')[0]).toBe(`Binding test I: Binding request to ${primary}:${p}`);
  });

  it('a second server on the same ports exits 1 with EADDRINUSE', async () => {
    const r = await cli.run([
      'stun-server',
      '--primary',
      primary,
      '--alternate',
      alternate,
      '--port',
      String(p),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `stun-server: cannot listen on ${primary}:${p}: another socket already uses it (EADDRINUSE); stop that program or choose another port\n`,
    );
  });

  it('`stun` from a port another socket holds: exit 1 with EADDRINUSE', async () => {
    const r = await cli.run(['stun', '-P', String(p), '-i', primary, '-p', String(p)]);
    expect([r.code, r.stdout]).toEqual([1, '']);
    expect(r.stderr).toBe(
      `stun: cannot bind ${primary}:${p}: another socket already uses it (EADDRINUSE); stop that program or choose another port\n`,
    );
  });

  it('stun-server logs one line per answer with -v and prints its counts on SIGTERM', async () => {
    const code = await server.stop('SIGTERM');
    const out = server.stdout().split('\n');
    expect(code).toBe(0);
    expect(out).toContain(
      `${primary}:${p + 2} -> ${primary}:${p}: Binding success to ${primary}:${p + 2} from ${alternate}:${p + 1} (changed IP and port)`,
    );
    expect(out.at(-2)).toMatch(
      /^stopped \(SIGTERM\): (\d+) received, \1 answered, 0 ignored, 0 send errors$/,
    );
  });
});

describe('the CLI through tsx, as `npm run lab` runs it', () => {
  it('an address on no interface: exit 1 with EADDRNOTAVAIL', async () => {
    const r = await run(
      [
        `${ROOT}node_modules/.bin/tsx`,
        `${ROOT}lab/cli.ts`,
        'stun-server',
        '--primary',
        '192.0.2.1',
        '--alternate',
        '192.0.2.2',
      ],
      { timeoutMs: 15_000 },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^stun-server: cannot listen on 192\.0\.2\.1:3478: the address is not on any interface of this machine \(EADDRNOTAVAIL\)/,
    );
  });
});
