/**
 * The attribute registry: every attribute type number the codec can name, with its RFC name and
 * the section that defines it, so annotations can cite "RFC 8489 §14.2" beside the bytes.
 */

/** Attribute type numbers (IANA "STUN Attributes" registry) used by this codec. */
export const ATTRIBUTE_TYPE = {
  MAPPED_ADDRESS: 0x0001,
  RESPONSE_ADDRESS: 0x0002,
  CHANGE_REQUEST: 0x0003,
  SOURCE_ADDRESS: 0x0004,
  CHANGED_ADDRESS: 0x0005,
  USERNAME: 0x0006,
  PASSWORD: 0x0007,
  MESSAGE_INTEGRITY: 0x0008,
  ERROR_CODE: 0x0009,
  UNKNOWN_ATTRIBUTES: 0x000a,
  REFLECTED_FROM: 0x000b,
  REALM: 0x0014,
  NONCE: 0x0015,
  MESSAGE_INTEGRITY_SHA256: 0x001c,
  XOR_MAPPED_ADDRESS: 0x0020,
  PRIORITY: 0x0024,
  USE_CANDIDATE: 0x0025,
  SOFTWARE: 0x8022,
  ALTERNATE_SERVER: 0x8023,
  FINGERPRINT: 0x8028,
  ICE_CONTROLLED: 0x8029,
  ICE_CONTROLLING: 0x802a,
  RESPONSE_ORIGIN: 0x802b,
  OTHER_ADDRESS: 0x802c,
} as const;

/** What the registry knows about one attribute type. */
export interface AttributeInfo {
  /** The RFC's name, e.g. "XOR-MAPPED-ADDRESS". */
  readonly name: string;
  /** The defining section, e.g. "RFC 8489 §14.2". */
  readonly rfc: string;
  /** The RFC 3489 section, for attributes that classic STUN defined too. */
  readonly classicRfc?: string;
}

const TURN = 'RFC 8656';

const INFO = new Map<number, AttributeInfo>([
  [0x0001, { name: 'MAPPED-ADDRESS', rfc: 'RFC 8489 §14.1', classicRfc: 'RFC 3489 §11.2.1' }],
  [0x0002, { name: 'RESPONSE-ADDRESS', rfc: 'RFC 3489 §11.2.2' }],
  [0x0003, { name: 'CHANGE-REQUEST', rfc: 'RFC 5780 §7.2', classicRfc: 'RFC 3489 §11.2.4' }],
  [0x0004, { name: 'SOURCE-ADDRESS', rfc: 'RFC 3489 §11.2.5' }],
  [0x0005, { name: 'CHANGED-ADDRESS', rfc: 'RFC 3489 §11.2.3' }],
  [0x0006, { name: 'USERNAME', rfc: 'RFC 8489 §14.3', classicRfc: 'RFC 3489 §11.2.6' }],
  [0x0007, { name: 'PASSWORD', rfc: 'RFC 3489 §11.2.7' }],
  [0x0008, { name: 'MESSAGE-INTEGRITY', rfc: 'RFC 8489 §14.5', classicRfc: 'RFC 3489 §11.2.8' }],
  [0x0009, { name: 'ERROR-CODE', rfc: 'RFC 8489 §14.8', classicRfc: 'RFC 3489 §11.2.9' }],
  [0x000a, { name: 'UNKNOWN-ATTRIBUTES', rfc: 'RFC 8489 §14.13', classicRfc: 'RFC 3489 §11.2.10' }],
  [0x000b, { name: 'REFLECTED-FROM', rfc: 'RFC 3489 §11.2.11' }],
  [0x000c, { name: 'CHANNEL-NUMBER', rfc: TURN }],
  [0x000d, { name: 'LIFETIME', rfc: TURN }],
  [0x0012, { name: 'XOR-PEER-ADDRESS', rfc: TURN }],
  [0x0013, { name: 'DATA', rfc: TURN }],
  [0x0014, { name: 'REALM', rfc: 'RFC 8489 §14.9' }],
  [0x0015, { name: 'NONCE', rfc: 'RFC 8489 §14.10' }],
  [0x0016, { name: 'XOR-RELAYED-ADDRESS', rfc: TURN }],
  [0x0017, { name: 'REQUESTED-ADDRESS-FAMILY', rfc: TURN }],
  [0x0018, { name: 'EVEN-PORT', rfc: TURN }],
  [0x0019, { name: 'REQUESTED-TRANSPORT', rfc: TURN }],
  [0x001a, { name: 'DONT-FRAGMENT', rfc: TURN }],
  [0x001c, { name: 'MESSAGE-INTEGRITY-SHA256', rfc: 'RFC 8489 §14.6' }],
  [0x001d, { name: 'PASSWORD-ALGORITHM', rfc: 'RFC 8489 §14.12' }],
  [0x001e, { name: 'USERHASH', rfc: 'RFC 8489 §14.4' }],
  [0x0020, { name: 'XOR-MAPPED-ADDRESS', rfc: 'RFC 8489 §14.2' }],
  [0x0022, { name: 'RESERVATION-TOKEN', rfc: TURN }],
  [0x0024, { name: 'PRIORITY', rfc: 'RFC 8445 §16.1' }],
  [0x0025, { name: 'USE-CANDIDATE', rfc: 'RFC 8445 §16.1' }],
  [0x0026, { name: 'PADDING', rfc: 'RFC 5780 §7.6' }],
  [0x0027, { name: 'RESPONSE-PORT', rfc: 'RFC 5780 §7.5' }],
  [0x8002, { name: 'PASSWORD-ALGORITHMS', rfc: 'RFC 8489 §14.11' }],
  [0x8003, { name: 'ALTERNATE-DOMAIN', rfc: 'RFC 8489 §14.16' }],
  [
    0x8020,
    { name: 'XOR-MAPPED-ADDRESS (pre-standard 0x8020)', rfc: 'draft-ietf-behave-rfc3489bis' },
  ],
  [0x8022, { name: 'SOFTWARE', rfc: 'RFC 8489 §14.14' }],
  [0x8023, { name: 'ALTERNATE-SERVER', rfc: 'RFC 8489 §14.15' }],
  [0x8028, { name: 'FINGERPRINT', rfc: 'RFC 8489 §14.7' }],
  [0x8029, { name: 'ICE-CONTROLLED', rfc: 'RFC 8445 §16.1' }],
  [0x802a, { name: 'ICE-CONTROLLING', rfc: 'RFC 8445 §16.1' }],
  [0x802b, { name: 'RESPONSE-ORIGIN', rfc: 'RFC 5780 §7.3' }],
  [0x802c, { name: 'OTHER-ADDRESS', rfc: 'RFC 5780 §7.4' }],
]);

/** Formats a 16-bit number as 0x-prefixed four-digit hex, as RFCs print attribute types. */
export function hex16(n: number): string {
  return `0x${n.toString(16).padStart(4, '0')}`;
}

/**
 * What the registry knows about an attribute type. Unregistered types get the name
 * "UNKNOWN-0xNNNN" and RFC 8489 §14 (the generic attribute format); `classic` picks the
 * RFC 3489 section where one exists.
 */
export function attributeInfo(type: number, classic = false): AttributeInfo {
  const info = INFO.get(type);
  if (!info)
    return { name: `UNKNOWN-${hex16(type)}`, rfc: classic ? 'RFC 3489 §11.2' : 'RFC 8489 §14' };
  return classic && info.classicRfc ? { ...info, rfc: info.classicRfc } : info;
}

/** The RFC name of an attribute type ("UNKNOWN-0xNNNN" when unregistered). */
export function attributeName(type: number): string {
  return attributeInfo(type).name;
}

/**
 * True for comprehension-required types (0x0000-0x7FFF): an agent that does not understand one
 * must reject the message (RFC 8489 §14), with 420 and UNKNOWN-ATTRIBUTES for a request.
 */
export function isComprehensionRequired(type: number): boolean {
  return type < 0x8000;
}
