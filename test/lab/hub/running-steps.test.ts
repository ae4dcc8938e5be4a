import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../src/protocol/errors.ts';
import {
  STEP_DEADLINE_MS,
  busyProblem,
  finishStep,
  startStep,
} from '../../../lab/hub/running-steps.ts';

describe('running steps', () => {
  it('refuses a step while the agent runs the most allowed, and names how many', () => {
    const agent = { running: new Map<string, number>() };
    for (let i = 0; i < LIMITS.maxRunningSteps; i++) {
      expect(busyProblem(agent, 0)).toBeUndefined();
      startStep(agent, `s${i}`, 0);
    }
    expect(busyProblem(agent, 0)).toBe(`${LIMITS.maxRunningSteps} steps running`);
    finishStep(agent, 's0');
    expect(busyProblem(agent, 0)).toBeUndefined();
  });

  it('forgets a step whose end was never reported once its deadline has passed', () => {
    const agent = { running: new Map<string, number>() };
    for (let i = 0; i < LIMITS.maxRunningSteps; i++) startStep(agent, `s${i}`, i);
    expect(busyProblem(agent, STEP_DEADLINE_MS)).toBeDefined();
    // Past the first step's deadline only: one slot is free again.
    expect(busyProblem(agent, STEP_DEADLINE_MS + 0.5)).toBeUndefined();
    expect(agent.running.has('s0')).toBe(false);
    expect(agent.running.size).toBe(LIMITS.maxRunningSteps - 1);
  });
});
