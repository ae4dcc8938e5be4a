// The checks against the model: each kind of mistake a writer can make gets an error naming the
// file and line (unknown scenario, preset, goal, actor, command, answer not an option, an
// explanation naming what the run never shows, a try whose solution fails, links, ES/EN drift).
import { describe, expect, it } from 'vitest';
import { answer } from '../../src/lessons/answers.ts';
import { checkLesson } from '../../src/lessons/check.ts';
import { checkPair } from '../../src/lessons/check-pair.ts';
import { compileLesson } from '../../src/lessons/compile.ts';
import { namedIn } from '../../src/lessons/explanations.ts';
import { formatError } from '../../src/lessons/types.ts';
import type { Lesson } from '../../src/lessons/types.ts';

const FRONT = '---\nchapter: 1\nslug: tiny\ntitle: T\nsummary: S.\n---\n\n';
const FILE = 'lessons/01-tiny.es.md';
const CTX = {
  chapters: { tiny: '01-tiny', stun: '05-stun' },
  blockIds: { '05-stun.es': new Set(['p-detectors']) },
  fileExists: () => false,
};

/** The errors of a one-file lesson whose body is `body` (line 8 is its first line). */
function errorsOf(body: string): string[] {
  const c = compileLesson(FILE, FRONT + body, CTX.chapters);
  const checked = checkLesson(c, CTX);
  return [...c.errors, ...checked.errors].map(formatError);
}

describe('checkLesson', () => {
  it('names an unknown scenario with file and line', () => {
    expect(errorsOf('Text.\n\n::: simulator id=s scenario=nope\n:::\n')).toEqual([
      expect.stringMatching(/^lessons\/01-tiny\.es\.md:10: simulator s: unknown scenario "nope"; known: walkthrough/),
    ]);
  });

  it('names unknown presets, routers, goals and plot kinds', () => {
    const errors = errorsOf(
      [
        '::: simulator id=a scenario=walkthrough bob-nat=cone\n:::',
        '::: simulator id=b scenario=linux-clash cgnat=cgnat\n:::',
        '::: try id=c scenario=walkthrough goal=nobody-hears\nTask.\n:::',
        '::: plot id=d kind=pie\n:::',
      ].join('\n\n'),
    );
    expect(errors).toEqual([
      expect.stringMatching(/:8: simulator a: unknown NAT preset "cone"/),
      expect.stringMatching(/:11: simulator b: scenario "linux-clash" has no router "cgnat"/),
      expect.stringMatching(/:14: try c: scenario "walkthrough" has no goal "nobody-hears"/),
      expect.stringMatching(/:18: plot d: unknown kind "pie"/),
    ]);
  });

  it('checks terminal lines: actor of the scenario, command the shell runs', () => {
    const errors = errorsOf(
      '::: terminal id=t scenario=walkthrough\ncarol$ nc -lu 9000\nalice$ nc -q 53333\nbob$ nc -lu 9000\n:::\n',
    );
    expect(errors).toEqual([
      expect.stringMatching(/:9: terminal: "carol" is not an actor of scenario "walkthrough"/),
      expect.stringMatching(/:10: terminal: alice\$ nc -q 53333: /),
    ]);
  });

  it('computes the answer, and refuses one that is not an option or an explanation the run contradicts', () => {
    const errors = errorsOf(
      [
        '::: predict id=p scenario=walkthrough alice-nat=symmetric ask=goal:alice-hears-bob',
        'Does it arrive?',
        '- yes: Yes.',
        '  Through 54.93.229.24:58888.',
        '- maybe: Maybe.',
        '  It leaves from 1.2.3.4:4444.',
        ':::',
      ].join('\n'),
    );
    expect(errors).toEqual([
      expect.stringMatching(/:8: predict p: the model answers "no" to goal:alice-hears-bob, which is not an option \(yes, maybe\)/),
      expect.stringMatching(/:8: predict p: option "maybe" names 1.2.3.4:4444, which the run never shows/),
    ]);
  });

  it('runs a try block’s solution terminal and says when it misses the goal', () => {
    const errors = errorsOf(
      [
        '::: terminal id=t-wrong scenario=walkthrough stopAfter=6',
        'bob$ echo "soy Bob" | nc -p 58888 -u 82.230.120.113 53333',
        ':::',
        '',
        '::: try id=try-x scenario=walkthrough stopAfter=6 goal=alice-hears-bob solution=t-wrong',
        'Open the hole.',
        ':::',
      ].join('\n'),
    );
    expect(errors).toEqual([
      expect.stringMatching(/:12: try try-x: the solution "t-wrong" does not reach goal "alice-hears-bob"/),
    ]);
  });

  it('resolves links: anchors, chapter slugs and their blocks, simulator queries', () => {
    const errors = errorsOf(
      '[a](#nowhere) [b](stun#p-detectors) [c](stun#p-none) [d](elsewhere) [e](?s=nope) [f](lifetime)\n',
    );
    expect(errors).toEqual([
      expect.stringMatching(/:8: link "#nowhere": no block with that id/),
      expect.stringMatching(/:8: link "stun#p-none": chapter 05-stun has no block "p-none"/),
      expect.stringMatching(/:8: link "elsewhere": no chapter with that slug/),
      expect.stringMatching(/:8: link "\?s=nope": the simulator cannot use s=nope/),
      expect.stringMatching(/:8: warning: link "lifetime": chapter 04-lifetime is not written yet/),
    ]);
  });

  it('refuses duplicate ids', () => {
    expect(errorsOf('::: note id=n\nA.\n:::\n\n::: note id=n\nB.\n:::\n')).toEqual([
      expect.stringMatching(/:12: block id "n" already used at line 8/),
    ]);
  });
});

describe('checkPair', () => {
  const lesson = (body: string, lang: 'es' | 'en'): Lesson =>
    compileLesson(`lessons/01-tiny.${lang}.md`, FRONT + body, {}).lesson as Lesson;
  const sim = '::: simulator id=s scenario=walkthrough\n:::\n';
  it('accepts the same blocks with different prose', () => {
    expect(checkPair(lesson(`Hola.\n\n${sim}`, 'es'), lesson(`Hello.\n\n${sim}`, 'en'), 'es.md', 'en.md')).toEqual([]);
  });
  it('names a block with other attributes, another id, or missing', () => {
    const other = '::: simulator id=s scenario=walkthrough alice-nat=symmetric\n:::\n';
    expect(checkPair(lesson(sim, 'es'), lesson(other, 'en'), 'es.md', 'en.md')[0]?.message).toMatch(/simulator s: attributes differ from es.md:8/);
    const renamed = '::: simulator id=t scenario=walkthrough\n:::\n';
    expect(checkPair(lesson(sim, 'es'), lesson(renamed, 'en'), 'es.md', 'en.md')[0]?.message).toBe('block 1 is simulator "t" but es.md:8 has simulator "s"');
    expect(checkPair(lesson(sim, 'es'), lesson('Nothing.\n', 'en'), 'es.md', 'en.md')[0]?.message).toMatch(/simulator s: missing here/);
  });
});

describe('answers', () => {
  it('answers each kind of question from the model', () => {
    const w = { scenario: 'walkthrough', nat: {} };
    expect(answer(w, 'goal:alice-hears-bob').value).toBe('yes');
    expect(answer({ ...w, nat: { 'alice-nat': 'symmetric' } }, 'goal:alice-hears-bob').value).toBe('no');
    expect(answer(w, 'saw:server.alice.ip').value).toBe('82.230.120.113');
    expect(answer({ ...w, nat: { 'alice-nat': 'symmetric' } }, 'fate:soy Bob').value).toBe('alice-nat');
    expect(answer(w, 'verdict:full-cone/full-cone').value).toBe('direct');
    expect(answer(w, 'stun:full-cone').value).toBe('Full Cone');
  });

  it('reads addresses and ports out of explanations, not RFC numbers or durations', () => {
    expect(namedIn('Seen at 54.93.229.24:58888, then 9065; RFC 4787 says 120 s, 2000 ms.')).toEqual({
      endpoints: ['54.93.229.24:58888'],
      ips: [],
      ports: ['9065'],
    });
  });
});
