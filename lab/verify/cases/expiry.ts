/**
 * Mapping expiry and refresh, with the routers' UDP conntrack timeouts shortened to 2 s (a flow
 * without replies, `nf_conntrack_udp_timeout`) and 4 s (a stream, `_stream`): a mapping left alone
 * expires; outbound packets refresh it; inbound replies refresh it; a flow that saw a reply gets
 * the stream timeout only once it is 2 s old (the kernel's rule); a stream expires in its turn.
 * Alice behind MASQUERADE opens 53333 -> server 3478; the server answers from there.
 */
import type { Step, VerifyCase } from '../case.ts';
import { send, wait } from '../case.ts';
import { alice, server } from './common.ts';

const NAT = { recipe: 'masquerade', inputPolicy: 'drop-new' } as const;
const TIMEOUTS = { udpSec: 2, streamSec: 4 } as const;

const out = (id: string): Step => send(id, alice(53333), { addr: 'serverPrimary', port: 3478 });
const back = (id: string): Step => send(id, server(3478), { seenOf: 'open' });

const CASES: readonly { name: string; title: string; steps: Step[] }[] = [
  {
    name: 'unreplied-expires',
    title: 'a mapping nobody answered, 2.6 s later',
    steps: [out('open'), wait(2600), back('late-answer')],
  },
  {
    name: 'outbound-refresh',
    title: 'refreshed by an outbound packet at 1.3 s, answered at 2.6 s',
    steps: [out('open'), wait(1300), out('refresh'), wait(1300), back('answer')],
  },
  {
    name: 'inbound-refresh',
    title: 'refreshed by an answer at 1.3 s, answered again at 2.6 s',
    steps: [out('open'), wait(1300), back('answer-1'), wait(1300), back('answer-2')],
  },
  {
    name: 'replied-young-not-stream',
    title: 'answered at once, then silent 2.6 s: a reply alone does not make a stream',
    steps: [out('open'), back('answer-1'), wait(2600), back('answer-2')],
  },
  {
    name: 'stream-after-replies',
    title: 'answered, then outbound at 1.5 s and 2.5 s (a stream), answered 3 s later',
    steps: [
      out('open'),
      back('answer-1'),
      wait(1500),
      out('keep-1'),
      wait(1000),
      out('keep-2'),
      wait(3000),
      back('answer-2'),
    ],
  },
  {
    name: 'stream-expires',
    title: 'the same stream left alone 4.6 s',
    steps: [
      out('open'),
      back('answer-1'),
      wait(1500),
      out('keep-1'),
      wait(1000),
      out('keep-2'),
      wait(4600),
      back('answer-2'),
    ],
  },
];

/** The expiry family: 6 cases. */
export function expiryCases(): VerifyCase[] {
  return CASES.map((c): VerifyCase => ({
    id: `expiry/${c.name}`,
    family: 'expiry',
    title: `${c.title} (UDP timeouts ${TIMEOUTS.udpSec} s / ${TIMEOUTS.streamSec} s)`,
    routers: { alice: NAT, bob: NAT, timeouts: TIMEOUTS },
    steps: c.steps,
  }));
}
