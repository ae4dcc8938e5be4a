/**
 * The steps an agent is running, as the hub counts them: a browser's step is forwarded only
 * while its agent runs fewer than LIMITS.maxRunningSteps, each counted until the agent reports
 * its `step-done` or, if it never does, until a deadline past the longest step a template allows
 * (a listen of MAX_LISTEN_SECONDS plus a minute), so a lost report never blocks the agent.
 *
 *   forward ─► start(id) ... step-done(id) ─► finish(id)     (or the deadline passes)
 */
import { LIMITS } from '../../src/protocol/errors.ts';
import { MAX_LISTEN_SECONDS } from '../../src/protocol/steps.ts';
import { count } from '../../src/protocol/count.ts';
import type { Peer } from './peer.ts';

/** How long a step counts as running on its agent if it never reports its end. */
export const STEP_DEADLINE_MS = (MAX_LISTEN_SECONDS + 60) * 1000;

/** Why `agent` cannot take another step at `now` ("2 steps running"), or undefined. */
export function busyProblem(agent: Pick<Peer, 'running'>, now: number): string | undefined {
  for (const [key, deadline] of agent.running) if (deadline < now) agent.running.delete(key);
  const n = agent.running.size;
  return n >= LIMITS.maxRunningSteps ? `${count(n, 'step')} running` : undefined;
}

/** Counts step `id` as running on `agent` from `now`. */
export function startStep(agent: Pick<Peer, 'running'>, id: string, now: number): void {
  agent.running.set(id, now + STEP_DEADLINE_MS);
}

/** The agent reported step `id` done. */
export function finishStep(agent: Pick<Peer, 'running'>, id: string): void {
  agent.running.delete(id);
}
