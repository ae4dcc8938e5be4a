// The annotation tree a hex-dump view walks: labels, offsets, values and RFC sections of the
// header and of each attribute's fields, byte lookup, and leaves that tile the message.
import { describe, expect, it } from 'vitest';
import {
  annotationPath,
  decodeMessage,
  leafAnnotations,
  unwrap,
} from '../../../src/model/stun/index.ts';
import type { Annotation } from '../../../src/model/stun/index.ts';
import { SAMPLE_IPV4_RESPONSE, SAMPLE_REQUEST, hex } from './vectors.ts';

const summary = (list: readonly Annotation[]): [string, number, number][] =>
  list.map((a) => [a.label, a.offset, a.length]);

describe('annotations of RFC 5769 §2.2', () => {
  const d = unwrap(decodeMessage(SAMPLE_IPV4_RESPONSE));
  const [type, length, cookie, tid, software, xor, mi, fp] = d.annotations;

  it('lists header fields then attributes, in byte order', () => {
    expect(summary(d.annotations)).toEqual([
      ['Message Type', 0, 2],
      ['Message Length', 2, 2],
      ['Magic Cookie', 4, 4],
      ['Transaction ID', 8, 12],
      ['SOFTWARE', 20, 16],
      ['XOR-MAPPED-ADDRESS', 36, 12],
      ['MESSAGE-INTEGRITY', 48, 24],
      ['FINGERPRINT', 72, 8],
    ]);
  });

  it('explains the header', () => {
    expect(type?.text).toBe('Binding success response (0x0101)');
    expect(type?.rfc).toBe('RFC 8489 §5');
    expect(type?.children.map((c) => [c.label, c.value, c.mask])).toEqual([
      ['Leading Zero Bits', 0, 0xc000],
      ['Method', 1, 0x3eef],
      ['Class', 'success', 0x0110],
    ]);
    expect(length?.value).toBe(60);
    expect(cookie?.value).toBe(0x2112a442);
    expect(cookie?.raw).toEqual(hex('21 12 a4 42'));
    expect(tid?.text).toBe('b7e7a701bc34d686fa87dfae');
  });

  it('breaks XOR-MAPPED-ADDRESS into type, length and the value sub-fields', () => {
    expect(xor?.rfc).toBe('RFC 8489 §14.2');
    expect(xor?.text).toBe('192.0.2.1:32853');
    expect(xor?.value).toEqual({
      kind: 'xor-mapped-address',
      address: { family: 'ipv4', ip: '192.0.2.1', port: 32853 },
    });
    expect(summary(xor?.children ?? [])).toEqual([
      ['Attribute Type', 36, 2],
      ['Attribute Length', 38, 2],
      ['Value', 40, 8],
    ]);
    expect(xor?.children[0]?.text).toBe('XOR-MAPPED-ADDRESS (0x0020, comprehension-required)');
    expect(xor?.children[0]?.rfc).toBe('RFC 8489 §14');
    const value = xor?.children[2];
    expect(value?.children.map((c) => [c.label, c.offset, c.length, c.value])).toEqual([
      ['Reserved', 40, 1, 0],
      ['Family', 41, 1, 1],
      ['X-Port', 42, 2, 32853],
      ['X-Address', 44, 4, '192.0.2.1'],
    ]);
    expect(value?.children[2]?.text).toBe('32853 (0xa147 XOR 0x2112)');
  });

  it('shows padding, with a note when it is not zero', () => {
    const padding = software?.children[3];
    expect([padding?.label, padding?.offset, padding?.length]).toEqual(['Padding', 35, 1]);
    expect(padding?.raw).toEqual(hex('20'));
    expect(padding?.note).toMatch(/not zero/);
  });

  it('says what MESSAGE-INTEGRITY and FINGERPRINT cover', () => {
    expect(mi?.children[2]?.note).toBe(
      'HMAC-SHA1 of bytes 0-47 with Message Length 52; check it with the key',
    );
    expect(fp?.children[2]?.note).toMatch(
      /^CRC-32 of bytes 0-71 \(Message Length 60\) XOR 0x5354554e = 0xc07d4c96: valid$/,
    );
    expect(fp?.rfc).toBe('RFC 8489 §14.7');
  });

  it('finds the fields under a byte, outermost first', () => {
    expect(annotationPath(d.annotations, 45).map((a) => a.label)).toEqual([
      'XOR-MAPPED-ADDRESS',
      'Value',
      'X-Address',
    ]);
    expect(annotationPath(d.annotations, 0).map((a) => a.label)).toEqual(['Message Type']);
    expect(annotationPath(d.annotations, 999)).toEqual([]);
  });

  it('has leaves that tile the message', () => {
    let at = 0;
    for (const leaf of leafAnnotations(d.annotations)) {
      expect(leaf.offset).toBe(at);
      at += leaf.length;
    }
    expect(at).toBe(SAMPLE_IPV4_RESPONSE.length);
  });
});

describe('annotations of other attributes', () => {
  it('ERROR-CODE: reserved, class (with its bits), number, reason', () => {
    const bytes = hex(`
      01 11 00 10 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
      00 09 00 0c 00 00 04 01 55 6e 61 75 74 68 6f 72`);
    const d = unwrap(decodeMessage(bytes));
    expect(d.message.attributes).toEqual([{ kind: 'error-code', code: 401, reason: 'Unauthor' }]);
    const value = d.attributes[0]?.annotation.children[2];
    expect(value?.children.map((c) => [c.label, c.offset, c.value])).toEqual([
      ['Reserved', 24, 0],
      ['Class', 26, 4],
      ['Number', 27, 1],
      ['Reason Phrase', 28, 'Unauthor'],
    ]);
    expect(value?.children[1]?.children.map((c) => c.mask)).toEqual([0xf8, 0x07]);
  });

  it('CHANGE-REQUEST: the A and B flags as bit fields', () => {
    const bytes = hex(`
      00 01 00 08 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
      00 03 00 04 00 00 00 04`);
    const value = unwrap(decodeMessage(bytes)).attributes[0]?.annotation.children[2];
    expect(value?.children.map((c) => [c.label, c.value, c.mask])).toEqual([
      ['Reserved', 0, 0xfffffff9],
      ['Change IP (A)', true, 0x4],
      ['Change Port (B)', false, 0x2],
    ]);
  });

  it('flags attributes after MESSAGE-INTEGRITY as ignored (except FINGERPRINT)', () => {
    const d = unwrap(decodeMessage(SAMPLE_REQUEST));
    expect(d.attributes.map((a) => a.ignored)).toEqual([false, false, false, false, false, false]);
    const bytes = hex(`
      00 01 00 20 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
      00 08 00 14 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
      80 22 00 01 61 00 00 00`);
    const after = unwrap(decodeMessage(bytes));
    expect(after.attributes.map((a) => a.ignored)).toEqual([false, true]);
    expect(after.attributes[1]?.annotation.note).toMatch(/receivers ignore it/);
  });

  it('lists unknown comprehension-required attributes for a 420 reply', () => {
    const bytes = hex(`
      00 01 00 10 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
      00 07 00 00 7a bc 00 00 ff ee 00 00 00 25 00 00`);
    const d = unwrap(decodeMessage(bytes));
    expect(d.unknownRequired).toEqual([0x0007, 0x7abc]);
    expect(d.annotations.slice(4).map((a) => a.label)).toEqual([
      'PASSWORD',
      'UNKNOWN-0x7abc',
      'UNKNOWN-0xffee',
      'USE-CANDIDATE',
    ]);
  });
});
