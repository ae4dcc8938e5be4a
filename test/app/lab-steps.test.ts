/**
 * The terminal-line to step-template mapping, table-driven: each line a template can express
 * becomes that step with the lab's real addresses, and everything else is refused with its key.
 */
import { describe, expect, it } from 'vitest';
import { addressBook, lineToStep } from '../../src/app/lab-steps.ts';
import { walkthroughTopology } from '../../src/model/scenarios/index.ts';

const book = addressBook(walkthroughTopology('full-cone', 'restricted-cone'), {
  server: '10.0.0.1',
  alice: '10.0.0.2',
  bob: '10.0.0.3',
});

describe('lineToStep', () => {
  it.each([
    [
      'bob',
      'echo "toc" | nc -p 58888 -u 54.93.249.162 9000',
      {
        template: 'nc-send',
        from: 'bob',
        port: 58888,
        to: { ip: '10.0.0.1', port: 9000 },
        text: 'toc',
      },
    ],
    [
      'alice',
      'echo "upd hole" | nc -p 53333 -u 54.93.229.24 58888',
      {
        template: 'nc-send',
        from: 'alice',
        port: 53333,
        to: { ip: '10.0.0.3', port: 58888 },
        text: 'upd hole',
      },
    ],
    [
      'bob',
      'echo "soy Bob" | nc -p 58888 -u 82.230.120.113 53333',
      {
        template: 'nc-send',
        from: 'bob',
        port: 58888,
        to: { ip: '10.0.0.2', port: 53333 },
        text: 'soy Bob',
      },
    ],
    [
      'alice',
      'nc -klu 53333',
      { template: 'nc-listen', from: 'alice', port: 53333, keep: true, seconds: 20 },
    ],
    [
      'bob',
      'nc -lu 58888',
      { template: 'nc-listen', from: 'bob', port: 58888, keep: false, seconds: 20 },
    ],
    [
      'bob',
      'nc -l -u -p 58888',
      { template: 'nc-listen', from: 'bob', port: 58888, keep: false, seconds: 20 },
    ],
    [
      'bob',
      'pystun -p 59999',
      {
        template: 'stun-classify',
        from: 'bob',
        server: { ip: '10.0.0.1', port: 3478 },
        port: 59999,
      },
    ],
    [
      'alice',
      'pystun -H 54.93.249.162 -P 3479 --rfc5780',
      {
        template: 'stun-classify',
        from: 'alice',
        server: { ip: '10.0.0.1', port: 3479 },
        rfc5780: true,
      },
    ],
  ])('%s$ %s is a step', (actor, command, step) => {
    expect(lineToStep({ actor, command }, book)).toEqual({ step });
  });

  it.each([
    ['server', 'nc -lu 9000', 'labRefuseActor'],
    ['server', 'ss -unp', 'labRefuseActor'],
    ['alice', 'ss -unp', 'labRefuseProgram'],
    ['alice', 'stund -h 1.2.3.4', 'labRefuseProgram'],
    ['alice', '^C', 'labRefuseProgram'],
    ['alice', 'nc -p 53333 -u 54.93.229.24 58888', 'labRefuseShape'],
    ['alice', 'echo "x" | nc -p 53333 54.93.229.24 58888', 'labRefuseShape'],
    ['alice', 'echo "x" | nc -z -u -p 53333 54.93.229.24 58888', 'labRefuseShape'],
    ['alice', 'nc -klu', 'labRefuseShape'],
    ['alice', 'pystun --pystun-bug', 'labRefuseShape'],
    ['alice', 'echo "x" | nc -p 53333 -u 8.8.8.8 53', 'labRefuseAddress'],
    ['alice', 'echo "x; rm -rf /" | nc -p 53333 -u 54.93.229.24 58888', 'labRefuseValue'],
    ['alice', 'echo "x" | nc -p 80 -u 54.93.229.24 58888', 'labRefuseValue'],
    ['alice', 'nc -klu 99999', 'labRefuseValue'],
    ['alice', 'echo "x | nc', 'labRefuseParse'],
    ['alice', 'pystun -Q', 'labRefuseParse'],
    ['alice', 'echo a | nc -u -p 1 1.2.3.4 5 | cat', 'labRefuseParse'],
  ])('%s$ %s is refused (%s)', (actor, command, key) => {
    const r = lineToStep({ actor, command }, book);
    expect('refusal' in r && r.refusal.key).toBe(key);
  });

  it('an address the lab does not know yet is refused, not guessed', () => {
    const partial = addressBook(walkthroughTopology('full-cone', 'restricted-cone'), {
      server: '10.0.0.1',
    });
    const r = lineToStep(
      { actor: 'alice', command: 'echo "x" | nc -p 53333 -u 54.93.229.24 58888' },
      partial,
    );
    expect(r).toMatchObject({
      refusal: { key: 'labRefuseAddress', values: { ip: '54.93.229.24' } },
    });
  });
});
