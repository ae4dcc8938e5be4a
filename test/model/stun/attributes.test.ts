// Table-driven: every attribute kind (and the raw ones) encodes to the value bytes its RFC
// specifies and decodes back to the same typed attribute, padding and reserved bits included.
import { describe, expect, it } from 'vitest';
import {
  ATTRIBUTE_TYPE,
  attributeType,
  bytesToHex,
  decodeMessage,
  describeAttribute,
  encodeMessage,
  getAttribute,
  getAttributes,
  unwrap,
} from '../../../src/model/stun/index.ts';
import type { StunAttribute } from '../../../src/model/stun/index.ts';
import { TRANSACTION_ID, hex } from './vectors.ts';

const v4 = { family: 'ipv4', ip: '198.51.100.1', port: 3478 } as const;
const v6 = { family: 'ipv6', ip: '2001:db8::1', port: 3478 } as const;
const V4_VALUE = '00 01 0d 96 c6 33 64 01';
const V6_VALUE = '00 02 0d 96 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01';

/** [name, attribute, expected type, expected value bytes (hex, without padding)]. */
const TABLE: [string, StunAttribute, number, string][] = [
  ['MAPPED-ADDRESS IPv4', { kind: 'mapped-address', address: v4 }, 0x0001, V4_VALUE],
  ['MAPPED-ADDRESS IPv6', { kind: 'mapped-address', address: v6 }, 0x0001, V6_VALUE],
  [
    'MAPPED-ADDRESS, reserved byte set',
    { kind: 'mapped-address', address: v4, reserved: 0x7f },
    0x0001,
    '7f 01 0d 96 c6 33 64 01',
  ],
  [
    'XOR-MAPPED-ADDRESS IPv4 (RFC 5769 §2.2)',
    { kind: 'xor-mapped-address', address: { family: 'ipv4', ip: '192.0.2.1', port: 32853 } },
    0x0020,
    '00 01 a1 47 e1 12 a6 43',
  ],
  [
    'XOR-MAPPED-ADDRESS IPv6 (RFC 5769 §2.3)',
    {
      kind: 'xor-mapped-address',
      address: { family: 'ipv6', ip: '2001:db8:1234:5678:11:2233:4455:6677', port: 32853 },
    },
    0x0020,
    '00 02 a1 47 01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9',
  ],
  ['RESPONSE-ADDRESS', { kind: 'response-address', address: v4 }, 0x0002, V4_VALUE],
  ['SOURCE-ADDRESS', { kind: 'source-address', address: v4 }, 0x0004, V4_VALUE],
  ['CHANGED-ADDRESS', { kind: 'changed-address', address: v4 }, 0x0005, V4_VALUE],
  ['REFLECTED-FROM', { kind: 'reflected-from', address: v4 }, 0x000b, V4_VALUE],
  ['RESPONSE-ORIGIN', { kind: 'response-origin', address: v6 }, 0x802b, V6_VALUE],
  ['OTHER-ADDRESS', { kind: 'other-address', address: v4 }, 0x802c, V4_VALUE],
  ['ALTERNATE-SERVER', { kind: 'alternate-server', address: v4 }, 0x8023, V4_VALUE],
  [
    'CHANGE-REQUEST IP+port',
    { kind: 'change-request', changeIp: true, changePort: true },
    0x0003,
    '00 00 00 06',
  ],
  [
    'CHANGE-REQUEST IP',
    { kind: 'change-request', changeIp: true, changePort: false },
    0x0003,
    '00 00 00 04',
  ],
  [
    'CHANGE-REQUEST port',
    { kind: 'change-request', changeIp: false, changePort: true },
    0x0003,
    '00 00 00 02',
  ],
  [
    'CHANGE-REQUEST none, reserved bits set',
    { kind: 'change-request', changeIp: false, changePort: false, reserved: 0x80000101 },
    0x0003,
    '80 00 01 01',
  ],
  ['USERNAME', { kind: 'username', value: 'evtj:h6vY' }, 0x0006, '65 76 74 6a 3a 68 36 76 59'],
  [
    'USERNAME with space padding (RFC 5769)',
    { kind: 'username', value: 'evtj:h6vY', padding: hex('20 20 20') },
    0x0006,
    '65 76 74 6a 3a 68 36 76 59',
  ],
  ['REALM', { kind: 'realm', value: 'example.org' }, 0x0014, '65 78 61 6d 70 6c 65 2e 6f 72 67'],
  ['NONCE', { kind: 'nonce', value: 'abcd' }, 0x0015, '61 62 63 64'],
  [
    'SOFTWARE, non-ASCII',
    { kind: 'software', value: 'agujero ñ' },
    0x8022,
    '61 67 75 6a 65 72 6f 20 c3 b1',
  ],
  ['SOFTWARE, empty', { kind: 'software', value: '' }, 0x8022, ''],
  [
    'ERROR-CODE 420',
    { kind: 'error-code', code: 420, reason: 'Unknown Attribute' },
    0x0009,
    '00 00 04 14 55 6e 6b 6e 6f 77 6e 20 41 74 74 72 69 62 75 74 65',
  ],
  [
    'ERROR-CODE 300, no reason',
    { kind: 'error-code', code: 300, reason: '' },
    0x0009,
    '00 00 03 00',
  ],
  [
    'ERROR-CODE 401 with reserved bits',
    { kind: 'error-code', code: 401, reason: 'x', reserved: 0x1fffff },
    0x0009,
    'ff ff fc 01 78',
  ],
  [
    'UNKNOWN-ATTRIBUTES, three (padded)',
    { kind: 'unknown-attributes', types: [0x0007, 0x001c, 0x7fff] },
    0x000a,
    '00 07 00 1c 7f ff',
  ],
  ['UNKNOWN-ATTRIBUTES, none', { kind: 'unknown-attributes', types: [] }, 0x000a, ''],
  [
    'MESSAGE-INTEGRITY, literal',
    { kind: 'message-integrity', hmac: new Uint8Array(20).fill(0xab) },
    0x0008,
    'ab '.repeat(20),
  ],
  ['PRIORITY', { kind: 'priority', priority: 0x6e0001ff }, 0x0024, '6e 00 01 ff'],
  ['USE-CANDIDATE', { kind: 'use-candidate' }, 0x0025, ''],
  [
    'ICE-CONTROLLED',
    { kind: 'ice-controlled', tieBreaker: 0x932ff9b151263b36n },
    0x8029,
    '93 2f f9 b1 51 26 3b 36',
  ],
  [
    'ICE-CONTROLLING, max',
    { kind: 'ice-controlling', tieBreaker: 0xffffffffffffffffn },
    0x802a,
    'ff ff ff ff ff ff ff ff',
  ],
  [
    'PASSWORD (RFC 3489, kept raw)',
    { kind: 'unknown', type: 0x0007, value: hex('73 65 63 72 65 74 21 21') },
    0x0007,
    '73 65 63 72 65 74 21 21',
  ],
  [
    'MESSAGE-INTEGRITY-SHA256 (kept raw)',
    { kind: 'unknown', type: 0x001c, value: new Uint8Array(32).fill(0x11) },
    0x001c,
    '11 '.repeat(32),
  ],
  [
    'unregistered, odd length with non-zero padding',
    { kind: 'unknown', type: 0x7abc, value: hex('01 02 03'), padding: hex('ff') },
    0x7abc,
    '01 02 03',
  ],
  ['unregistered, empty', { kind: 'unknown', type: 0xfffe, value: new Uint8Array(0) }, 0xfffe, ''],
];

describe.each(TABLE)('%s', (_name, attribute, type, valueHex) => {
  const bytes = unwrap(
    encodeMessage({
      class: 'success',
      method: 1,
      transactionId: TRANSACTION_ID,
      attributes: [attribute],
    }),
  );
  const valueLength = valueHex.trim() === '' ? 0 : valueHex.trim().split(/\s+/).length;

  it('encodes to the RFC value bytes, padded to 4', () => {
    expect(attributeType(attribute)).toBe(type);
    expect(bytesToHex(bytes.subarray(20, 22))).toBe(type.toString(16).padStart(4, '0'));
    expect((bytes[22] as number) * 256 + (bytes[23] as number)).toBe(valueLength);
    expect(bytesToHex(bytes.subarray(24, 24 + valueLength), ' ')).toBe(valueHex.trim());
    expect((bytes.length - 24) % 4).toBe(0);
    expect(bytes.length - 24 - valueLength).toBeLessThan(4);
  });

  it('decodes to the same attribute and re-encodes identically', () => {
    const d = unwrap(decodeMessage(bytes));
    expect(d.message.attributes).toEqual([attribute]);
    expect(unwrap(encodeMessage(d.message))).toEqual(bytes);
    expect(describeAttribute(attribute)).not.toBe('');
  });
});

describe('attribute helpers', () => {
  const message = {
    attributes: [
      { kind: 'software', value: 'a' },
      { kind: 'xor-mapped-address', address: v4 },
      { kind: 'software', value: 'b' },
    ] satisfies StunAttribute[],
  };
  it('getAttribute returns the first of a kind, typed; getAttributes all of them', () => {
    expect(getAttribute(message, 'xor-mapped-address')?.address.port).toBe(3478);
    expect(getAttribute(message, 'software')?.value).toBe('a');
    expect(getAttribute(message, 'mapped-address')).toBeUndefined();
    expect(getAttributes(message, 'software').map((a) => a.value)).toEqual(['a', 'b']);
  });
  it('ATTRIBUTE_TYPE holds the IANA numbers', () => {
    expect(ATTRIBUTE_TYPE.XOR_MAPPED_ADDRESS).toBe(0x0020);
    expect(ATTRIBUTE_TYPE.FINGERPRINT).toBe(0x8028);
    expect(ATTRIBUTE_TYPE.OTHER_ADDRESS).toBe(0x802c);
  });
  it('describes attributes for people', () => {
    expect(describeAttribute({ kind: 'xor-mapped-address', address: v6 })).toBe(
      '[2001:db8::1]:3478',
    );
    expect(describeAttribute({ kind: 'error-code', code: 401, reason: 'Unauthorized' })).toBe(
      '401 Unauthorized',
    );
    expect(describeAttribute({ kind: 'change-request', changeIp: true, changePort: false })).toBe(
      'change IP: yes, change port: no',
    );
    expect(describeAttribute({ kind: 'unknown-attributes', types: [0x0007] })).toBe(
      'PASSWORD (0x0007)',
    );
  });
});

describe('text that is not UTF-8', () => {
  it('is kept as a raw attribute of the same type, with a note, and re-encodes exactly', () => {
    const bytes = hex(`
      00 01 00 08 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
      00 06 00 03 ff fe 41 00`);
    const d = unwrap(decodeMessage(bytes));
    expect(d.message.attributes).toEqual([
      { kind: 'unknown', type: 0x0006, value: hex('ff fe 41') },
    ]);
    expect(d.attributes[0]?.annotation.label).toBe('USERNAME');
    expect(d.attributes[0]?.annotation.children[2]?.note).toMatch(/not valid UTF-8/);
    expect(d.unknownRequired).toEqual([]);
    expect(unwrap(encodeMessage(d.message))).toEqual(bytes);
  });
});
