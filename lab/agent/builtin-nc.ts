/**
 * The agent's own `nc` on node:dgram, for machines without one (or with `--nc builtin`): the same
 * send and listen as OpenBSD netcat (`-u` sends one datagram from the given port; `-l` answers
 * only the first sender unless `-k`), and, since it owns the socket, it reports each datagram as
 * the model's `delivered` event with its real source.
 */
import type { RemoteInfo, Socket } from 'node:dgram';
import { payloadText, textPayload } from '../../src/model/packet.ts';
import { packetToWire } from '../../src/protocol/events.ts';
import type { NcListenStep, NcSendStep } from '../../src/protocol/steps.ts';
import type { StepContext, StepResult } from './context.ts';
import { localIpToward } from './context.ts';
import { bindUdp } from '../stun/dgram-transport.ts';

/** Binds 0.0.0.0:port; rejects saying why (address in use, permission). */
async function bind(port: number): Promise<Socket> {
  const s = await bindUdp('0.0.0.0', port, 'bind');
  s.on('error', () => undefined);
  return s;
}

function failed(ctx: StepContext, e: unknown): StepResult {
  const reason = `nc: ${(e as Error).message}`;
  ctx.emit({ type: 'output', t: ctx.t(), actor: ctx.role, stream: 'stderr', text: reason });
  return { ok: false, code: null, reason };
}

/** `echo "TEXT" | nc -p PORT -u IP PORT` on a dgram socket. */
export async function builtinNcSend(ctx: StepContext, step: NcSendStep): Promise<StepResult> {
  let s: Socket;
  try {
    s = await bind(step.port);
  } catch (e) {
    return failed(ctx, e);
  }
  const payload = textPayload(`${step.text}\n`);
  try {
    await new Promise<void>((resolve, reject) =>
      s.send(payload, step.to.port, step.to.ip, (e) => (e ? reject(e) : resolve())),
    );
  } catch (e) {
    s.close();
    return failed(ctx, e);
  }
  s.close();
  const src = { ip: await localIpToward(step.to), port: step.port };
  const packet = { id: ctx.nextPacketId(), src, dst: step.to, payload };
  ctx.emit({ type: 'sent', t: ctx.t(), node: ctx.role, packet: packetToWire(packet) });
  return { ok: true, code: null };
}

/** `nc -lu PORT` / `nc -klu PORT` on a dgram socket, for `seconds`. */
export async function builtinNcListen(ctx: StepContext, step: NcListenStep): Promise<StepResult> {
  let s: Socket;
  try {
    s = await bind(step.port);
  } catch (e) {
    return failed(ctx, e);
  }
  const socket = { ip: '0.0.0.0', port: step.port };
  ctx.emit({ type: 'observed', t: ctx.t(), node: ctx.role, kind: 'listening', socket });
  let first: RemoteInfo | undefined;
  s.on('message', (data, rinfo) => {
    if (!step.keep) {
      first ??= rinfo; // nc -l connects to its first peer; the kernel drops the others
      if (rinfo.address !== first.address || rinfo.port !== first.port) return;
    }
    const t = ctx.t();
    const packet = {
      id: ctx.nextPacketId(),
      src: { ip: rinfo.address, port: rinfo.port },
      dst: socket,
      payload: new Uint8Array(data),
    };
    ctx.emit({ type: 'delivered', t, node: ctx.role, packet: packetToWire(packet), socket });
    for (const text of payloadText(packet.payload).replace(/\n$/, '').split('\n')) {
      ctx.emit({ type: 'output', t, actor: ctx.role, stream: 'stdout', text: text.slice(0, 1000) });
    }
  });
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, step.seconds * 1000);
    ctx.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
  s.close();
  return { ok: true, code: null };
}
