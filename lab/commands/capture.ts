/**
 * `agujero capture merge`: the three machines' `--capture` files (server, alice, bob) joined
 * into one pcapng with one interface per machine (lab/capture/merge-files.ts), then read back as
 * the course reads it (src/app/capture-import.ts): who each address is, how many datagrams were
 * followed, and what each NAT behaved like. With --run it also writes the saved-run JSON.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { importCapture } from '../../src/app/capture-import.ts';
import { CaptureError, reasonText } from '../../src/capture/index.ts';
import { formatLabRun } from '../../src/protocol/lab-run.ts';
import { MACHINE_ROLES, MergeError, mergeMachineFiles, splitArg } from '../capture/merge-files.ts';
import type { MachineClock, MachineFile } from '../capture/merge-files.ts';
import { count } from '../../src/protocol/count.ts';
import type { CommandIo, LabCommand } from './command.ts';
import { EXIT, PROG, UsageError, parseFlags } from './command.ts';
import { didYouMean } from './suggest.ts';

const HELP = `usage: ${PROG} capture merge FILE... --out RUN.pcapng [--run RUN.json]

Join the captures of one lab run made on the three machines (\`${PROG} server --capture\`,
\`${PROG} agent --capture\` on Alice's and Bob's, or \`punch --capture\`) into one pcapng
with one interface per machine, named server, alice and bob, frames in time order. Open it in
the course ("Open a saved run" accepts .pcapng) to replay it beside the model's prediction, or
in Wireshark. Then it reads the file back as the course will and says who is who.

Each FILE is whose its interface says (the --capture files do), or whose its file name says
(server.pcap, alice-laptop.pcapng), or written ROLE=FILE (bob=capture3.pcap). A pcap or pcapng
made by hand with tcpdump -i any works too.

Clocks: a datagram two machines both recorded was sent before it arrived. When the captures
say otherwise (a machine's clock is off), that machine's frames are moved onto the Server's
clock: to the middle of what the datagrams each way allow (as NTP estimates), or, with
datagrams one way only, just enough. Clocks that already agree (NTP) are left alone. Only
datagrams known to be the same one are compared: the same bytes together with their IP id
and the Server's end (or both ends), found once in each capture, never the bytes alone (two
peers typing the same text are told apart); with none, the clock is "not compared" and kept.

options:
  --out FILE     the merged pcapng to write (required)
  --run FILE     also write the saved-run JSON the course opens
  --keep-clocks  keep each machine's own times, as recorded
  -h, --help     this text

example:
  ${PROG} capture merge server.pcapng alice.pcapng bob.pcapng --out run.pcapng
`;

const OPTIONS = {
  out: { type: 'string', short: 'o' },
  run: { type: 'string' },
  'keep-clocks': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Imported = ReturnType<typeof importCapture>;

/** The merged file read as the course reads it (its times kept too with --keep-clocks), or why
 * it cannot be replayed. */
function importMerged(bytes: Uint8Array, keepClocks: boolean): Imported | CaptureError {
  try {
    return importCapture(bytes, { keepClocks });
  } catch (e) {
    if (e instanceof CaptureError) return e;
    throw e;
  }
}

/** What the merged file reads back as. */
function readBack(imp: Imported | CaptureError): string {
  if (imp instanceof CaptureError)
    return `read back: nothing the course can replay (${imp.message})\n`;
  const a = imp.analysis;
  const b = a.book;
  const who = [
    `server ${b.server.join(' ')}`,
    ...[b.alice, b.bob].map(
      (s) => `${s.host} ${[...s.lan, ...s.wan.map((w) => `(NAT ${w})`)].join(' ')}`,
    ),
  ];
  const rewrites = a.journeys.reduce((n, j) => n + j.rewrites.length, 0);
  const nats = Object.values(a.nat).map(
    (n) =>
      `  ${n.router}: behaved like ${n.preset}${n.evidence ? '' : ' (assumed)'}: ${reasonText(n.why)}\n`,
  );
  return `read back (${b.source}): ${who.join('; ')}\n  ${a.journeys.length} datagrams followed, ${rewrites} NAT rewrites joined\n${nats.join('')}`;
}

/** A duration for people: µs under a millisecond, ms under a second, else seconds. */
function span(ms: number): string {
  const a = Math.abs(ms);
  if (a < 1) return `${Math.round(a * 1000)} µs`;
  return a < 1000 ? `${a.toFixed(1)} ms` : `${(a / 1000).toFixed(3)} s`;
}

/** What the merge made of one machine's clock. */
export function clockLine(role: string, c: MachineClock): string {
  const seen = `${count(c.out, 'datagram')} it sent, ${c.back} it received, also in the ${c.reference}'s capture`;
  if (c.kind === 'none')
    return `  ${role}'s clock: not compared (no datagram in both its capture and the ${c.reference}'s)\n`;
  if (c.kind === 'contradictory')
    return `  ${role}'s clock: not moved (${seen} disagree: no single offset puts each arrival after its sending)\n`;
  if (c.kind === 'consistent')
    return `  ${role}'s clock agrees with the ${c.reference}'s (${seen})\n`;
  const how = c.kind === 'edge' ? 'at least ' : '';
  const side = c.shiftMs > 0 ? 'behind' : 'ahead of';
  const give = c.kind === 'midpoint' ? `, to within ${span((c.range[1] - c.range[0]) / 2)}` : '';
  const done = c.applied
    ? `its frames moved ${c.shiftMs > 0 ? '+' : '-'}${span(c.shiftMs)}`
    : 'not moved (--keep-clocks)';
  return `  ${role}'s clock was ${how}${span(c.shiftMs)} ${side} the ${c.reference}'s${give}: ${done} (${seen})\n`;
}

async function merge(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values: v, positionals } = parseFlags('capture merge', argv, OPTIONS, true);
  if (v.help) return (io.out(HELP), EXIT.ok);
  if (typeof v.out !== 'string' || v.out === '')
    throw new UsageError('capture merge', '--out RUN.pcapng is required');
  if (positionals.length === 0)
    throw new UsageError(
      'capture merge',
      'no capture to merge: give server.pcapng alice.pcapng bob.pcapng',
    );
  if (positionals.length > MACHINE_ROLES.length)
    throw new UsageError(
      'capture merge',
      `${positionals.length} files: one per machine, at most 3`,
    );
  let files: MachineFile[];
  try {
    files = positionals.map((arg) => {
      const { path } = splitArg(arg);
      return { arg, path, bytes: new Uint8Array(readFileSync(path)) };
    });
  } catch (e) {
    if (e instanceof MergeError) throw new UsageError('capture merge', e.message);
    const err = e as NodeJS.ErrnoException;
    io.err(
      `capture merge: ${err.path ?? ''}: ${err.code === 'ENOENT' ? 'no such file' : err.message}\n`,
    );
    return EXIT.failure;
  }
  let merged;
  try {
    merged = mergeMachineFiles(files, { keepClocks: v['keep-clocks'] === true });
  } catch (e) {
    if (!(e instanceof MergeError)) throw e;
    io.err(`capture merge: ${e.message}\n`);
    return EXIT.failure;
  }
  writeFileSync(v.out, merged.bytes);
  const imported = importMerged(merged.bytes, v['keep-clocks'] === true);
  const counts = Object.entries(merged.frames).map(([r, n]) => `${r} ${n}`);
  io.out(
    `wrote ${v.out} (${merged.bytes.length} bytes; frames: ${counts.join(', ')})\n` +
      Object.entries(merged.clocks)
        .map(([r, c]) => clockLine(r, c))
        .join('') +
      readBack(imported),
  );
  if (typeof v.run === 'string') {
    if (imported instanceof CaptureError) {
      io.err(`capture merge: no saved run written: ${imported.message}\n`);
    } else {
      writeFileSync(v.run, formatLabRun(imported.file));
      io.out(`wrote ${v.run}: open it with "Open a saved run" in the course\n`);
    }
  }
  return EXIT.ok;
}

const TOP_HELP = `usage: ${PROG} capture merge FILE... --out RUN.pcapng

Work with the captures \`--capture FILE.pcapng\` makes on the class's machines.

subcommands:
  merge   join the server's, Alice's and Bob's captures into one pcapng the course replays

example, after a run recorded with --capture on each machine:
  ${PROG} capture merge server.pcapng alice.pcapng bob.pcapng --out run.pcapng

${PROG} capture merge --help says more.
`;

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '-h' || sub === '--help' || sub === 'help')
    return (io.out(TOP_HELP), EXIT.ok);
  if (sub === 'merge') return merge(rest, io);
  throw new UsageError(
    'capture',
    `unknown subcommand ${JSON.stringify(sub)}${didYouMean(sub, ['merge']) || ' (the one there is: merge)'}`,
  );
}

/** The `capture` subcommand. */
export const captureCommand: LabCommand = {
  name: 'capture',
  help: TOP_HELP,
  run,
};
