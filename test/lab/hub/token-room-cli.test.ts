/**
 * The token and the room from the command line, as a newcomer types them: `agent`, `server` and
 * `punch` read the token from --token-file (only its owner may read it) or AGUJERO_TOKEN, warn
 * when it is given with --token (visible in ps), and name every mistake (a file others can read,
 * both flags, a bad room, hub flags without --hub); an agent started with AGUJERO_TOKEN and
 * --room joins that room of a server on loopback.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../lab/cli.ts';
import { TOKEN_ENV } from '../../../lab/agent/token.ts';
import { browser, terminatedAfterEach, until } from './clients.ts';
import { runCommand, secretFile, startServerLab, testIo } from './server-lab.ts';
import type { ServerLab } from './server-lab.ts';

const clients = terminatedAfterEach();
let lab: ServerLab | undefined;
const files: (() => void)[] = [];
afterEach(async () => {
  delete process.env[TOKEN_ENV];
  for (const f of files.splice(0)) f();
  await lab?.stop();
  lab = undefined;
});

function file(text: string, mode: number): string {
  const f = secretFile(text, mode);
  files.push(f.remove);
  return f.path;
}

const HUB = ['--hub', 'ws://127.0.0.1:1/hub'];

describe('tokens and rooms on the command line', () => {
  it.each<[string, () => string[], RegExp]>([
    [
      'a token file others can read',
      () => ['agent', '--role', 'alice', ...HUB, '--token-file', file('t0k3n\n', 0o644)],
      /--token-file: .* is readable by other users \(mode 0644\); chmod 600 /,
    ],
    [
      'a token file that is not there',
      () => ['agent', '--role', 'alice', ...HUB, '--token-file', '/nonexistent/token'],
      /--token-file: cannot read \/nonexistent\/token \(ENOENT\)/,
    ],
    [
      'a token file with no token',
      () => ['agent', '--role', 'alice', ...HUB, '--token-file', file('two words\n', 0o600)],
      /the first line of .* is not a token/,
    ],
    [
      'both --token and --token-file',
      () => ['agent', '--role', 'bob', ...HUB, '--token', 'x', '--token-file', '/x'],
      /--token and --token-file: give one of them/,
    ],
    [
      'a bad room',
      () => ['agent', '--role', 'bob', ...HUB, '--room', 'pair 7'],
      /--room: "pair 7" must be 1-32 letters, digits or dashes/,
    ],
    [
      'a typo in --room',
      () => ['agent', '--role', 'bob', ...HUB, '--rom', 'a'],
      /did you mean --room\?/,
    ],
    [
      "the server's token file others can read",
      () => ['server', '--token-file', file('t0k3n-long\n', 0o640)],
      /mode 0640/,
    ],
    [
      'punch --room without --hub',
      () => ['punch', '-s', '127.0.0.1', '-n', 'alice', '--peer', 'bob', '--room', 'a'],
      /--room goes with --hub URL/,
    ],
    [
      'punch --hub that is not ws://',
      () => ['punch', '-s', '127.0.0.1', '-n', 'alice', '--peer', 'bob', '--hub', 'http://x'],
      /--hub: "http:\/\/x" is not a ws:\/\/ or wss:\/\/ URL/,
    ],
    [
      'punch --hub as neither alice nor bob',
      () => ['punch', '-s', '127.0.0.1', '-n', 'carol', '--peer', 'bob', ...HUB],
      /say --role alice or --role bob \(the name "carol" is neither\)/,
    ],
  ])('%s is a usage error', async (_name, argv, words) => {
    const r = await runCommand(argv());
    expect(r.code).toBe(2);
    expect(r.text).toMatch(words);
  });

  it('an agent with AGUJERO_TOKEN and --room joins that room, with no warning', async () => {
    lab = await startServerLab();
    process.env[TOKEN_ENV] = lab.token;
    const io = testIo();
    const agent = main(
      ['agent', '--role', 'bob', '--hub', lab.hub, '--room', 'pair-9', '--nc', 'builtin'],
      io,
    );
    await until(() => /registered as bob/.test(io.text()), 5000, 'the agent to register');
    expect(io.text()).toMatch(/agent bob \(room pair-9\): nc is built-in/);
    expect(io.text()).not.toMatch(/visible to every user/);
    expect(lab.text()).toMatch(/agents: bob \(room pair-9, nc builtin/);
    const inRoom = await browser(lab.hub, lab.token, undefined, 'pair-9');
    const elsewhere = await browser(lab.hub, lab.token, undefined, 'pair-8');
    clients.push(inRoom, elsewhere);
    inRoom.send({ type: 'subscribe' });
    elsewhere.send({ type: 'subscribe' });
    expect((await inRoom.next('agents')).agents).toEqual([
      expect.objectContaining({ role: 'bob', room: 'pair-9' }),
    ]);
    expect((await elsewhere.next('agents')).agents).toEqual([]);
    io.stop();
    expect(await agent).toBe(0);
  });

  it('an agent with a wrong AGUJERO_TOKEN exits 1 and says why', async () => {
    lab = await startServerLab();
    process.env[TOKEN_ENV] = 'not-the-token';
    const r = await runCommand(['agent', '--role', 'alice', '--hub', lab.hub, '--nc', 'builtin']);
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/agent: the hub refused the token/);
  });
});
