// The CLI's registry: every entry loads the command it names (the one-line summaries live in the
// registry so `agujero --help` loads no command), and the bundle keeps each command out of the
// entry module.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS, cliHelp, main } from '../../lab/cli.ts';
import { VERSION } from '../../lab/version.ts';
import { buildLab } from '../../scripts/build-lab.mjs';

const ROOT = resolve(import.meta.dirname, '../..');

describe('the command registry', () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))(
    '%s loads the command it names, with help and examples',
    async (name, entry) => {
      const command = await entry.load();
      expect(command.name).toBe(name);
      expect(command.help).toMatch(/usage:/);
      expect(command.help).toMatch(/example/i);
      expect(entry.summary.length).toBeGreaterThan(20);
      expect(cliHelp()).toContain(`${name}`);
    },
  );

  it('the bundled entry carries no command: each is a chunk loaded when it runs', async () => {
    await buildLab();
    const entry = readFileSync(join(ROOT, 'dist-lab', 'agujero.mjs'), 'utf8');
    expect(entry.length).toBeLessThan(20_000);
    expect(entry).not.toContain('WebSocketServer');
    const chunks = readdirSync(join(ROOT, 'dist-lab', 'chunks'));
    for (const name of ['server', 'agent', 'netns', 'punch'])
      expect(chunks.some((f) => f.startsWith(`${name}-`))).toBe(true);
  });
});

describe('agujero --version', () => {
  it.each(['--version', '-V', 'version'])(
    "%s prints package.json's version and exits 0",
    async (flag) => {
      const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
        version: string;
      };
      expect(VERSION).toBe(pkg.version);
      let out = '';
      let err = '';
      const io = {
        out: (t: string) => void (out += t),
        err: (t: string) => void (err += t),
        stopped: new Promise<string>(() => {}),
      };
      expect(await main([flag], io)).toBe(0);
      expect(out).toBe(`agujero ${pkg.version}\n`);
      expect(err).toBe('');
    },
  );

  it('a typo of it is refused with a suggestion', async () => {
    let err = '';
    const io = {
      out: () => {},
      err: (t: string) => void (err += t),
      stopped: new Promise<string>(() => {}),
    };
    expect(await main(['--verison'], io)).toBe(2);
    expect(err).toMatch(/unknown command "--verison"/);
  });
});
