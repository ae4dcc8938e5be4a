/**
 * `agujero verify [--json] [--markdown] [--only PATTERN] [--list]`: the conformance matrix. Every
 * case runs in the pure model and in network namespaces with real nftables/iptables NAT; the
 * reflexive endpoints, each datagram's fate, the punch goals and the routers' conntrack tables
 * are compared field by field. Exit 1 when any case disagrees.
 */
import { allCases, selectCases } from '../verify/cases/index.ts';
import { runMatrix } from '../verify/matrix.ts';
import type { CaseResult } from '../verify/matrix.ts';
import { disagreement, idWidth, row, summary, toJson, toMarkdown } from '../verify/report.ts';
import type { CommandIo, LabCommand } from './command.ts';
import { EXIT, PROG, UsageError, parseFlags } from './command.ts';

const HELP = `usage: ${PROG} verify [--only PATTERN] [--json | --markdown] [--once] [--list]

Run the conformance matrix: every case twice, in the model (src/model, the simulator's engine)
and on the real kernel (seven network namespaces on documentation addresses, the routers running
iptables MASQUERADE, MASQUERADE --random-fully, or the nftables full-cone and restricted-cone
recipes, with INPUT accepting or dropping new inbound packets), then compare field by field:
the address and port each receiver saw, each datagram delivered or dropped (and where), the
punch goals each way, and what conntrack holds on each router. Ports the NAT picked itself
(after a clash, or at random) are named P1, P2... in order of appearance on both sides.

The namespaces are built once and reused: the routers are reconfigured between groups of cases
and conntrack flushed between cases. A case the kernel runs differently from the model is run on
the kernel once more before it counts as a disagreement (its row then says what the first run
differed in): --random-fully's port can equal a port the case names by chance (1 in 64,512),
and a loaded machine can deliver a datagram late; a real disagreement repeats. Needs root. Ctrl-C or SIGTERM tears everything down; after
a SIGKILL, \`${PROG} netns down\` removes what was left.

Families: mapping (one socket to two server addresses x two ports, with and without an earlier
unsolicited packet), filtering (inbound from the four address/port combinations), walkthrough
(the seed walkthrough over the four classic types squared, both INPUT policies), walkthrough-nc
(the same typed with real nc, eight pairs), punch (crossing
punches over open + the four types, squared), clash (inbound-first clashes, the newest mapping,
two LAN hosts on one port), hairpin, double-nat (a home NAT behind a carrier's), expiry (UDP
timeouts of 2 s / 4 s: expiry, refresh, streams), stun (our classifiers, Debian's stun and
coturn's natdiscovery per recipe, beside the model's).

options:
      --only PATTERN  run the cases whose id contains PATTERN, or matches it with * as a
                      wildcard (ids look like walkthrough/accept/bob-full-cone/alice-symmetric)
      --json          print one JSON document at the end (every field of both sides)
      --markdown      print the table as Markdown (what the README shows)
      --once          report a disagreement at once, without running the case again
      --list          list the case ids that would run, and run nothing
  -h, --help          this text

examples:
  sudo ${PROG} verify                                   # the whole matrix, a minute or so
  sudo ${PROG} verify --only 'walkthrough/accept/*'     # the 16 walkthrough cases, INPUT accepting
  sudo ${PROG} verify --only filtering/restricted-cone  # one recipe's filtering tests
  ${PROG} verify --list --only punch                    # which cases exist
  sudo ${PROG} verify --json > verify.json

Exit status: 0 every case agrees, 1 a case disagrees (both sides are printed) or the lab failed,
2 a bad command line.
`;

const OPTIONS = {
  only: { type: 'string' },
  json: { type: 'boolean' },
  markdown: { type: 'boolean' },
  list: { type: 'boolean' },
  once: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values: v } = parseFlags('verify', argv, OPTIONS);
  if (v.help) {
    io.out(HELP);
    return EXIT.ok;
  }
  if (v.json && v.markdown)
    throw new UsageError('verify', '--json and --markdown exclude each other');
  const only = typeof v.only === 'string' ? v.only : undefined;
  const cases = selectCases(allCases(), only);
  if (cases.length === 0) {
    throw new UsageError('verify', `--only ${JSON.stringify(only)} matches no case (try --list)`);
  }
  if (v.list) {
    io.out(cases.map((c) => `${c.id}\n`).join(''));
    return EXIT.ok;
  }
  const width = idWidth(cases);
  const quiet = Boolean(v.json || v.markdown);
  const tty = !quiet && process.stderr.isTTY === true;
  const progress = (text: string): void => {
    if (tty) io.err(`\r\x1b[K${text}`);
  };
  const abort = new AbortController();
  let signal: string | undefined;
  void io.stopped.then((s) => {
    signal = s;
    abort.abort();
  });
  const started = Date.now();
  let results: CaseResult[];
  try {
    results = await runMatrix(cases, {
      signal: abort.signal,
      rerun: v.once !== true,
      // The STUN cases run this same CLI's classifier inside Alice's namespace.
      cli: [process.execPath, ...process.execArgv, process.argv[1] ?? 'agujero'],
      onStep: (what) => progress(`building the namespaces: ${what}`),
      onCaseStart: (c, done, total) => progress(`[${done}/${total}] running ${c.id}`),
      onCase: (r) => {
        if (!quiet) {
          progress('');
          io.out(row(r, width));
          if (r.differences.length > 0) io.out(disagreement(r));
        }
      },
    });
  } catch (e) {
    progress('');
    if (signal) {
      io.err(`verify: stopped by ${signal}; the namespaces are gone\n`);
      return EXIT.failure;
    }
    throw e;
  }
  progress('');
  const ms = Date.now() - started;
  if (v.json) io.out(toJson(results, ms));
  else if (v.markdown) io.out(toMarkdown(results, ms, new Date().toISOString().slice(0, 10)));
  else io.out(summary(results, ms));
  if (signal) {
    io.err(`verify: stopped by ${signal} after ${results.length} of ${cases.length} cases\n`);
    return EXIT.failure;
  }
  return results.every((r) => r.differences.length === 0) ? EXIT.ok : EXIT.failure;
}

/** The `verify` command. */
export const verifyCommand: LabCommand = { name: 'verify', help: HELP, run };
