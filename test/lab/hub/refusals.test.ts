/**
 * How a lab machine's link to the hub ends or retries, against real servers on loopback: a real
 * hub at a wrong path (HTTP 400), real HTTP servers answering 404, 401, 403 and 200 (not a
 * WebSocket server), a wrong token and a refused LAN claim end the agent at once with a sentence
 * naming the fix (and `agent` / `punch --hub` exit 1); a closed port and an HTTP 503 are tried
 * again with backoff, one progress line per try, until the hub appears.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startAgent } from '../../../lab/agent/agent.ts';
import type { Agent } from '../../../lab/agent/agent.ts';
import { startHub } from '../../../lab/hub/hub.ts';
import type { Hub } from '../../../lab/hub/hub.ts';
import { runCommand } from './server-lab.ts';

const servers: Server[] = [];
const agents: Agent[] = [];
let hub: Hub | undefined;
afterEach(async () => {
  await Promise.all(agents.splice(0).map((a) => a.stop()));
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  await hub?.stop();
  hub = undefined;
});

/** A real HTTP server on 127.0.0.1 that answers every request with `status`. */
async function answering(status: number): Promise<string> {
  const s = createServer((_req, res) => res.writeHead(status).end('no\n'));
  s.on('upgrade', (_req, socket) =>
    socket.end(`HTTP/1.1 ${status} Status\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`),
  );
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  servers.push(s);
  return `ws://127.0.0.1:${(s.address() as AddressInfo).port}/hub`;
}

/** A port on 127.0.0.1 nobody listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

function agent(
  url: string,
  lines: string[],
  more: { token?: string; addresses?: string[] } = {},
): Agent {
  const a = startAgent({
    hub: url,
    role: 'alice',
    nc: { variant: 'builtin', keep: true },
    retryMs: 50,
    maxRetryMs: 200,
    log: (l) => lines.push(l),
    ...more,
  });
  agents.push(a);
  return a;
}

const within = <T>(p: Promise<T>, ms: number): Promise<T | 'still waiting'> =>
  Promise.race([p, new Promise<'still waiting'>((r) => setTimeout(() => r('still waiting'), ms))]);

describe('permanent refusals end the link at once', () => {
  it.each<[string, () => Promise<string>, { token?: string; addresses?: string[] }, RegExp]>([
    [
      'a real hub at a wrong path (400)',
      async () => ((hub = await startHub()), hub.url.replace(/\/hub$/, '/hbu')),
      {},
      /answered HTTP 400 .*: nothing takes WebSocket connections at \/hbu; use the hub URL `agujero server` printed, ending in \/hub/,
    ],
    ['HTTP 404', () => answering(404), {}, /answered HTTP 404 .*ending in \/hub/],
    ['HTTP 401', () => answering(401), {}, /answered HTTP 401 .*\(not authorized\): use the token/],
    [
      'HTTP 403',
      () => answering(403),
      {},
      /answered HTTP 403 .*\(forbidden\): the hub refused this connection's Origin/,
    ],
    [
      'HTTP 200 (a web server)',
      () => answering(200),
      {},
      /answered HTTP 200 .*instead of a WebSocket handshake/,
    ],
    [
      'a wrong token',
      async () => ((hub = await startHub({ token: 'right-token-1' })), hub.url),
      { token: 'wrong-token-2' },
      /the hub refused the token: use the one `agujero server` printed \(AGUJERO_TOKEN=TOKEN or --token-file PATH\)/,
    ],
    [
      'no token where one is needed',
      async () => ((hub = await startHub({ token: 'right-token-1' })), hub.url),
      {},
      /the hub needs a token: set AGUJERO_TOKEN=TOKEN or --token-file PATH/,
    ],
    [
      'a public address claimed as LAN',
      async () => ((hub = await startHub()), hub.url),
      { addresses: ['8.8.8.8'] },
      /the hub refused this machine's LAN addresses \(.*8\.8\.8\.8 is a public address, not a LAN one/,
    ],
  ])('%s', async (_name, url, more, words) => {
    const lines: string[] = [];
    const a = agent(await url(), lines, more);
    const why = await within(a.gaveUp, 3000);
    expect(why).toMatch(words);
    expect(lines.filter((l) => /try \d/.test(l))).toEqual([]); // not retried
  });
});

describe('transient failures are tried again with backoff', () => {
  it('a closed port, then a hub appearing there: progress lines, then registered', async () => {
    const port = await closedPort();
    const lines: string[] = [];
    const a = agent(`ws://127.0.0.1:${port}/hub`, lines);
    await new Promise((r) => setTimeout(r, 600));
    const tries = lines.filter((l) => /cannot reach the hub/.test(l));
    expect(tries.length).toBeGreaterThanOrEqual(3);
    expect(tries[0]).toMatch(
      /cannot reach the hub at ws:\/\/127\.0\.0\.1:\d+\/hub: connect ECONNREFUSED .* \(is `agujero server` running there\?\); try 2 in 0\.05 s/,
    );
    expect(lines.join('\n')).toMatch(/try 3 in 0\.10 s/); // backoff doubles
    hub = await startHub({ port });
    expect(await within(a.registered, 3000)).toBeUndefined();
    expect(await within(a.gaveUp, 50)).toBe('still waiting');
  });

  it('HTTP 503 is tried again, not given up', async () => {
    const lines: string[] = [];
    const a = agent(await answering(503), lines);
    expect(await within(a.gaveUp, 600)).toBe('still waiting');
    expect(
      lines.filter((l) => /cannot reach the hub .*HTTP 503.*; try \d/.test(l)).length,
    ).toBeGreaterThanOrEqual(2);
  });
});

describe('the commands exit 1 on a permanent refusal', () => {
  it.each<[string, (url: string) => string[]]>([
    ['agent', (url) => ['agent', '--role', 'alice', '--hub', url, '--nc', 'builtin']],
    [
      'punch --hub',
      (url) => ['punch', '-s', '127.0.0.1:9', '-n', 'alice', '--peer', 'bob', '--hub', url],
    ],
  ])('%s at a wrong path', async (_name, argv) => {
    hub = await startHub();
    const started = Date.now();
    const r = await runCommand(argv(hub.url.replace(/\/hub$/, '/')));
    expect(r.code).toBe(1);
    expect(r.text).toMatch(
      /answered HTTP 400 .*nothing takes WebSocket connections at \/; use the hub URL/,
    );
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
