/**
 * Client sockets bound through a handle of Node's UDP binding (lab/stun/udp-handle.ts): on this
 * Node the binding is there; a socket made from the handle sends and receives like any other;
 * bind and route failures carry the codes socketError turns into the lab's messages; and the
 * route's source address is the one the kernel picks. Loopback only.
 */
import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { bindClient, routeSource } from '../../../lab/stun/dgram-transport.ts';
import { LabStunError } from '../../../lab/stun/errors.ts';
import { boundHandle, routeSourceAddress } from '../../../lab/stun/udp-handle.ts';
import type { Socket } from 'node:dgram';

const open: Socket[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => new Promise<void>((r) => s.close(() => r()))));
});

describe('a client socket bound through a UDP handle', () => {
  it('is offered by this Node, bound where asked', () => {
    const bound = boundHandle('127.0.0.1', 0);
    expect(bound?.handle).toBeDefined();
    const out: { address?: string; port?: number } = {};
    expect(bound!.handle!.getsockname(out)).toBe(0);
    expect(out.address).toBe('127.0.0.1');
    expect(out.port).toBeGreaterThan(0);
    bound!.handle!.close();
  });

  it('sends and receives as a dgram socket', async () => {
    const client = await bindClient('127.0.0.1', 0);
    const peer = createSocket('udp4');
    open.push(client, peer);
    await new Promise<void>((r) => peer.bind(0, '127.0.0.1', () => r()));
    const heard = new Promise<[string, number]>((r) =>
      peer.once('message', (msg, from) => r([msg.toString(), from.port])),
    );
    client.send('ping', peer.address().port, '127.0.0.1');
    expect(await heard).toEqual(['ping', client.address().port]);
    const back = new Promise<string>((r) => client.once('message', (msg) => r(msg.toString())));
    peer.send('pong', client.address().port, '127.0.0.1');
    expect(await back).toBe('pong');
  });

  it.each([
    ['a port in use', 'address-in-use', /cannot bind 127\.0\.0\.1:\d+: .*EADDRINUSE/],
    ['an address on no interface', 'address-not-available', /EADDRNOTAVAIL/],
  ] as const)('%s: the lab error, with its code', async (name, kind, message) => {
    let ip = '127.0.0.1';
    let port = 0;
    if (name === 'a port in use') {
      const taken = await bindClient('127.0.0.1', 0);
      open.push(taken);
      port = taken.address().port;
    } else ip = '192.0.2.77';
    const e = await bindClient(ip, port).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(LabStunError);
    expect((e as LabStunError).code).toBe(kind);
    expect((e as Error).message).toMatch(message);
  });

  it('finds the route source address without sending anything', async () => {
    expect(routeSourceAddress('127.0.0.1', 9)).toBe('127.0.0.1');
    expect(await routeSource({ ip: '127.0.0.1', port: 9 })).toBe('127.0.0.1');
  });
});
