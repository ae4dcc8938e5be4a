/**
 * The client's warm-up: one in-memory run of each plan against the server logic finishes at
 * once, opens no socket and sends nothing.
 */
import { createSocket } from 'node:dgram';
import { describe, expect, it, vi } from 'vitest';
import { warmUp } from '../../../lab/stun/warm-up.ts';
import { classicPlan } from '../../../src/model/stun/classic-plan.ts';
import { rfc5780Plan } from '../../../src/model/stun/rfc5780-plan.ts';

vi.mock('node:dgram', { spy: true });

describe('warmUp', () => {
  it.each([
    ['RFC 3489', classicPlan()],
    ['RFC 5780', rfc5780Plan()],
  ] as const)(
    '%s: finishes in memory, well under its 200 ms bound, with no socket',
    async (_, plan) => {
      const started = performance.now();
      await warmUp(plan as Parameters<typeof warmUp>[0]);
      expect(performance.now() - started).toBeLessThan(150);
      expect(createSocket).not.toHaveBeenCalled();
    },
  );
});
