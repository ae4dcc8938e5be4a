import { describe, expect, it } from 'vitest';
import {
  decodeMessage,
  encodeMessage,
  getAttribute,
  METHOD,
  unwrap,
} from '../../../src/model/stun/index.ts';
import type { StunAttribute } from '../../../src/model/stun/index.ts';
import { answerStun } from '../../../src/model/stun/server.ts';
import { A1P1, client, config, message } from './server-fixtures.ts';

/** A Binding request, RFC 3489 (`classic`) or RFC 5389. */
const request = (classic: boolean, attributes: StunAttribute[] = [], fingerprint = false) =>
  message(attributes, { classic, fingerprint });

function answer(bytes: Uint8Array, local = A1P1) {
  const a = answerStun(config, local, client, bytes);
  if (a.kind !== 'answer') throw new Error(`ignored: ${a.reason}`);
  return { ...a, message: unwrap(decodeMessage(a.bytes)) };
}

describe('the STUN server logic', () => {
  it('answers an RFC 5389 Binding request with XOR-MAPPED, MAPPED, RESPONSE-ORIGIN and OTHER-ADDRESS', () => {
    const a = answer(request(false));
    expect(a.from).toEqual(A1P1);
    expect(a.to).toEqual(client);
    const m = a.message.message;
    expect(m.class).toBe('success');
    expect(getAttribute(m, 'xor-mapped-address')?.address).toEqual({ family: 'ipv4', ...client });
    expect(getAttribute(m, 'mapped-address')?.address).toEqual({ family: 'ipv4', ...client });
    expect(getAttribute(m, 'response-origin')?.address).toEqual({ family: 'ipv4', ...A1P1 });
    expect(getAttribute(m, 'other-address')?.address).toEqual({
      family: 'ipv4',
      ip: '198.51.100.2',
      port: 3479,
    });
    expect(a.message.fingerprint).toBe('absent');
  });

  it('answers an RFC 3489 request with MAPPED, SOURCE and CHANGED-ADDRESS and the same 16-byte id', () => {
    const a = answer(request(true));
    expect(a.message.classic).toBe(true);
    expect(a.message.message.transactionId).toEqual(new Uint8Array(16).fill(7));
    expect(getAttribute(a.message.message, 'changed-address')?.address).toMatchObject({
      ip: '198.51.100.2',
      port: 3479,
    });
    expect(getAttribute(a.message.message, 'source-address')?.address).toMatchObject(A1P1);
    expect(getAttribute(a.message.message, 'xor-mapped-address')).toBeUndefined();
  });

  it.each([
    [false, false, A1P1],
    [true, false, { ip: '198.51.100.2', port: 3478 }],
    [false, true, { ip: '198.51.100.1', port: 3479 }],
    [true, true, { ip: '198.51.100.2', port: 3479 }],
  ])('honours CHANGE-REQUEST ip=%s port=%s by answering from %j', (changeIp, changePort, from) => {
    for (const classic of [true, false]) {
      const a = answer(request(classic, [{ kind: 'change-request', changeIp, changePort }]));
      expect(a.from).toEqual(from);
      const origin = getAttribute(
        a.message.message,
        classic ? 'source-address' : 'response-origin',
      );
      expect(origin?.address).toMatchObject(from);
    }
  });

  it('answers from the other address relative to where the request arrived', () => {
    const a = answer(
      request(false, [{ kind: 'change-request', changeIp: true, changePort: true }]),
      { ip: '198.51.100.2', port: 3479 },
    );
    expect(a.from).toEqual(A1P1);
    expect(getAttribute(a.message.message, 'other-address')?.address).toMatchObject(A1P1);
  });

  it('adds FINGERPRINT when the request had one', () => {
    expect(answer(request(false, [], true)).message.fingerprint).toBe('valid');
  });

  it('rejects unknown comprehension-required attributes with 420 and lists them', () => {
    const a = answer(request(false, [{ kind: 'unknown', type: 0x7f00, value: new Uint8Array(4) }]));
    expect(a.message.message.class).toBe('error');
    expect(getAttribute(a.message.message, 'error-code')).toMatchObject({ code: 420 });
    expect(getAttribute(a.message.message, 'unknown-attributes')?.types).toEqual([0x7f00]);
  });

  it('ignores other methods (RFC 8489 §6.3: discarded silently)', () => {
    const bytes = unwrap(
      encodeMessage({
        class: 'request',
        method: METHOD.ALLOCATE,
        transactionId: new Uint8Array(12),
      }),
    );
    expect(answerStun(config, A1P1, client, bytes)).toMatchObject({
      kind: 'ignore',
      cause: 'unsupported-method',
    });
  });

  it.each([
    ['garbage', Uint8Array.from([1, 2, 3]), /malformed STUN message/],
    [
      'a response',
      unwrap(encodeMessage({ class: 'success', method: 1, transactionId: new Uint8Array(12) })),
      /not a request \(success\)/,
    ],
  ])('ignores %s with a reason', (_, bytes, reason) => {
    const a = answerStun(config, A1P1, client, bytes);
    expect(a).toMatchObject({ kind: 'ignore', reason: expect.stringMatching(reason) });
  });

  it('ignores datagrams on endpoints that are not its own', () => {
    expect(
      answerStun(config, { ip: '198.51.100.9', port: 3478 }, client, request(false)),
    ).toMatchObject({ kind: 'ignore' });
  });
});

describe('RFC 5780 request attributes', () => {
  it('answers to the port RESPONSE-PORT names, at the source address', () => {
    const a = answer(
      request(false, [
        { kind: 'unknown', type: 0x0027, value: Uint8Array.from([0xea, 0x60, 0, 0]) },
      ]),
    );
    expect(a.message.message.class).toBe('success');
    expect(a.to).toEqual({ ip: client.ip, port: 60000 });
    expect(getAttribute(a.message.message, 'xor-mapped-address')?.address).toMatchObject(client);
  });

  it('rejects a RESPONSE-PORT of the wrong size with 400', () => {
    const a = answer(
      request(false, [{ kind: 'unknown', type: 0x0027, value: Uint8Array.from([0xea, 0x60]) }]),
    );
    expect(getAttribute(a.message.message, 'error-code')).toMatchObject({ code: 400 });
  });

  it('pads the answer with a PADDING of the same size as the request’s', () => {
    const a = answer(
      request(false, [{ kind: 'unknown', type: 0x0026, value: new Uint8Array(64) }]),
    );
    const pad = a.message.message.attributes.find((x) => x.kind === 'unknown' && x.type === 0x0026);
    expect(pad?.kind === 'unknown' && pad.value.length).toBe(64);
  });
});
