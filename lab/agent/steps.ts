/**
 * Runs one validated step template on the agent's machine: the command line a student would have
 * typed first, then the template's own events, then a `step-done` observation. nc steps use the
 * real nc when the machine has one, else the built-in; `stun-classify` runs the lab's classifier.
 * A step that throws ends as a failed step; nothing here runs anything but these templates.
 */
import type { Step, StunClassifyStep } from '../../src/protocol/steps.ts';
import { stepCommandLine } from '../../src/protocol/steps.ts';
import { classify } from '../stun/client.ts';
import { builtinNcListen, builtinNcSend } from './builtin-nc.ts';
import type { StepContext, StepResult } from './context.ts';
import { realNcListen, realNcSend } from './netcat.ts';

/** The lab's STUN classifier, its progress as stderr lines and its verdict as stdout and an observation. */
async function stunClassify(ctx: StepContext, step: StunClassifyStep): Promise<StepResult> {
  const log = (text: string): void =>
    ctx.emit({ type: 'output', t: ctx.t(), actor: ctx.role, stream: 'stderr', text });
  const r = await classify({
    server: step.server,
    ...(step.port === undefined ? {} : { sourcePort: step.port }),
    ...(step.rfc5780 ? { rfc5780: true } : {}),
    onLog: log,
  });
  const t = ctx.t();
  for (const text of r.text.replace(/\n$/, '').split('\n')) {
    ctx.emit({ type: 'output', t, actor: ctx.role, stream: 'stdout', text });
  }
  const v = r.verdict;
  const name = r.mode === 'rfc3489' ? r.verdict.natType : `${r.verdict.kind}`;
  ctx.emit({
    type: 'observed',
    t,
    node: ctx.role,
    kind: 'stun',
    socket: r.local,
    from: r.server,
    ...('external' in v && v.external ? { external: v.external } : {}),
    text: name,
  });
  return { ok: true, code: null };
}

function dispatch(ctx: StepContext, step: Step): Promise<StepResult> {
  const real = ctx.nc.variant !== 'builtin';
  switch (step.template) {
    case 'nc-send':
      return real ? realNcSend(ctx, step) : builtinNcSend(ctx, step);
    case 'nc-listen':
      return real ? realNcListen(ctx, step) : builtinNcListen(ctx, step);
    case 'stun-classify':
      return stunClassify(ctx, step);
    default: {
      const never: never = step;
      return never;
    }
  }
}

/** Runs `step` for request `id` (`index` numbers the commands of this agent's session). */
export async function runStep(
  ctx: StepContext,
  id: string,
  index: number,
  step: Step,
): Promise<StepResult> {
  ctx.emit({
    type: 'command',
    t: ctx.t(),
    actor: ctx.role,
    text: stepCommandLine(step),
    step: index,
  });
  let result: StepResult;
  try {
    result = await dispatch(ctx, step);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    ctx.emit({
      type: 'output',
      t: ctx.t(),
      actor: ctx.role,
      stream: 'stderr',
      text: reason.slice(0, 1000),
    });
    result = { ok: false, code: null, reason };
  }
  ctx.emit({
    type: 'observed',
    t: ctx.t(),
    node: ctx.role,
    kind: 'step-done',
    request: id,
    ok: result.ok,
    code: result.code,
    ...(result.reason ? { text: result.reason.slice(0, 1000) } : {}),
  });
  return result;
}
