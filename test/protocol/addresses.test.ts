/**
 * The hub protocol's address fields, as tables: an agent's `register` with its own addresses, a
 * reporter's `report`, the agents list's `lan`, `public` and `saw`, and the welcome's Server;
 * each refuses what is not one host's IPv4 address (register: not a dotted quad), more than 8 of
 * them, or a bad port, with the field named.
 */
import { describe, expect, it } from 'vitest';
import { parseClientMessage, parseHubMessage } from '../../src/protocol/messages.ts';

const nc = { variant: 'builtin', keep: true };
const register = (addresses: unknown) =>
  JSON.stringify({ type: 'register', role: 'alice', nc, addresses });
const agents = (extra: object) =>
  JSON.stringify({ type: 'agents', agents: [{ role: 'bob', nc, since: 1, ...extra }] });
const welcome = (server: unknown) =>
  JSON.stringify({ type: 'welcome', protocol: 1, clock: 0, maxMessageBytes: 16384, server });

describe('address fields', () => {
  it.each<[string, string, 'client' | 'hub', RegExp | undefined]>([
    ['register with its LAN address', register(['192.168.1.10']), 'client', undefined],
    // a dotted quad that is no LAN address passes the schema: the hub refuses it as bad-address
    // with its reason (test/lab/hub/lan-claims.test.ts)
    ['register with a multicast address', register(['224.0.0.1']), 'client', undefined],
    [
      'register with nine addresses',
      register(Array(9).fill('10.0.0.1')),
      'client',
      /addresses must be at most 8 IPv4 addresses/,
    ],
    [
      'register with a command',
      register(['10.0.0.1; reboot']),
      'client',
      /addresses\.0 must be a dotted quad/,
    ],
    ['report as bob', JSON.stringify({ type: 'report', role: 'bob' }), 'client', undefined],
    [
      'report as carol',
      JSON.stringify({ type: 'report', role: 'carol' }),
      'client',
      /role must be one of alice, bob/,
    ],
    [
      'agents with lan, public and saw',
      agents({
        lan: ['192.168.2.20'],
        public: '198.51.100.24',
        saw: [{ local: 58888, seen: { ip: '198.51.100.24', port: 44645 } }],
      }),
      'hub',
      undefined,
    ],
    [
      'agents with a saw port 0',
      agents({ saw: [{ local: 58888, seen: { ip: '198.51.100.24', port: 0 } }] }),
      'hub',
      /agents\.0\.saw\.0\.seen\.port must be a UDP port/,
    ],
    [
      'welcome with the Server',
      welcome({ ips: ['203.0.113.162'], rendezvous: 9000 }),
      'hub',
      undefined,
    ],
    [
      'welcome with a Server at 0.0.0.0',
      welcome({ ips: ['0.0.0.0'] }),
      'hub',
      /server\.ips\.0 must be one host's IPv4/,
    ],
  ])('%s', (_name, text, side, problem) => {
    const r = side === 'client' ? parseClientMessage(text) : parseHubMessage(text);
    if (!problem) return expect(r.ok).toBe(true);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(problem);
  });
});
