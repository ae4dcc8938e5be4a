/**
 * Regenerates the README's conformance table from a real run: runs the whole `agujero verify`
 * matrix (root, namespaces) and writes its Markdown between the README's verify markers.
 *
 *   sudo npx tsx scripts/verify-table.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { allCases } from '../lab/verify/cases/index.ts';
import { runMatrix } from '../lab/verify/matrix.ts';
import { toMarkdown } from '../lab/verify/report.ts';

const BEGIN = '<!-- verify-table:begin (scripts/verify-table.ts writes this) -->';
const END = '<!-- verify-table:end -->';
const file = new URL('../README.md', import.meta.url);

const started = Date.now();
const cli = [
  process.execPath,
  ...process.execArgv,
  new URL('../lab/cli.ts', import.meta.url).pathname,
];
const results = await runMatrix(allCases(), {
  cli, // the STUN cases run our classifier inside Alice's namespace
  onCase: (r, done, total) => process.stderr.write(`\r\x1b[K[${done}/${total}] ${r.case.id}`),
});
process.stderr.write('\r\x1b[K');
const table = toMarkdown(results, Date.now() - started, new Date().toISOString().slice(0, 10));
const readme = readFileSync(file, 'utf8');
const a = readme.indexOf(BEGIN);
const b = readme.indexOf(END);
if (a < 0 || b < a) throw new Error(`README.md has no ${BEGIN} ... ${END} block`);
const updated = `${readme.slice(0, a + BEGIN.length)}\n${table}${readme.slice(b)}`;
// Written as `npm run check` wants it (prettier aligns the table's columns).
const path = fileURLToPath(file);
const options = (await prettier.resolveConfig(path)) ?? {};
writeFileSync(file, await prettier.format(updated, { ...options, filepath: path }));
console.log(table.split('\n')[0]);
