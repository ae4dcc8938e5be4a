/**
 * The hub on loopback with real `ws` clients: an agent (alice) and a browser connect, the
 * browser's nc-send step reaches the agent, which sends a real datagram (with the machine's nc,
 * and with the built-in) to a UDP socket on 127.0.0.1, and the events come back to the browser in
 * the TraceEvent shape; a listen step reports what arrives; the agent reconnects after the hub
 * restarts. All traffic stays on 127.0.0.1.
 */
import { execFileSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { startAgent } from '../../../lab/agent/agent.ts';
import type { Agent } from '../../../lab/agent/agent.ts';
import { detectNc } from '../../../lab/agent/netcat.ts';
import { startHub } from '../../../lab/hub/hub.ts';
import { startStunServer } from '../../../lab/stun/server.ts';
import type { Hub } from '../../../lab/hub/hub.ts';
import { fromWire } from '../../../src/protocol/events.ts';
import type { LabEvent } from '../../../src/protocol/events.ts';
import type { NcInfo } from '../../../src/protocol/messages.ts';
import { browser, udpSink, until } from './clients.ts';
import type { TestClient } from './clients.ts';

const TOKEN = 'test-token';
const hasNc = (() => {
  try {
    execFileSync('sh', ['-c', 'command -v nc'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.reverse()) await f();
  cleanup = [];
});

async function hubWithAgent(
  nc: NcInfo,
  port = 0,
): Promise<{ hub: Hub; agent: Agent; b: TestClient }> {
  const hub = await startHub({ token: TOKEN, port });
  const agent = startAgent({ hub: hub.url, token: TOKEN, role: 'alice', nc });
  cleanup.push(
    () => hub.stop(),
    () => agent.stop(),
  );
  await agent.registered;
  const b = await browser(hub.url, TOKEN);
  cleanup.push(() => b.close());
  return { hub, agent, b };
}

/** A free UDP port on 127.0.0.1. */
async function freePort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(r));
  return port;
}

/** The events of request `id` until its step-done. */
async function eventsOf(b: TestClient, id: string, ms = 5000): Promise<LabEvent[]> {
  await b.next(
    'event',
    (m) => m.request === id && m.event.type === 'observed' && m.event.kind === 'step-done',
    ms,
  );
  return b.received
    .flatMap((m) => (m.type === 'event' && m.request === id ? [m.event] : []))
    .concat();
}

describe('hub relay on loopback', () => {
  const variants: [string, () => Promise<NcInfo>][] = [
    ['the built-in nc', async () => ({ variant: 'builtin', keep: true })],
  ];
  if (hasNc) variants.push(["the machine's real nc", () => detectNc()]);

  it.each(variants)(
    'a browser step runs an nc send with %s and its events come back',
    async (_n, nc) => {
      const info = await nc();
      const { b } = await hubWithAgent(info);
      const agents = b.received.length; // agents list already consumed
      expect(agents).toBeGreaterThanOrEqual(0);
      const sink = await udpSink();
      cleanup.push(() => void sink.socket.close());
      const port = await freePort();
      const step = {
        template: 'nc-send',
        from: 'alice',
        port,
        to: { ip: '127.0.0.1', port: sink.port },
        text: 'upd hole',
      };
      b.send({ type: 'step', id: 'punch-1', step });
      await b.next('accepted', (m) => m.id === 'punch-1');
      const done = await b.next(
        'event',
        (m) =>
          m.request === 'punch-1' && m.event.type === 'observed' && m.event.kind === 'step-done',
        5000,
      );
      expect(done.event).toMatchObject({ ok: true, node: 'alice' });
      const events = b.received.flatMap((m) =>
        m.type === 'event' && m.request === 'punch-1' ? [m.event] : [],
      );
      expect(events[0]).toMatchObject({
        type: 'command',
        actor: 'alice',
        text: `echo "upd hole" | nc -p ${port} -u 127.0.0.1 ${sink.port}`,
      });
      const sent = events.find((e) => e.type === 'sent');
      expect(sent).toBeDefined();
      const trace = fromWire(sent!);
      expect(trace).toMatchObject({
        type: 'sent',
        node: 'alice',
        packet: { src: { ip: '127.0.0.1', port }, dst: { ip: '127.0.0.1', port: sink.port } },
      });
      expect(
        new TextDecoder().decode((trace as { packet: { payload: Uint8Array } }).packet.payload),
      ).toBe('upd hole\n');
      await until(() => sink.got.length > 0, 2000, 'the datagram');
      expect(sink.got).toEqual([{ text: 'upd hole\n', from: `127.0.0.1:${port}` }]);
    },
  );

  it.each(variants)('a listen step with %s reports what arrives', async (_n, nc) => {
    const info = await nc();
    const { b } = await hubWithAgent(info);
    const port = await freePort();
    b.send({
      type: 'step',
      id: 'listen-1',
      step: { template: 'nc-listen', from: 'alice', port, keep: false, seconds: 1 },
    });
    await b.next('accepted');
    const peer = createSocket('udp4');
    cleanup.push(() => void peer.close());
    await new Promise<void>((r) => peer.bind(0, '127.0.0.1', r));
    // send until the listener is up (bounded: 20 x 50 ms)
    for (let i = 0; i < 20; i++) {
      if (
        b.received.some(
          (m) => m.type === 'event' && m.event.type === 'output' && m.event.stream === 'stdout',
        )
      )
        break;
      peer.send('soy Bob\n', port, '127.0.0.1');
      await new Promise((r) => setTimeout(r, 50));
    }
    const events = await eventsOf(b, 'listen-1');
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'output',
        actor: 'alice',
        stream: 'stdout',
        text: 'soy Bob',
      }),
    );
    expect(events[0]).toMatchObject({ type: 'command', text: `nc -lu ${port}` });
    const from = { ip: '127.0.0.1', port: peer.address().port };
    if (info.variant === 'builtin') {
      expect(events).toContainEqual(
        expect.objectContaining({
          type: 'delivered',
          node: 'alice',
          socket: { ip: '0.0.0.0', port },
        }),
      );
      expect(events.find((e) => e.type === 'delivered')).toMatchObject({ packet: { src: from } });
    } else {
      expect(events).toContainEqual(
        expect.objectContaining({ type: 'observed', kind: 'received', text: 'soy Bob', from }),
      );
    }
  });

  it('a stun-classify step runs the classifier against a STUN server on loopback', async () => {
    const { b } = await hubWithAgent({ variant: 'builtin', keep: true });
    const [p1, p2] = [await freePort(), await freePort()];
    const stun = await startStunServer({
      primaryIp: '127.0.0.1',
      alternateIp: '127.0.0.2',
      primaryPort: p1,
      alternatePort: p2,
    });
    cleanup.push(() => stun.stop());
    b.send({
      type: 'step',
      id: 'st',
      step: { template: 'stun-classify', from: 'alice', server: { ip: '127.0.0.1', port: p1 } },
    });
    const events = await eventsOf(b, 'st');
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'output',
        stream: 'stdout',
        text: 'NAT Type: Open Internet',
      }),
    );
    const verdict = events.find((e) => e.type === 'observed' && e.kind === 'stun');
    expect(verdict).toMatchObject({
      text: 'Open Internet',
      from: { ip: '127.0.0.1', port: p1 },
      external: { ip: '127.0.0.1' },
    });
  });

  it('tells the browser which agents are connected, and when one leaves', async () => {
    const { agent, b } = await hubWithAgent({ variant: 'builtin', keep: true });
    const b2 = await browser((b.ws as unknown as { url: string }).url, TOKEN);
    cleanup.push(() => b2.close());
    expect(b2.received).toEqual([]);
    await agent.stop();
    const m = await b2.next('agents', (x) => x.agents.length === 0);
    expect(m.agents).toEqual([]);
  });

  it('a step for a role with no agent gets no-agent', async () => {
    const { b } = await hubWithAgent({ variant: 'builtin', keep: true });
    b.send({
      type: 'step',
      id: 's9',
      step: { template: 'nc-listen', from: 'bob', port: 40000, keep: true, seconds: 1 },
    });
    const e = await b.next('error', (m) => m.id === 's9');
    expect(e.code).toBe('no-agent');
  });

  it('the agent reconnects after the hub restarts, and runs steps again', async () => {
    const first = await startHub({ token: TOKEN });
    const port = first.port;
    const agent = startAgent({
      hub: first.url,
      token: TOKEN,
      role: 'alice',
      nc: { variant: 'builtin', keep: true },
      retryMs: 50,
      maxRetryMs: 200,
    });
    cleanup.push(() => agent.stop());
    await agent.registered;
    await first.stop();
    const second = await startHub({ token: TOKEN, port });
    cleanup.push(() => second.stop());
    await until(() => second.agents().length === 1, 5000, 'the agent to register again');
    const b = await browser(second.url, TOKEN);
    cleanup.push(() => b.close());
    const sink = await udpSink();
    cleanup.push(() => void sink.socket.close());
    b.send({
      type: 'step',
      id: 'after',
      step: {
        template: 'nc-send',
        from: 'alice',
        port: await freePort(),
        to: { ip: '127.0.0.1', port: sink.port },
        text: 'otra vez',
      },
    });
    await eventsOf(b, 'after');
    await until(() => sink.got.length === 1, 2000, 'the datagram');
  });
});
