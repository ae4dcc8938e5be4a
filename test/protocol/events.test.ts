/**
 * Lab events on the wire: packets round-trip to the model's Packet (payload as hex), observations
 * pass as they are, and each template renders the command line a student would have typed.
 */
import { describe, expect, it } from 'vitest';
import { textPayload } from '../../src/model/packet.ts';
import {
  fromHex,
  fromWire,
  packetToWire,
  toHex,
  MAX_EVENT_PAYLOAD,
} from '../../src/protocol/events.ts';
import { stepCommandLine } from '../../src/protocol/steps.ts';
import type { Step } from '../../src/protocol/steps.ts';

describe('wire packets', () => {
  it('round-trips a packet to the model shape', () => {
    const p = {
      id: 3,
      src: { ip: '10.0.0.2', port: 1 },
      dst: { ip: '1.2.3.4', port: 2 },
      payload: textPayload('toc\n'),
    };
    const wire = packetToWire(p);
    expect(wire.payload).toBe('746f630a');
    const back = fromWire({ type: 'sent', t: 1, node: 'bob', packet: wire });
    expect(back).toEqual({ type: 'sent', t: 1, node: 'bob', packet: p });
  });

  it('hex of every byte value, cut at the payload limit', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(fromHex(toHex(all))).toEqual(all);
    expect(toHex(new Uint8Array(MAX_EVENT_PAYLOAD + 10)).length).toBe(MAX_EVENT_PAYLOAD * 2);
  });

  it('passes observations unchanged', () => {
    const e = {
      type: 'observed',
      t: 2,
      node: 'alice',
      kind: 'listening',
      socket: { ip: '0.0.0.0', port: 53333 },
    } as const;
    expect(fromWire(e)).toBe(e);
  });
});

describe('step command lines', () => {
  const cases: readonly [Step, string][] = [
    [
      {
        template: 'nc-send',
        from: 'bob',
        port: 58888,
        to: { ip: '54.93.249.162', port: 9000 },
        text: 'toc',
      },
      'echo "toc" | nc -p 58888 -u 54.93.249.162 9000',
    ],
    [
      { template: 'nc-listen', from: 'alice', port: 53333, keep: true, seconds: 60 },
      'nc -klu 53333',
    ],
    [
      { template: 'nc-listen', from: 'alice', port: 53333, keep: false, seconds: 60 },
      'nc -lu 53333',
    ],
    [
      {
        template: 'stun-classify',
        from: 'bob',
        server: { ip: '127.0.0.1', port: 3478 },
        port: 59999,
      },
      'pystun -H 127.0.0.1 -P 3478 -p 59999',
    ],
    [
      {
        template: 'stun-classify',
        from: 'bob',
        server: { ip: '127.0.0.1', port: 3478 },
        rfc5780: true,
      },
      'pystun -H 127.0.0.1 -P 3478 --rfc5780',
    ],
  ];
  it.each(cases)('%j reads %s', (step, line) => {
    expect(stepCommandLine(step)).toBe(line);
  });
});
