/**
 * The machine's real `nc`: which one it is (Debian's netcat-openbsd or netcat-traditional, read
 * from `nc -h`, and whether it has -k), and the walkthrough's send and listen run with it. The
 * arguments are built here from validated numbers and addresses, never from a command line; the
 * chat text goes to nc's stdin, as `echo "toc" |` does. stdout and stderr come back as events.
 */
import { spawn } from 'node:child_process';
import { textPayload } from '../../src/model/packet.ts';
import { packetToWire } from '../../src/protocol/events.ts';
import type { NcInfo } from '../../src/protocol/messages.ts';
import type { NcListenStep, NcSendStep } from '../../src/protocol/steps.ts';
import type { StepContext, StepResult } from './context.ts';
import { localIpToward } from './context.ts';

/** How long a send may take before nc is killed (ms). */
const SEND_TIMEOUT_MS = 3000;

/** Reads `nc -h`: OpenBSD or traditional, and whether -k is offered; undefined when there is no nc. */
export function parseNcHelp(help: string): NcInfo | undefined {
  const keep = /^\s*-k\b/m.test(help);
  if (/OpenBSD netcat/i.test(help)) return { variant: 'openbsd', keep };
  if (/\[v1\.\d+/.test(help) || /netcat/i.test(help)) return { variant: 'traditional', keep };
  return undefined;
}

/** Runs `nc -h` (2 s at most) and reads it; the built-in when there is no usable nc. */
export function detectNc(program = 'nc'): Promise<NcInfo> {
  return new Promise((resolve) => {
    let text = '';
    let child;
    try {
      child = spawn(program, ['-h'], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 2000 });
    } catch {
      return resolve({ variant: 'builtin', keep: true });
    }
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.stderr.on('data', (d: Buffer) => (text += d.toString()));
    child.on('error', () => resolve({ variant: 'builtin', keep: true }));
    child.on('close', () => resolve(parseNcHelp(text) ?? { variant: 'builtin', keep: true }));
  });
}

/** nc's arguments for one send: numbers and an address, validated before they get here. */
export function ncSendArgs(step: NcSendStep): string[] {
  return ['-n', '-q', '0', '-u', '-p', String(step.port), step.to.ip, String(step.to.port)];
}

/** nc's arguments for a listener; -v -n so it says whom it is connected to. */
export function ncListenArgs(nc: NcInfo, step: NcListenStep): string[] {
  const keep = step.keep && nc.keep ? ['-k'] : [];
  if (nc.variant === 'openbsd') return ['-n', '-v', ...keep, '-l', '-u', String(step.port)];
  return ['-n', '-v', ...keep, '-l', '-u', '-p', String(step.port)];
}

/** Runs nc with `args`, streaming its lines; resolves with its exit code (null when killed). */
function runNc(
  ctx: StepContext,
  args: string[],
  input: string | undefined,
  timeoutMs: number,
  onLine: (stream: 'stdout' | 'stderr', line: string) => void,
): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn('nc', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const kill = (): void => void child.kill('SIGTERM');
    const timer = setTimeout(kill, timeoutMs);
    ctx.signal.addEventListener('abort', kill, { once: true });
    for (const stream of ['stdout', 'stderr'] as const) {
      let rest = '';
      child[stream].on('data', (d: Buffer) => {
        const lines = (rest + d.toString('utf8')).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) onLine(stream, line);
      });
      child[stream].on('end', () => rest && onLine(stream, rest));
    }
    child.stdin.on('error', () => undefined);
    if (input !== undefined) child.stdin.end(input);
    child.on('error', (e) => onLine('stderr', `nc: ${e.message}`));
    child.on('close', (code) => {
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', kill);
      resolve(code);
    });
  });
}

/** `echo "TEXT" | nc -p PORT -u IP PORT` with the real nc. */
export async function realNcSend(ctx: StepContext, step: NcSendStep): Promise<StepResult> {
  const payload = `${step.text}\n`;
  const t = ctx.t(); // nc sends as it starts; the event is reported once nc says it worked
  const code = await runNc(ctx, ncSendArgs(step), payload, SEND_TIMEOUT_MS, (stream, text) =>
    ctx.emit({ type: 'output', t: ctx.t(), actor: ctx.role, stream, text }),
  );
  if (code !== 0) return { ok: false, code, reason: `nc exited with ${String(code)}` };
  const src = { ip: await localIpToward(step.to), port: step.port };
  const packet = { id: ctx.nextPacketId(), src, dst: step.to, payload: textPayload(payload) };
  ctx.emit({ type: 'sent', t, node: ctx.role, packet: packetToWire(packet) });
  return { ok: true, code };
}

/** `nc -lu PORT` (or -klu) with the real nc, for `seconds`; each line it prints is reported. */
export async function realNcListen(ctx: StepContext, step: NcListenStep): Promise<StepResult> {
  const socket = { ip: '0.0.0.0', port: step.port };
  let from: { ip: string; port: number } | undefined;
  const code = await runNc(
    ctx,
    ncListenArgs(ctx.nc, step),
    undefined,
    step.seconds * 1000,
    (stream, text) => {
      const t = ctx.t();
      if (stream === 'stderr') {
        if (/^Bound on /.test(text) || /^listening on /.test(text)) {
          return ctx.emit({ type: 'observed', t, node: ctx.role, kind: 'listening', socket });
        }
        const peer =
          /(?:received on|connect to \[[^\]]*\] from \S*) \[?(\d+\.\d+\.\d+\.\d+)\]? (\d+)/.exec(
            text,
          );
        if (peer) from = { ip: peer[1] as string, port: Number(peer[2]) };
        if (peer) return;
      }
      ctx.emit({ type: 'output', t, actor: ctx.role, stream, text });
      if (stream === 'stdout') {
        const where = from ? { from } : {};
        ctx.emit({ type: 'observed', t, node: ctx.role, kind: 'received', socket, text, ...where });
      }
    },
  );
  // a listener ends when its time is up (killed): that is success
  const ok = code === null || code === 0 || code === 143;
  return ok ? { ok, code } : { ok, code, reason: `nc exited with ${String(code)}` };
}
