/**
 * `agujero export --scenario ID -o FILE.pcapng`: runs a built-in scenario in the model, as the
 * simulator would, and writes it as pcapng for Wireshark (one interface per network segment,
 * each hop a packet with a comment saying what happened there).
 */
import { writeFile } from 'node:fs/promises';
import { PRESET_IDS } from '../../src/model/index.ts';
import { SCENARIO_IDS, buildScenario, isPresetId, routersOf } from '../../src/app/catalog.ts';
import { exportScenario } from '../../src/app/pcapng-export.ts';
import { captureRecords, segmentsOf } from '../../src/model/pcapng/index.ts';
import type { NatSpec } from '../../src/model/index.ts';
import type { CommandIo, LabCommand } from './command.ts';
import { EXIT, UsageError, intFlag, parseFlags } from './command.ts';
import { didYouMean } from './suggest.ts';

const HELP = `usage: agujero export --scenario ID [--nat-alice PRESET] [--nat-bob PRESET] [--seed N]
                       [--lang en|es] -o FILE.pcapng

Run a built-in scenario in the simulator's model and write every packet it sends as a pcapng
file that Wireshark and tshark open: one Ethernet interface per network segment (the internet
and each router's LAN), so a packet shows before and after each NAT with the same IPv4 id;
timestamps from the virtual clock; each packet's comment says what happened at that hop (the
NAT's rewrite, the drop and its reason, the delivery).

options:
  -s, --scenario ID       one of: ${SCENARIO_IDS.join(', ')}
      --nat-alice PRESET  the NAT of alice-nat (a preset id), e.g. symmetric
      --nat-bob PRESET    the NAT of bob-nat
      --seed N            the run's seed for random ports (0-4294967295)
      --lang en|es        the language of the comments (default en)
  -o, --output FILE       where to write the pcapng file
  -h, --help              this text

presets: ${PRESET_IDS.join(', ')}

examples:
  agujero export --scenario walkthrough -o walkthrough.pcapng
  agujero export -s walkthrough --nat-alice symmetric -o fails.pcapng
  agujero export -s walkthrough-stun -o stun.pcapng && tshark -r stun.pcapng -Y classicstun
  tshark -r walkthrough.pcapng -T fields -e frame.interface_name -e ip.id -e frame.comment
`;

const OPTIONS = {
  scenario: { type: 'string', short: 's' },
  'nat-alice': { type: 'string' },
  'nat-bob': { type: 'string' },
  seed: { type: 'string' },
  lang: { type: 'string' },
  output: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Reads --scenario: a catalog id. */
function scenarioFlag(text: string | boolean | undefined): string {
  if (typeof text !== 'string') throw new UsageError('export', 'missing --scenario ID');
  if (!SCENARIO_IDS.includes(text))
    throw new UsageError(
      'export',
      `--scenario: unknown scenario ${JSON.stringify(text)}${didYouMean(text, SCENARIO_IDS)}`,
    );
  return text;
}

/** Reads --nat-alice / --nat-bob into the NAT of router `router`, which `scenario` must have. */
function natFlags(
  scenario: string,
  values: Readonly<Record<string, string | boolean | undefined>>,
): Record<string, NatSpec> {
  const routers = routersOf(buildScenario(scenario)).map((r) => r.id);
  const nat: Record<string, NatSpec> = {};
  for (const who of ['alice', 'bob']) {
    const text = values[`nat-${who}`];
    if (text === undefined) continue;
    const flag = `--nat-${who}`;
    if (typeof text !== 'string' || !isPresetId(text))
      throw new UsageError(
        'export',
        `${flag}: unknown preset ${JSON.stringify(text)}${didYouMean(String(text), PRESET_IDS)}`,
      );
    if (!routers.includes(`${who}-nat`))
      throw new UsageError('export', `${flag}: scenario ${scenario} has no router ${who}-nat`);
    nat[`${who}-nat`] = text;
  }
  return nat;
}

/** `agujero export`. */
export const exportCommand: LabCommand = {
  name: 'export',
  help: HELP,
  async run(argv: readonly string[], io: CommandIo): Promise<number> {
    const { values } = parseFlags('export', argv, OPTIONS);
    if (values.help) {
      io.out(HELP);
      return EXIT.ok;
    }
    const scenario = scenarioFlag(values.scenario);
    const nat = natFlags(scenario, values);
    const seed = intFlag('export', '--seed', values.seed, 0, 0xffffffff);
    const lang = values.lang ?? 'en';
    if (lang !== 'en' && lang !== 'es')
      throw new UsageError('export', `--lang: ${JSON.stringify(lang)} is not en or es`);
    const output = values.output;
    if (typeof output !== 'string') throw new UsageError('export', 'missing -o FILE.pcapng');
    const run = exportScenario({ scenario, nat, lang, ...(seed === undefined ? {} : { seed }) });
    await writeFile(output, run.bytes);
    const counts = new Map<string, number>();
    for (const r of captureRecords(run.scenario.topology, run.events))
      counts.set(r.segment, (counts.get(r.segment) ?? 0) + 1);
    const perInterface = segmentsOf(run.scenario.topology)
      .map((s) => `${s.name} ${counts.get(s.id) ?? 0}`)
      .join(', ');
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    io.out(`wrote ${output}: ${total} packets (${perInterface}), ${run.bytes.length} bytes\n`);
    return EXIT.ok;
  },
};
