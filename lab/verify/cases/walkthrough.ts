/**
 * The seed walkthrough, in the order and on the ports typed (DESIGN.md): Bob and Alice tell the
 * server "toc" from 58888 and 53333; Alice punches toward what the server saw of Bob and listens;
 * Bob answers "soy Bob" toward what the server saw of Alice; then the reverse. Over the four
 * classic types squared with both INPUT policies on both routers: 32 cases. The sockets are
 * unconnected (nc -klu), so what is compared is the NATs, not nc's connect().
 */
import type { VerifyCase } from '../case.ts';
import { send } from '../case.ts';
import { POLICIES, TYPES, alice, bob } from './common.ts';

/** The walkthrough's steps. */
export function walkthroughSteps(): VerifyCase['steps'] {
  return [
    send('bob-toc', bob(58888), { addr: 'serverPrimary', port: 9000 }),
    send('alice-toc', alice(53333), { addr: 'serverPrimary', port: 9000 }),
    send('alice-upd-hole', alice(53333), { seenOf: 'bob-toc' }),
    send('soy-bob', bob(58888), { seenOf: 'alice-toc' }),
    send('bob-upd-hole', bob(58888), { seenOf: 'alice-toc' }),
    send('soy-alice', alice(53333), { seenOf: 'bob-toc' }),
  ];
}

/** The walkthrough family: 32 cases. */
export function walkthroughCases(): VerifyCase[] {
  return POLICIES.flatMap((inputPolicy) =>
    TYPES.flatMap((b) =>
      TYPES.map((a): VerifyCase => ({
        id: `walkthrough/${inputPolicy}/bob-${b.type}/alice-${a.type}`,
        family: 'walkthrough',
        title: `seed walkthrough, Bob ${b.type}, Alice ${a.type}, INPUT ${inputPolicy}`,
        routers: {
          alice: { recipe: a.recipe, inputPolicy },
          bob: { recipe: b.recipe, inputPolicy },
        },
        listen: [{ host: 'server', port: 9000 }],
        steps: walkthroughSteps(),
        goals: [
          { name: 'alice hears bob', anyOf: ['soy-bob'] },
          { name: 'bob hears alice', anyOf: ['soy-alice'] },
        ],
      })),
    ),
  );
}

/**
 * The walkthrough exactly as typed, with real OpenBSD nc on the kernel and the scenario's own nc
 * in the model (lab/verify/nc-walkthrough.ts), over the same four types squared with both INPUT
 * policies: 32 cases.
 */
export function ncWalkthroughCases(): VerifyCase[] {
  return POLICIES.flatMap((inputPolicy) =>
    TYPES.flatMap((b) =>
      TYPES.map((a): VerifyCase => ({
        id: `walkthrough-nc/${inputPolicy}/bob-${b.type}/alice-${a.type}`,
        family: 'walkthrough-nc',
        title: `the walkthrough typed with nc, Bob ${b.type}, Alice ${a.type}, INPUT ${inputPolicy}`,
        routers: {
          alice: { recipe: a.recipe, inputPolicy },
          bob: { recipe: b.recipe, inputPolicy },
        },
        listen: [{ host: 'server', port: 9000 }, alice(53333), bob(58888)],
        steps: [],
        nc: true,
        goals: [
          { name: 'alice hears bob', anyOf: ['soy-bob'] },
          { name: 'bob hears alice', anyOf: ['soy-alice'] },
        ],
      })),
    ),
  );
}
