/**
 * The STUN codec's public API (RFC 3489 and RFC 5389/8489 messages, annotated decoding,
 * MESSAGE-INTEGRITY, FINGERPRINT and the pure-JS crypto they need), re-exported from one place.
 */
export type {
  AddressFamily,
  AddressAttribute,
  AddressAttributeKind,
  AttributeKind,
  AttributeOfKind,
} from './attributes.ts';
export type {
  ChangeRequestAttribute,
  ErrorCodeAttribute,
  FingerprintAttribute,
  IceRoleAttribute,
} from './attributes.ts';
export type {
  MessageIntegrityAttribute,
  PriorityAttribute,
  StunAddress,
  StunAttribute,
} from './attributes.ts';
export type {
  TextAttribute,
  TextAttributeKind,
  UnknownAttribute,
  UnknownAttributesAttribute,
} from './attributes.ts';
export type { UseCandidateAttribute } from './attributes.ts';
export { KIND_TYPE, attributeType, getAttribute, getAttributes } from './attributes.ts';
export type { Annotation, AnnotationValue } from './annotation.ts';
export { annotationPath, leafAnnotations } from './annotation.ts';
export { bytesEqual, bytesToHex, concatBytes, hexToBytes } from './bytes.ts';
export { crc32 } from './crc32.ts';
export { longTermKey, shortTermKey } from './credentials.ts';
export type { DecodeOptions, DecodedAttribute, DecodedMessage } from './decode.ts';
export type { ParseOptions, ParsedAttribute, ParsedMessage } from './decode.ts';
export { decodeMessage, parseMessage } from './decode.ts';
export { looksLikeStun } from './header.ts';
export {
  className,
  describeAttribute,
  describeMessageType,
  formatAddress,
  methodName,
} from './describe.ts';
export { encodeMessage } from './encode.ts';
export { hmacSha1 } from './hmac.ts';
export {
  FINGERPRINT_XOR,
  computeFingerprint,
  computeIntegrity,
  verifyIntegrity,
} from './integrity.ts';
export { bytesToIpv4, bytesToIpv6, ipv4ToBytes, ipv6ToBytes } from './ip.ts';
export { md5 } from './md5.ts';
export type { StunClass, StunMessage, StunMessageInit } from './message.ts';
export {
  HEADER_LENGTH,
  MAGIC_COOKIE,
  METHOD,
  isClassic,
  messageType,
  splitMessageType,
} from './message.ts';
export {
  ATTRIBUTE_TYPE,
  attributeInfo,
  attributeName,
  isComprehensionRequired,
} from './registry.ts';
export type { AttributeInfo } from './registry.ts';
export type { StunError, StunErrorCode, StunResult } from './result.ts';
export { unwrap } from './result.ts';
export { sha1 } from './sha1.ts';
export { saslprep, utf8Decode, utf8Encode } from './text.ts';
