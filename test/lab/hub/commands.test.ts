/**
 * The `server` and `agent` commands in-process, as a newcomer runs them: --help with examples,
 * mistakes named with a pointer to --help, and a server on loopback (hub, rendezvous) that an
 * agent started with the printed URL and token joins; a datagram to the rendezvous is printed
 * with the ip:port it came from, a punch `register` is answered; both stop cleanly on a signal.
 */
import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { main } from '../../../lab/cli.ts';
import { until } from './clients.ts';
import { runCommand, testIo } from './server-lab.ts';

const run = runCommand;

describe('server and agent commands', () => {
  it.each([['server'], ['agent']])('%s --help has examples', async (name) => {
    const r = await run([name, '--help']);
    expect(r.code).toBe(0);
    expect(r.text).toMatch(/examples:/);
  });

  it.each([
    [['server', '--port', 'http'], /--port: "http" is not a port 0-65535/],
    [['server', '--host', '999.1.1.1'], /--host: "999.1.1.1" is not an IPv4 address/],
    [['server', '--token', 'short'], /--token: 8-128/],
    [['server', '--stun-primary', '127.0.0.1'], /go together/],
    [['server', '--origin', 'javascript:alert(1)'], /--origin: .* is not an origin/],
    [
      ['agent'],
      /--role alice\|bob and --hub URL are required, e\.g\. .*agent --role alice --hub ws:/,
    ],
    [['agent', '--role', 'bob'], /--hub URL is required \(the server prints it\)/],
    [['agent', '--rol', 'bob'], /unknown option --rol; did you mean --role\?/],
    [
      ['punch'],
      /missing --server HOST\[:PORT\] .*, --name NAME .*, --peer NAME .*; e\.g\. agujero punch/,
    ],
    [['punch', '-s', '127.0.0.1', '-n', 'bob'], /missing --peer NAME/],
    [['agent', '--role', 'alise', '--hub', 'ws://127.0.0.1:1/hub'], /did you mean alice\?/],
    [['agent', '--role', 'bob', '--hub', 'http://x'], /not a ws:\/\/ or wss:\/\/ URL/],
    [
      ['agent', '--role', 'bob', '--hub', 'http://192.0.2.10:8080/?page=lesson'],
      /not a ws:\/\/ or wss:\/\/ URL .*; did you mean ws:\/\/192\.0\.2\.10:8080\/hub\?/,
    ],
    [
      ['agent', '--role', 'bob', '--hub', 'ws://127.0.0.1:1/hub', '--nc', 'ncat'],
      /--nc: "ncat" is not auto or builtin/,
    ],
  ])('%j is a usage error', async (argv, words) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.text).toMatch(words);
    expect(r.text).toMatch(/--help' for usage/);
  });

  it('a server on loopback, an agent joining it with the printed URL and token, a datagram seen', async () => {
    const serverIo = testIo();
    const server = main(['server', '--port', '0', '--udp-port', '0'], serverIo).catch(() => -1);
    await until(() => /Ctrl-C stops/.test(serverIo.text()), 5000, 'the server to start');
    const text = serverIo.text();
    const hub = /AGUJERO_TOKEN=(\S+) .*agent --role alice --hub (\S+)/.exec(text)!;
    const udp = /rendezvous {2}udp 127\.0\.0\.1:(\d+)/.exec(text)!;
    expect(text).toMatch(/hub {9}ws:\/\/127\.0\.0\.1:\d+\/hub {3}\(this machine only/);
    const agentIo = testIo();
    const agent = main(
      ['agent', '--role', 'alice', '--hub', hub[2]!, '--token', hub[1]!, '--nc', 'builtin'],
      agentIo,
    );
    await until(() => /agents: alice/.test(serverIo.text()), 5000, 'the agent to join');
    await until(
      () => /registered as alice \(nc: builtin, -k\)/.test(agentIo.text()),
      3000,
      'the agent to say so',
    );
    expect(agentIo.text()).toMatch(/--token is visible to every user of this machine \(ps\)/);
    const s = createSocket('udp4');
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
    s.send('toc\n', Number(udp[1]), '127.0.0.1');
    await until(
      () => /<- 127\.0\.0\.1:\d+ {2}"toc" {2}\(new peer\)/.test(serverIo.text()),
      3000,
      'the datagram line',
    );
    // the punch protocol's register is answered with what the server saw
    const answer = new Promise<string>((r) => s.once('message', (d) => r(d.toString())));
    s.send('register bob alice\n', Number(udp[1]), '127.0.0.1');
    expect(await answer).toMatch(new RegExp(`^seen bob 127\\.0\\.0\\.1:${s.address().port}`));
    s.close();
    agentIo.stop();
    expect(await agent).toBe(0);
    serverIo.stop();
    expect(await server).toBe(0);
    expect(serverIo.text()).toMatch(
      /stopped \(SIGINT\): 2 datagrams from 1 peer \(1 punch register\); hub: 1 connection,/,
    );
  });

  it('an agent with a wrong token exits 1 and says why', async () => {
    const serverIo = testIo();
    const server = main(
      ['server', '--port', '0', '--udp-port', '0', '--token', 'right-token-1'],
      serverIo,
    );
    await until(() => /Ctrl-C stops/.test(serverIo.text()), 5000, 'the server to start');
    const url = /--hub (\S+)/.exec(serverIo.text())![1]!;
    const r = await run([
      'agent',
      '--role',
      'bob',
      '--hub',
      url,
      '--token',
      'wrong-token',
      '--nc',
      'builtin',
    ]);
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/agent: the hub refused the token/);
    serverIo.stop();
    await server;
  });
});
