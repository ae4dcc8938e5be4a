// The stun-server's error lines: a few of each kind per window, then a count, and a summary
// when the window ends or the server stops. The clock is injected; the throttle is the real one.
import { describe, expect, it } from 'vitest';
import { lineThrottle } from '../../../lab/commands/line-throttle.ts';

function setup(perWindow = 3) {
  const lines: string[] = [];
  let now = 0;
  const t = lineThrottle({ write: (l) => lines.push(l), perWindow, now: () => now });
  return { t, lines, advance: (ms: number) => (now += ms) };
}

describe('lineThrottle', () => {
  it('prints the first lines of a kind, counts the rest, and says how many at the window end', () => {
    const { t, lines, advance } = setup();
    for (let i = 0; i < 1_237; i++) t.report('EMSGSIZE', `send error ${i}`);
    t.report('EACCES', 'denied');
    expect(lines).toEqual(['send error 0\n', 'send error 1\n', 'send error 2\n', 'denied\n']);
    advance(10_000);
    t.flush();
    expect(lines.slice(4)).toEqual(['EMSGSIZE: 1,234 more in the last 10 s\n']);
    t.report('EMSGSIZE', 'again');
    expect(lines.at(-1)).toBe('again\n');
  });

  it('stop flushes what is held, naming the time since the window began', () => {
    const { t, lines, advance } = setup(1);
    t.report('EMSGSIZE', 'first');
    t.report('EMSGSIZE', 'second');
    advance(3_200);
    t.stop();
    expect(lines).toEqual(['first\n', 'EMSGSIZE: 1 more in the last 3 s\n']);
  });

  it('a window with nothing held prints nothing', () => {
    const { t, lines } = setup();
    t.report('X', 'one');
    t.flush();
    t.stop();
    expect(lines).toEqual(['one\n']);
  });
});
