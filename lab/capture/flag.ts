/**
 * The --capture FILE.pcapng and --capture-optional flags that `agent`, `punch` and `server`
 * share: their parse options, their help lines, starting the capture before the command
 * connects anywhere (refusing, or with --capture-optional going on without one, when the tool
 * is missing or not permitted) and stopping it with one line saying what was written.
 */
import type { CommandIo } from '../commands/command.ts';
import { UsageError } from '../commands/command.ts';
import { CaptureStartError, startMachineCapture } from './machine.ts';
import type { MachineCapture, MachineCaptureOptions } from './machine.ts';

/** The flags, for a command's parseArgs options. */
export const CAPTURE_FLAGS = {
  capture: { type: 'string' },
  'capture-optional': { type: 'boolean' },
} as const;

/** The flags' lines in a command's --help (options column at `pad`). */
export function captureHelp(pad: number): string {
  const col = (flag: string): string => `      ${flag.padEnd(pad - 6)}`;
  return [
    `${col('--capture FILE')}record this machine's lab traffic (UDP of the lab's ports, ICMP port`,
    `${' '.repeat(pad)}unreachable) into FILE.pcapng with tcpdump or dumpcap, until it stops;`,
    `${' '.repeat(pad)}needs root or CAP_NET_RAW (\`agujero capture merge\` joins the three files)`,
    `${col('--capture-optional')}if the capture cannot start (no tcpdump, no permission), say so and`,
    `${' '.repeat(pad)}go on without it instead of refusing`,
  ].join('\n');
}

/** The parsed flags' values. */
type Values = Readonly<Record<string, string | boolean | undefined>>;

/**
 * Starts the capture the flags ask for: undefined when there is none (or it could not start and
 * --capture-optional allowed going on), 'refused' when the command must stop (printed).
 */
export async function captureFromFlags(
  command: string,
  v: Values,
  o: Omit<MachineCaptureOptions, 'file'>,
  io: CommandIo,
  /** Where the progress lines go (stderr where stdout is JSON). */
  say: (text: string) => void = io.out,
): Promise<MachineCapture | 'refused' | undefined> {
  const file = v.capture;
  if (file === undefined) {
    if (v['capture-optional'])
      throw new UsageError(command, '--capture-optional goes with --capture FILE.pcapng');
    return undefined;
  }
  if (typeof file !== 'string' || !/\S\.pcapng$/.test(file)) {
    throw new UsageError(
      command,
      `--capture: ${JSON.stringify(file)} is not a file name ending in .pcapng`,
    );
  }
  // From here a signal must end in stopCapture (the file finalised), not in node's default exit:
  // asking for `io.stopped` installs the SIGINT/SIGTERM handlers before the tool starts.
  void io.stopped;
  try {
    const c = await startMachineCapture({ ...o, file });
    say(`capturing with ${c.tool} into ${file} (filter: ${c.filter})\n`);
    return c;
  } catch (e) {
    if (!(e instanceof CaptureStartError)) throw e;
    if (v['capture-optional'] && e.code !== 'failed') {
      io.err(
        `${command}: --capture: ${e.message}; going on without a capture (--capture-optional)\n`,
      );
      return undefined;
    }
    io.err(
      `${command}: --capture: ${e.message}; nothing was started${e.code === 'failed' ? '' : ' (--capture-optional goes on without a capture)'}\n`,
    );
    return 'refused';
  }
}

/** Stops `capture` and says what it wrote. */
export async function stopCapture(
  capture: MachineCapture | undefined,
  file: string | boolean | undefined,
  say: (text: string) => void,
): Promise<void> {
  if (!capture) return;
  const frames = await capture.stop();
  say(`capture: wrote ${String(file)} (${frames} frame${frames === 1 ? '' : 's'})\n`);
}
