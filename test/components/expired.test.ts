/**
 * Recently expired mappings from the trace (src/app/expired.ts): the hole of the hole-expiry
 * scenario stays listed, with its time, until EXPIRED_SHOW_MS later, and not once mapped again.
 */
import { describe, expect, it } from 'vitest';
import { formatEndpoint, scenarioById } from '../../src/model/index.ts';
import { Timeline } from '../../src/app/timeline.ts';
import { EXPIRED_SHOW_MS, recentlyExpired } from '../../src/app/expired.ts';

describe('recently expired mappings', () => {
  const tl = Timeline.record(scenarioById('hole-expiry'));
  const ev = tl.events;
  const expiredAt = ev.findIndex((e) => e.type === 'mapping-expired' && e.node === 'alice-nat') + 1;
  const dropAt = ev.findIndex((e) => e.type === 'dropped' && e.node === 'alice-nat') + 1;

  it("lists Alice's closed hole from its expiry to the drop it causes", () => {
    expect(recentlyExpired(ev, expiredAt - 1, 'alice-nat')).toEqual([]);
    for (const i of [expiredAt, dropAt]) {
      const live = tl.frame(i).nats.find((n) => n.node === 'alice-nat')?.bindings ?? [];
      const [x, ...rest] = recentlyExpired(ev, i, 'alice-nat', live);
      expect(rest).toEqual([]);
      expect(x && formatEndpoint(x.binding.external)).toBe('82.230.120.113:53333');
      expect(x?.at).toBe(126_001);
    }
    expect(recentlyExpired(ev, dropAt, 'bob-nat').map((x) => x.at)).toEqual([121_001]);
  });

  it('forgets it after EXPIRED_SHOW_MS, and when the same endpoint is mapped again', () => {
    const later = [
      ...ev,
      { ...(ev[dropAt - 1] as (typeof ev)[number]), t: 126_001 + EXPIRED_SHOW_MS + 1 },
    ];
    expect(recentlyExpired(later, later.length, 'alice-nat')).toEqual([]);
    const gone = recentlyExpired(ev, dropAt, 'alice-nat')[0];
    if (!gone) throw new Error('no expired mapping');
    expect(recentlyExpired(ev, dropAt, 'alice-nat', [gone.binding])).toEqual([]);
  });
});
