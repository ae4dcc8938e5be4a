/**
 * `agujero server` in-process on loopback for the hub tests: started with a token file, its
 * banner read for the hub URL, the rendezvous port and the token, stopped as Ctrl-C would, and a
 * recording io for any command run beside it.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../lab/cli.ts';
import type { CommandIo } from '../../../lab/commands/command.ts';
import { until } from './clients.ts';

/** An io that records what is written and stops when `stop` is called. */
export function testIo(): CommandIo & { text: () => string; stop: () => void } {
  let out = '';
  let stop!: (s: string) => void;
  const stopped = new Promise<string>((r) => (stop = r));
  return {
    out: (t) => void (out += t),
    err: (t) => void (out += t),
    stopped,
    text: () => out,
    stop: () => stop('SIGINT'),
  };
}

/** Runs one command to its end. */
export async function runCommand(argv: string[]): Promise<{ code: number; text: string }> {
  const io = testIo();
  const code = await main(argv, io);
  return { code, text: io.text() };
}

/** A file holding `text`, with `mode`, in a new temporary directory. */
export function secretFile(text: string, mode = 0o600): { path: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'agujero-token-'));
  const path = join(dir, 'token');
  writeFileSync(path, text, { mode });
  chmodSync(path, mode);
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A running server: its hub URL, rendezvous UDP port, token, output, and stop. */
export interface ServerLab {
  readonly hub: string;
  readonly udp: number;
  readonly token: string;
  text(): string;
  stop(): Promise<number>;
}

/** Starts `server --port 0 --udp-port 0 --token-file F [more]` and reads its banner. */
export async function startServerLab(
  token = 'lab-token-123',
  more: readonly string[] = [],
): Promise<ServerLab> {
  const file = secretFile(`${token}\n`);
  const io = testIo();
  const argv = ['server', '--port', '0', '--udp-port', '0', '--token-file', file.path, ...more];
  const done = main(argv, io);
  await until(() => /Ctrl-C stops/.test(io.text()), 5000, 'the server to start');
  file.remove();
  const text = io.text();
  const hub = /hub {9}(ws:\S+)/.exec(text)?.[1] ?? '';
  const udp = Number(/rendezvous {2}udp \S+:(\d+)/.exec(text)?.[1]);
  return {
    hub,
    udp,
    token: /AGUJERO_TOKEN=(\S+)/.exec(text)?.[1] ?? '',
    text: io.text,
    stop: async () => {
      io.stop();
      return done;
    },
  };
}
