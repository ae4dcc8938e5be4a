import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../../src/model/scenario-run.ts';
import { walkthroughScenario } from '../../../src/model/scenarios/walkthrough.ts';

function text(run: ScenarioRun, actor: string): string {
  return run
    .terminal(actor)
    .map((l) => (l.kind === 'command' ? `$ ${l.text}\n` : l.text))
    .join('');
}

describe('the seed walkthrough (Bob full cone, Alice restricted cone)', () => {
  const run = new ScenarioRun(walkthroughScenario());
  run.runToEnd();

  it('types the seed commands to the letter, with the ports the server saw', () => {
    const commands = run.events.flatMap((e) =>
      e.type === 'command' ? [`${e.actor}: ${e.text}`] : [],
    );
    expect(commands).toEqual([
      'server: nc -lu 9000',
      'bob: echo "toc" | nc -p 58888 -u 54.93.249.162 9000',
      'server: ss -unp',
      'server: nc -lu 9000',
      'alice: echo "toc" | nc -p 53333 -u 54.93.249.162 9000',
      'server: ss -unp',
      'alice: echo "upd hole" | nc -p 53333 -u 54.93.229.24 58888',
      'alice: nc -klu 53333',
      'bob: echo "soy Bob" | nc -p 58888 -u 82.230.120.113 53333',
      'bob: echo "upd hole" | nc -p 58888 -u 82.230.120.113 53333',
      'bob: nc -klu 58888',
      'alice: echo "soy Alice" | nc -p 53333 -u 54.93.229.24 58888',
    ]);
  });

  it('shows the server Bob at 54.93.229.24:58888, then Alice at 82.230.120.113:53333', () => {
    const server = text(run, 'server');
    expect(server).toMatch(
      /ESTAB .*54\.93\.249\.162:9000 +54\.93\.229\.24:58888 +users:\(\("nc",pid=\d+,fd=3\)\)/,
    );
    expect(server).toMatch(/ESTAB .*54\.93\.249\.162:9000 +82\.230\.120\.113:53333/);
    expect(server.indexOf('54.93.229.24:58888')).toBeLessThan(
      server.indexOf('82.230.120.113:53333'),
    );
    expect(server.match(/^toc$/gm)).toHaveLength(2);
    expect(run.observations).toMatchObject({
      'server.saw.bob.ip': '54.93.229.24',
      'server.saw.bob.port': '58888',
      'server.saw.alice.ip': '82.230.120.113',
      'server.saw.alice.port': '53333',
    });
  });

  it("delivers Bob's reply to Alice's nc -klu after her hole, and Alice's to Bob's", () => {
    const alice = text(run, 'alice');
    expect(alice).toContain('$ nc -klu 53333\nsoy Bob\n');
    expect(text(run, 'bob')).toContain('$ nc -klu 58888\nsoy Alice\n');
    expect(run.outcomes().map((o) => [o.goal.id, o.reached])).toEqual([
      ['alice-hears-bob', true],
      ['bob-hears-alice', true],
    ]);
  });

  it("lets Alice's first punch through Bob's full cone, where Bob's connected nc discards it", () => {
    const drop = run.events.find((e) => e.type === 'dropped');
    expect(drop).toMatchObject({ node: 'bob', reason: 'socket-connected-elsewhere' });
  });

  it('translates at each NAT with the seed addresses', () => {
    const translated = run.events.filter(
      (e) => e.type === 'translated' && e.direction === 'outbound',
    );
    expect(translated[0]).toMatchObject({
      node: 'bob-nat',
      before: { src: { ip: '192.168.1.10', port: 58888 } },
      after: { src: { ip: '54.93.229.24', port: 58888 }, dst: { ip: '54.93.249.162', port: 9000 } },
    });
  });
});

describe('the walkthrough with the NAT types swapped for failing ones', () => {
  it('fails with a named reason when Alice is behind a symmetric NAT', () => {
    const run = new ScenarioRun(walkthroughScenario('full-cone', 'symmetric'));
    run.runToEnd();
    const [aliceHearsBob] = run.outcomes();
    expect(aliceHearsBob?.reached).toBe(false);
    expect(aliceHearsBob?.reason).toMatch(
      /^filtered: no mapping permits 54\.93\.229\.24:58888 -> 82\.230\.120\.113:40000 \(at alice-nat\)$/,
    );
  });
});

describe('goal outcomes as data', () => {
  it('names the delivery or the drop event behind each goal', () => {
    const ok = new ScenarioRun(walkthroughScenario());
    ok.runToEnd();
    const [first] = ok.outcomes();
    expect(first?.cause.kind).toBe('delivered');
    const bad = new ScenarioRun(walkthroughScenario('full-cone', 'symmetric'));
    bad.runToEnd();
    const cause = bad.outcomes()[0]!.cause;
    expect(cause.kind === 'dropped' && [cause.event.node, cause.event.reason]).toEqual([
      'alice-nat',
      'filtered-address',
    ]);
  });
});
