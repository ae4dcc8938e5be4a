/**
 * The lab's real server and client on loopback, by themselves: CHANGE-REQUEST answers leave from
 * the socket `answerStun` names, garbage is counted and ignored, bind failures are typed
 * (EADDRINUSE, EADDRNOTAVAIL), bad settings are refused, and the client says Blocked on silence.
 */
import { createSocket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify } from '../../../lab/stun/client.ts';
import { openTransport } from '../../../lab/stun/dgram-transport.ts';
import { LabStunError } from '../../../lab/stun/errors.ts';
import { startStunServer } from '../../../lab/stun/server.ts';
import type { LabStunServer } from '../../../lab/stun/server.ts';
import { LOOPBACK, freePortPair, startLoopbackServer } from './processes.ts';

const { primary, alternate } = LOOPBACK;

describe('the real STUN server and client on loopback', () => {
  let server: LabStunServer;
  let p: number;
  beforeAll(async () => {
    p = await freePortPair();
    server = await startLoopbackServer(p, { software: 'agujero test' });
  });
  afterAll(async () => server?.stop());

  it('listens on the four endpoints', () => {
    expect(server.endpoints).toEqual([
      { ip: primary, port: p },
      { ip: primary, port: p + 1 },
      { ip: alternate, port: p },
      { ip: alternate, port: p + 1 },
    ]);
  });

  it('RFC 3489: every answer comes from where CHANGE-REQUEST asked (Test III via --pystun-bug too)', async () => {
    for (const pystunBug of [false, true]) {
      const lines: string[] = [];
      const r = await classify({
        server: { ip: primary, port: p },
        sourceIp: primary,
        pystunBug,
        onLog: (l) => lines.push(l),
      });
      expect(r.verdict.natType).toBe('Open Internet');
      expect(lines).toEqual(r.log);
      // On a busy machine Test II may be resent (1 ms RTO) before its answer is read.
      expect(r.log.filter((l) => !l.includes('retransmission'))).toEqual([
        `Test I: Binding request to ${primary}:${p}`,
        `Test I: answer from ${primary}:${p}, mapped ${primary}:${r.local.port}`,
        // After the first answer each send is 3 copies (LAB_RETRANSMIT).
        `Test II: Binding request to ${primary}:${p} (change IP + change port), 3 copies`,
        `Test II: answer from ${alternate}:${p + 1}, mapped ${primary}:${r.local.port}`,
      ]);
      expect(r.durationMs).toBeLessThan(1_000);
    }
  });

  it('binds the source port and address it is given', async () => {
    const [port] = [(await freePortPair()) + 1];
    const r = await classify({
      server: { ip: primary, port: p },
      sourceIp: alternate,
      sourcePort: port,
    });
    expect(r.local).toEqual({ ip: alternate, port });
    expect(r.verdict.external).toEqual({ ip: alternate, port });
  });

  it('counts and ignores garbage and responses, never answering them', async () => {
    const before = server.counts();
    const t = await openTransport({ ip: primary, toward: { ip: primary, port: p } });
    const got: Uint8Array[] = [];
    t.onDatagram((b) => got.push(b));
    t.send(new Uint8Array([1, 2, 3]), { ip: primary, port: p });
    t.send(new Uint8Array(20).fill(0xff), { ip: alternate, port: p + 1 });
    await new Promise((r) => setTimeout(r, 200));
    await t.close();
    const after = server.counts();
    expect(after.received - before.received).toBe(2);
    expect(after.ignored - before.ignored).toBe(2);
    expect(after.answered).toBe(before.answered);
    expect(got).toEqual([]);
  });

  it('refuses a port another socket holds (EADDRINUSE), closing what it bound', async () => {
    const err = await startStunServer({
      primaryIp: primary,
      alternateIp: '127.0.0.3',
      primaryPort: p + 1,
      alternatePort: p + 2,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LabStunError);
    expect(err).toMatchObject({ code: 'address-in-use', errno: 'EADDRINUSE' });
    expect((err as Error).message).toBe(
      `cannot listen on ${primary}:${p + 1}: another socket already uses it (EADDRINUSE); stop that program or choose another port`,
    );
  });

  it('refuses an address that is on no interface (EADDRNOTAVAIL)', async () => {
    const err = await startStunServer({
      primaryIp: '192.0.2.1',
      alternateIp: '192.0.2.2',
      primaryPort: p,
      alternatePort: p + 1,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'address-not-available', errno: 'EADDRNOTAVAIL' });
    expect((err as Error).message).toMatch(
      /^cannot listen on 192\.0\.2\.1:\d+: the address is not on any interface/,
    );
  });

  it.each([
    [
      { primaryIp: '1.2.3', alternateIp: alternate, primaryPort: 1, alternatePort: 2 },
      'primary address: "1.2.3" is not an IPv4 address (expected a.b.c.d)',
    ],
    [
      { primaryIp: primary, alternateIp: primary, primaryPort: 1, alternatePort: 2 },
      'the primary and alternate addresses must differ (both are 127.0.0.1): CHANGE-REQUEST needs a second address',
    ],
    [
      { primaryIp: primary, alternateIp: alternate, primaryPort: 7, alternatePort: 7 },
      'the primary and alternate ports must differ (both are 7)',
    ],
    [
      { primaryIp: primary, alternateIp: alternate, primaryPort: 70000, alternatePort: 7 },
      'primary port: 70000 is not a UDP port (expected an integer 1-65535)',
    ],
  ])('refuses a bad config: %j', async (config, message) => {
    await expect(startStunServer(config)).rejects.toThrow(
      new LabStunError('invalid-argument', message),
    );
  });

  it('the client says Blocked when nothing answers, within the retransmission schedule', async () => {
    const silent = createSocket('udp4');
    await new Promise<void>((r) => silent.bind(0, primary, () => r()));
    const port = silent.address().port;
    try {
      const r = await classify({
        server: { ip: primary, port },
        retransmit: { rto: 20, rc: 3, rm: 4 },
      });
      expect(r.text).toBe('NAT Type: Blocked\nExternal IP: None\nExternal Port: None\n');
      expect(r.log.filter((l) => l.startsWith('Test I: Binding request'))).toHaveLength(3);
      expect(r.durationMs).toBeGreaterThanOrEqual(20 + 40 + 80 - 5);
      expect(r.durationMs).toBeLessThan(1_000);
    } finally {
      silent.close();
    }
  });

  it('the client refuses bad endpoints with a typed error', async () => {
    await expect(classify({ server: { ip: 'localhost', port: 3478 } })).rejects.toThrow(
      'STUN server address: "localhost" is not an IPv4 address (expected a.b.c.d)',
    );
    await expect(classify({ server: { ip: primary, port: 0 } })).rejects.toMatchObject({
      code: 'invalid-argument',
    });
  });
});
