/**
 * Our real STUN server and client against the real peers on loopback (127.0.0.1 primary,
 * 127.0.0.2 alternate, random free ports P and P+1): Debian's `stun`, coturn's
 * `turnutils_stunclient` and `turnutils_natdiscovery` against our server; our classifier against
 * Debian's `stund` and coturn's `turnserver`. No NAT on loopback: every verdict is "no NAT".
 *
 * Seen here (Debian 12, stun-client 0.97, coturn 4.6.1) against our server:
 *   stun 127.0.0.1:P          STUN client version 0.97 / Primary: Open<TAB> / Return value is 0x000001
 *   turnutils_natdiscovery -m -f -p P 127.0.0.1
 *                             NAT with Endpoint Independent Mapping! / ... Filtering!
 *   turnutils_stunclient -p P 127.0.0.1
 *                             "RFC 5780 response 1" (origin 127.0.0.1:P, other 127.0.0.2:P+1), then
 *                             2 and 3 (origin 127.0.0.2:P+1): its second request carries CHANGE-REQUEST
 *                             and RESPONSE-PORT (0x0027, RFC 5780 §7.5) naming its second socket.
 *                             Before c4f8e81 the shared server logic answered that 420 Unknown
 *                             Attribute and the client waited forever; it has no receive timeout, so
 *                             it only ever runs under exec's timeout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../lab/netns/exec.ts';
import { classify } from '../../../lab/stun/client.ts';
import type { LabStunServer, StunServerEvent } from '../../../lab/stun/server.ts';
import type { Child } from './processes.ts';
import {
  startLoopbackServer,
  LOOPBACK,
  freePortPair,
  requirePeers,
  startLoopbackStund,
  startLoopbackTurnserver,
} from './processes.ts';

const { primary, alternate } = LOOPBACK;
const BINARIES = ['stun', 'stund', 'turnserver', 'turnutils_stunclient', 'turnutils_natdiscovery'];

beforeAll(async () => {
  await requirePeers(BINARIES);
});

describe('real clients against our server on 127.0.0.1 / 127.0.0.2', () => {
  let server: LabStunServer;
  let p: number;
  const events: StunServerEvent[] = [];

  beforeAll(async () => {
    p = await freePortPair();
    server = await startLoopbackServer(p, { onEvent: (e) => events.push(e) });
  });
  afterAll(async () => server?.stop());

  it("Debian's stun says Open, having had its CHANGE-REQUESTs answered from the other address and port", async () => {
    events.length = 0;
    const r = await run(['stun', `${primary}:${p}`], { timeoutMs: 8_000 });
    expect(r.stdout).toBe('STUN client version 0.97\nPrimary: Open\t\nReturn value is 0x000001\n');
    expect(r.code).toBe(1);
    const summaries = events.map((e) => (e.kind === 'answer' ? e.summary : e.kind));
    expect(summaries).toContainEqual(
      expect.stringMatching(
        new RegExp(`from ${alternate.replace(/\./g, '\\.')}:${p} \\(changed IP\\)$`),
      ),
    );
    expect(summaries).toContainEqual(
      expect.stringMatching(new RegExp(`from 127\\.0\\.0\\.1:${p + 1} \\(changed port\\)$`)),
    );
    expect(events.every((e) => e.kind === 'answer')).toBe(true);
  });

  it("coturn's natdiscovery finds endpoint-independent mapping and filtering", async () => {
    const r = await run(['turnutils_natdiscovery', '-m', '-f', '-p', String(p), primary], {
      timeoutMs: 10_000,
    });
    expect(r.stdout).toContain('NAT with Endpoint Independent Mapping!');
    expect(r.stdout).toContain('NAT with Endpoint Independent Filtering!');
    expect(r.stdout).toContain(`Other addr: : ${alternate}:${p + 1}`);
    expect(r.stdout).not.toContain('STUN receive timeout');
  });

  it("coturn's stunclient completes: its RESPONSE-PORT request is answered to that port", async () => {
    events.length = 0;
    const r = await run(['turnutils_stunclient', '-p', String(p), primary], { timeoutMs: 5_000 });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('RFC 5780 response 3');
    const blocks = r.stdout.split('RFC 5780 response ').slice(1);
    expect(blocks[0]).toContain(`Response origin: : ${primary}:${p}`);
    expect(blocks[0]).toContain(`Other addr: : ${alternate}:${p + 1}`);
    expect(blocks[1]).toContain(`Response origin: : ${alternate}:${p + 1}`);
    const reflexive = [...r.stdout.matchAll(/UDP reflexive addr: 127\.0\.0\.1:(\d+)/g)].map((m) =>
      Number(m[1]),
    );
    expect(reflexive).toHaveLength(3);
    // The second request came from the first socket and asked for the answer on the second.
    const redirected = events.find(
      (e) =>
        e.kind === 'answer' &&
        e.remote.port === reflexive[0] &&
        e.summary.includes(`to 127.0.0.1:${reflexive[2]} `),
    );
    expect(redirected, JSON.stringify(events)).toBeDefined();
  });

  it("coturn's natdiscovery with 1500-byte PADDING (-P) gets the same verdict", async () => {
    const argv = ['turnutils_natdiscovery', '-m', '-f', '-P', '-p', String(p), primary];
    const r = await run(argv, { timeoutMs: 10_000 });
    expect(r.stdout).toContain('NAT with Endpoint Independent Mapping!');
    expect(r.stdout).toContain('NAT with Endpoint Independent Filtering!');
  });

  it('counts what it received and answered', () => {
    const c = server.counts();
    expect(c.received).toBeGreaterThanOrEqual(10);
    expect(c.answered).toBe(c.received);
    expect(c.sendErrors).toBe(0);
  });
});

describe('our classifier against the real servers on loopback', () => {
  const cases: [string, (p: number) => Promise<Child & { remove?: () => Promise<void> }>][] = [
    ["Debian's stund", startLoopbackStund],
    ["coturn's turnserver", startLoopbackTurnserver],
  ];
  for (const [name, start] of cases) {
    describe(name, () => {
      let peer: (Child & { remove?: () => Promise<void> }) | undefined;
      let p: number;
      beforeAll(async () => {
        p = await freePortPair();
        peer = await start(p);
      });
      afterAll(async () => {
        await peer?.stop();
        await peer?.remove?.();
      });

      it('RFC 3489: Open Internet, the external endpoint being our own socket', async () => {
        const r = await classify({ server: { ip: primary, port: p }, sourceIp: primary });
        expect(r.mode).toBe('rfc3489');
        expect(r.text).toBe(
          `NAT Type: Open Internet\nExternal IP: ${primary}\nExternal Port: ${r.local.port}\n`,
        );
        expect(r.history.map((h) => [h.probe.label, h.answer?.from])).toEqual([
          ['Test I', { ip: primary, port: p }],
          ['Test II', { ip: alternate, port: p + 1 }],
        ]);
      });

      it('RFC 5780: no NAT, endpoint-independent mapping and filtering', async () => {
        const r = await classify({ server: { ip: primary, port: p }, rfc5780: true });
        expect(r.verdict).toEqual({
          kind: 'behaviour',
          external: r.local,
          nat: false,
          mapping: 'endpoint-independent',
          filtering: 'endpoint-independent',
          preservesPort: true,
        });
        expect(r.history.map((h) => h.answer?.other)).toContainEqual({
          ip: alternate,
          port: p + 1,
        });
      });
    });
  }
});
