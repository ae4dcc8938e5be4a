/**
 * The typed attribute model: one discriminated union over `kind`, covering the attributes the
 * codec understands, plus `unknown` for every other type, kept byte for byte.
 *
 * Every attribute may carry `padding`: the 1-3 bytes after its value when they were not zero on
 * the wire (RFC 5769's vectors pad with spaces). Address, CHANGE-REQUEST and ERROR-CODE
 * attributes may carry `reserved`: reserved bits that were not zero. The decoder fills these only
 * when they are non-zero, so that encoding a decoded message gives back the exact bytes; leave
 * them out to send zeros, as RFC 8489 asks.
 */
import { ATTRIBUTE_TYPE } from './registry.ts';

/** An address family STUN can carry (0x01 IPv4, 0x02 IPv6). */
export type AddressFamily = 'ipv4' | 'ipv6';

/** A transport address inside an address attribute; with family 'ipv4' it is an Endpoint. */
export interface StunAddress {
  readonly family: AddressFamily;
  /** Dotted quad for IPv4; RFC 5952 text for IPv6 (the decoder always writes canonical text). */
  readonly ip: string;
  readonly port: number;
}

interface Base {
  /** Non-zero padding bytes seen on the wire (exactly the padding length); omit for zeros. */
  readonly padding?: Uint8Array;
}

/** The attributes that hold one transport address, all in the MAPPED-ADDRESS format. */
export type AddressAttributeKind =
  | 'mapped-address'
  | 'xor-mapped-address'
  | 'response-address'
  | 'changed-address'
  | 'source-address'
  | 'reflected-from'
  | 'response-origin'
  | 'other-address'
  | 'alternate-server';

/** An address attribute; XOR-MAPPED-ADDRESS holds the address already un-XORed. */
export interface AddressAttribute extends Base {
  readonly kind: AddressAttributeKind;
  readonly address: StunAddress;
  /** The first value byte, when it was not zero (it is reserved). */
  readonly reserved?: number;
}

/** The attributes whose value is UTF-8 text. */
export type TextAttributeKind = 'username' | 'realm' | 'nonce' | 'software';

/** A UTF-8 text attribute. If the bytes are not valid UTF-8 the decoder returns `unknown`. */
export interface TextAttribute extends Base {
  readonly kind: TextAttributeKind;
  readonly value: string;
}

/** CHANGE-REQUEST (RFC 3489 §11.2.4, RFC 5780 §7.2): flags A (change IP) and B (change port). */
export interface ChangeRequestAttribute extends Base {
  readonly kind: 'change-request';
  readonly changeIp: boolean;
  readonly changePort: boolean;
  /** The other 30 bits of the 32-bit value (A and B cleared), when not zero. */
  readonly reserved?: number;
}

/** ERROR-CODE: code = class * 100 + number (300-699 in RFC 8489), and a reason phrase. */
export interface ErrorCodeAttribute extends Base {
  readonly kind: 'error-code';
  readonly code: number;
  readonly reason: string;
  /** The 21 reserved bits before the class, when not zero. */
  readonly reserved?: number;
}

/** UNKNOWN-ATTRIBUTES: the comprehension-required types a server did not understand. */
export interface UnknownAttributesAttribute extends Base {
  readonly kind: 'unknown-attributes';
  readonly types: readonly number[];
}

/** MESSAGE-INTEGRITY: the 20-byte HMAC-SHA1 as found (or to write literally). */
export interface MessageIntegrityAttribute extends Base {
  readonly kind: 'message-integrity';
  readonly hmac: Uint8Array;
}

/** FINGERPRINT: the 32-bit value on the wire (CRC-32 XOR 0x5354554E when correct). */
export interface FingerprintAttribute extends Base {
  readonly kind: 'fingerprint';
  readonly value: number;
}

/** PRIORITY (ICE): a 32-bit candidate priority. */
export interface PriorityAttribute extends Base {
  readonly kind: 'priority';
  readonly priority: number;
}

/** USE-CANDIDATE (ICE): a flag with an empty value. */
export interface UseCandidateAttribute extends Base {
  readonly kind: 'use-candidate';
}

/** ICE-CONTROLLED / ICE-CONTROLLING: a 64-bit tie-breaker. */
export interface IceRoleAttribute extends Base {
  readonly kind: 'ice-controlled' | 'ice-controlling';
  readonly tieBreaker: bigint;
}

/** Any other attribute, named or not (PASSWORD, MESSAGE-INTEGRITY-SHA256, TURN's...): raw. */
export interface UnknownAttribute extends Base {
  readonly kind: 'unknown';
  readonly type: number;
  readonly value: Uint8Array;
}

/** One STUN attribute. */
export type StunAttribute =
  | AddressAttribute
  | TextAttribute
  | ChangeRequestAttribute
  | ErrorCodeAttribute
  | UnknownAttributesAttribute
  | MessageIntegrityAttribute
  | FingerprintAttribute
  | PriorityAttribute
  | UseCandidateAttribute
  | IceRoleAttribute
  | UnknownAttribute;

/** Every attribute kind. */
export type AttributeKind = StunAttribute['kind'];

/** The attribute type number of every kind but `unknown`. */
export const KIND_TYPE = {
  'mapped-address': ATTRIBUTE_TYPE.MAPPED_ADDRESS,
  'response-address': ATTRIBUTE_TYPE.RESPONSE_ADDRESS,
  'change-request': ATTRIBUTE_TYPE.CHANGE_REQUEST,
  'source-address': ATTRIBUTE_TYPE.SOURCE_ADDRESS,
  'changed-address': ATTRIBUTE_TYPE.CHANGED_ADDRESS,
  username: ATTRIBUTE_TYPE.USERNAME,
  'message-integrity': ATTRIBUTE_TYPE.MESSAGE_INTEGRITY,
  'error-code': ATTRIBUTE_TYPE.ERROR_CODE,
  'unknown-attributes': ATTRIBUTE_TYPE.UNKNOWN_ATTRIBUTES,
  'reflected-from': ATTRIBUTE_TYPE.REFLECTED_FROM,
  realm: ATTRIBUTE_TYPE.REALM,
  nonce: ATTRIBUTE_TYPE.NONCE,
  'xor-mapped-address': ATTRIBUTE_TYPE.XOR_MAPPED_ADDRESS,
  priority: ATTRIBUTE_TYPE.PRIORITY,
  'use-candidate': ATTRIBUTE_TYPE.USE_CANDIDATE,
  software: ATTRIBUTE_TYPE.SOFTWARE,
  'alternate-server': ATTRIBUTE_TYPE.ALTERNATE_SERVER,
  fingerprint: ATTRIBUTE_TYPE.FINGERPRINT,
  'ice-controlled': ATTRIBUTE_TYPE.ICE_CONTROLLED,
  'ice-controlling': ATTRIBUTE_TYPE.ICE_CONTROLLING,
  'response-origin': ATTRIBUTE_TYPE.RESPONSE_ORIGIN,
  'other-address': ATTRIBUTE_TYPE.OTHER_ADDRESS,
} as const satisfies Record<Exclude<AttributeKind, 'unknown'>, number>;

/** The kind the codec decodes a type number as ('unknown' for types it keeps raw). */
export const TYPE_KIND: ReadonlyMap<number, Exclude<AttributeKind, 'unknown'>> = new Map(
  Object.entries(KIND_TYPE).map(([kind, type]) => [
    type,
    kind as Exclude<AttributeKind, 'unknown'>,
  ]),
);

/** The attribute type number of an attribute. */
export function attributeType(attribute: StunAttribute): number {
  return attribute.kind === 'unknown' ? attribute.type : KIND_TYPE[attribute.kind];
}

/** Picks the members of the union whose `kind` admits K (distributes over both). */
type WithKind<A, K> = A extends { readonly kind: infer AK } ? (K extends AK ? A : never) : never;

/** The attribute interface of a kind, e.g. AttributeOfKind<'xor-mapped-address'>. */
export type AttributeOfKind<K extends AttributeKind> = WithKind<StunAttribute, K>;

/** The first attribute of a kind (RFC 8489 §14: only the first occurrence counts), if any. */
export function getAttribute<K extends AttributeKind>(
  message: { readonly attributes: readonly StunAttribute[] },
  kind: K,
): AttributeOfKind<K> | undefined {
  return message.attributes.find((a) => a.kind === kind) as AttributeOfKind<K> | undefined;
}

/** Every attribute of a kind, in wire order. */
export function getAttributes<K extends AttributeKind>(
  message: { readonly attributes: readonly StunAttribute[] },
  kind: K,
): AttributeOfKind<K>[] {
  return message.attributes.filter((a) => a.kind === kind) as AttributeOfKind<K>[];
}
