/**
 * Capturing this machine's share of a lab run (`agent`, `punch` and `server` with --capture):
 * tcpdump or dumpcap, whichever is installed, on every interface with a fixed filter built from
 * validated port numbers (filter.ts), writing to FILE.part; on stop the file is rewritten as a
 * pcapng with one interface named after this machine's role (alice, bob, server), which
 * `agujero capture merge` joins with the other two.
 *
 * The capture tool never outlives the lab command, however the command ends: it runs under a
 * fixed POSIX sh watchdog that reads this process's pipe and sends the tool SIGTERM when the
 * pipe closes, which the kernel does for us when this process exits, even by SIGKILL (then the
 * tool still finalises FILE.part, a plain pcap `capture merge` reads too). The watchdog's script
 * is a constant; the tool and its arguments reach it as "$@", never as a string to parse.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { readCapture } from '../../src/capture/read.ts';
import { mergeCaptures } from '../../src/capture/merge.ts';
import { captureFilter } from './filter.ts';
import type { FilterPorts } from './filter.ts';

/** Why a capture could not start: the tool is missing, not permitted, or failed otherwise. */
export class CaptureStartError extends Error {
  readonly code: 'missing-tool' | 'not-permitted' | 'failed';
  constructor(code: CaptureStartError['code'], message: string) {
    super(message);
    this.name = 'CaptureStartError';
    this.code = code;
  }
}

/** The capture tools, in order of preference, with the Debian package that has each. */
export const CAPTURE_TOOLS = [
  { tool: 'tcpdump', debian: 'tcpdump' },
  { tool: 'dumpcap', debian: 'wireshark-common' },
] as const;
export type CaptureTool = (typeof CAPTURE_TOOLS)[number]['tool'];

/** The first capture tool on PATH, or undefined. */
export function detectCaptureTool(): CaptureTool | undefined {
  for (const { tool } of CAPTURE_TOOLS) {
    const r = spawnSync('/bin/sh', ['-c', 'command -v "$1"', 'sh', tool], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) return tool;
  }
  return undefined;
}

/**
 * The watchdog: runs "$@" (the tool) in the background, and a reader of fd 3 (this process's
 * pipe) that sends it SIGTERM at end of file; exits with the tool's status.
 */
export const WATCHDOG =
  'exec 3<&0; "$@" </dev/null & p=$!; { read _ <&3; kill -TERM $p 2>/dev/null; } & r=$!; ' +
  'wait $p; s=$?; kill $r 2>/dev/null; exit $s';

/** The tool's argv for `file` and `filter`. */
export function toolArgv(tool: CaptureTool, file: string, filter: string): string[] {
  return tool === 'tcpdump'
    ? ['tcpdump', '-i', 'any', '-n', '-U', '--immediate-mode', '-Z', 'root', '-w', file, filter]
    : ['dumpcap', '-i', 'any', '-q', '-f', filter, '-w', file];
}

/** What to capture and where. */
export interface MachineCaptureOptions {
  /** The pcapng to write (FILE.part while capturing). */
  readonly file: string;
  /** The interface name in the file: this machine's role (alice, bob, server) or punch name. */
  readonly role: string;
  readonly ports: FilterPorts;
  /** Which tool (default: detectCaptureTool()). */
  readonly tool?: CaptureTool;
  /** How long the tool may take to say it listens (default 5 s). */
  readonly timeoutMs?: number;
}

/** A capture running. */
export interface MachineCapture {
  readonly tool: CaptureTool;
  readonly filter: string;
  /** The watchdog's pid (the tool is its child). */
  readonly pid: number;
  /** Stops the tool and writes the pcapng; resolves with the number of frames kept. */
  stop(): Promise<number>;
}

const PERMISSION = /permission|not permitted|You don't have|privilege/i;

function failure(tool: CaptureTool, stderr: string): CaptureStartError {
  const why = stderr.trim().split('\n').slice(-3).join(' ') || 'no output';
  if (PERMISSION.test(why)) {
    return new CaptureStartError(
      'not-permitted',
      `${tool} may not capture here (${why}): run as root, or give ${tool} CAP_NET_RAW ` +
        `(sudo setcap cap_net_raw,cap_net_admin+eip "$(command -v ${tool})")`,
    );
  }
  return new CaptureStartError('failed', `${tool} did not start: ${why}`);
}

function ready(child: ChildProcess, tool: CaptureTool, err: () => string, ms: number) {
  return new Promise<void>((ok, fail) => {
    const t0 = Date.now();
    const check = (): void => {
      if (/listening on|Capturing on/.test(err())) return ok();
      if (child.exitCode !== null || child.signalCode !== null || Date.now() - t0 > ms)
        return fail(failure(tool, err()));
      setTimeout(check, 20);
    };
    check();
  });
}

/** Starts capturing; rejects with a CaptureStartError when the tool is missing or refused. */
export async function startMachineCapture(o: MachineCaptureOptions): Promise<MachineCapture> {
  const tool = o.tool ?? detectCaptureTool();
  if (!tool) {
    throw new CaptureStartError(
      'missing-tool',
      `neither tcpdump nor dumpcap is installed: sudo apt-get install tcpdump (or wireshark-common for dumpcap)`,
    );
  }
  const file = resolve(o.file);
  const dir = dirname(file);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new CaptureStartError('failed', `${dir} is not a directory`);
  const part = `${file}.part`;
  rmSync(part, { force: true });
  const filter = captureFilter(o.ports);
  const child = spawn('/bin/sh', ['-c', WATCHDOG, 'sh', ...toolArgv(tool, part, filter)], {
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  child.on('error', () => undefined);
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
  const exited = new Promise<void>((done) => child.on('close', () => done()));
  try {
    await ready(child, tool, () => stderr, o.timeoutMs ?? 5_000);
  } catch (e) {
    child.stdin?.end();
    await exited;
    rmSync(part, { force: true });
    throw e;
  }
  return {
    tool,
    filter,
    pid: child.pid ?? -1,
    async stop(): Promise<number> {
      child.stdin?.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
      return finalise(part, file, o.role);
    },
  };
}

/** Rewrites what the tool wrote at `part` as a pcapng at `file`, its interface named `role`. */
export function finalise(part: string, file: string, role: string): number {
  const bytes = existsSync(part) ? new Uint8Array(readFileSync(part)) : new Uint8Array();
  const capture =
    bytes.length === 0
      ? { format: 'pcap' as const, interfaces: [{ linkType: 1, section: 0 }], frames: [] }
      : readCapture(bytes);
  writeFileSync(
    file,
    mergeCaptures([{ name: role, description: `${role}: agujero --capture`, capture }]),
  );
  rmSync(part, { force: true });
  return capture.frames.length;
}
