/**
 * The punch grid: both peers register with the server, punch toward the endpoint the server saw
 * of the other twice, crossing, then answer the source each first punch came from (what the
 * peer machine does). Over {open, full cone, restricted cone, port-restricted cone, symmetric}
 * squared, INPUT dropping new inbound on both routers; `open` is a router that only routes, its
 * host talking with its own address.
 */
import type { VerifyCase } from '../case.ts';
import { send } from '../case.ts';
import type { VerifyRouter } from '../case.ts';
import { TYPES, alice, bob } from './common.ts';

const GRID: readonly { type: string; router: VerifyRouter }[] = [
  { type: 'open', router: { recipe: 'open', inputPolicy: 'drop-new' } },
  ...TYPES.map((t) => ({
    type: t.type,
    router: { recipe: t.recipe, inputPolicy: 'drop-new' } as const,
  })),
];

const STEPS: VerifyCase['steps'] = [
  send('bob-register', bob(58888), { addr: 'serverPrimary', port: 9000 }),
  send('alice-register', alice(53333), { addr: 'serverPrimary', port: 9000 }),
  send('alice-punch-1', alice(53333), { seenOf: 'bob-register' }),
  send('bob-punch-1', bob(58888), { seenOf: 'alice-register' }),
  send('alice-punch-2', alice(53333), { seenOf: 'bob-register' }),
  send('bob-punch-2', bob(58888), { seenOf: 'alice-register' }),
  send('alice-answers', alice(53333), { seenOf: 'bob-punch-1' }),
  send('bob-answers', bob(58888), { seenOf: 'alice-punch-1' }),
];

/** The punch grid family. */
export function punchGridCases(): VerifyCase[] {
  return GRID.flatMap((b) =>
    GRID.map((a): VerifyCase => ({
      id: `punch/bob-${b.type}/alice-${a.type}`,
      family: 'punch',
      title: `crossing punches, Bob ${b.type}, Alice ${a.type}`,
      routers: { alice: a.router, bob: b.router },
      listen: [{ host: 'server', port: 9000 }],
      steps: STEPS,
      goals: [
        { name: 'alice hears bob', anyOf: ['bob-punch-1', 'bob-punch-2', 'bob-answers'] },
        { name: 'bob hears alice', anyOf: ['alice-punch-1', 'alice-punch-2', 'alice-answers'] },
      ],
    })),
  );
}
