/**
 * Human words for STUN values: method and class names, message types, addresses and one-line
 * attribute summaries, as annotations and the CLI print them.
 */
import type { StunAddress, StunAttribute } from './attributes.ts';
import { bytesToHex } from './bytes.ts';
import { METHOD, splitMessageType } from './message.ts';
import type { StunClass } from './message.ts';
import { attributeName, hex16 } from './registry.ts';

const METHOD_NAMES = new Map<number, string>([
  [METHOD.BINDING, 'Binding'],
  [METHOD.SHARED_SECRET, 'Shared Secret'],
  [METHOD.ALLOCATE, 'Allocate'],
  [METHOD.REFRESH, 'Refresh'],
  [METHOD.SEND, 'Send'],
  [METHOD.DATA, 'Data'],
  [METHOD.CREATE_PERMISSION, 'CreatePermission'],
  [METHOD.CHANNEL_BIND, 'ChannelBind'],
]);

/** The name of a method: "Binding", ..., or "Method 0x0abc" when not registered. */
export function methodName(method: number): string {
  return METHOD_NAMES.get(method) ?? `Method ${hex16(method)}`;
}

/** The name of a class as RFC 8489 writes it: "request", "success response", ... */
export function className(cls: StunClass): string {
  switch (cls) {
    case 'request':
      return 'request';
    case 'indication':
      return 'indication';
    case 'success':
      return 'success response';
    case 'error':
      return 'error response';
  }
}

/** Describes a message type number, e.g. 0x0101 -> "Binding success response". */
export function describeMessageType(type: number): string {
  const { class: cls, method } = splitMessageType(type);
  return `${methodName(method)} ${className(cls)}`;
}

/** Formats an address as "192.0.2.1:32853" or "[2001:db8::1]:32853". */
export function formatAddress(address: StunAddress): string {
  return address.family === 'ipv6'
    ? `[${address.ip}]:${address.port}`
    : `${address.ip}:${address.port}`;
}

/** A 32-bit number as 0x-prefixed eight-digit hex. */
export function hex32(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
}

/** One-line summary of an attribute's value, e.g. "192.0.2.1:32853" or "401 Unauthorized". */
export function describeAttribute(attribute: StunAttribute): string {
  switch (attribute.kind) {
    case 'mapped-address':
    case 'xor-mapped-address':
    case 'response-address':
    case 'changed-address':
    case 'source-address':
    case 'reflected-from':
    case 'response-origin':
    case 'other-address':
    case 'alternate-server':
      return formatAddress(attribute.address);
    case 'username':
    case 'realm':
    case 'nonce':
    case 'software':
      return JSON.stringify(attribute.value);
    case 'change-request':
      return `change IP: ${attribute.changeIp ? 'yes' : 'no'}, change port: ${attribute.changePort ? 'yes' : 'no'}`;
    case 'error-code':
      return `${attribute.code} ${attribute.reason}`.trimEnd();
    case 'unknown-attributes':
      return attribute.types.map((t) => `${attributeName(t)} (${hex16(t)})`).join(', ') || '(none)';
    case 'message-integrity':
      return `HMAC-SHA1 ${bytesToHex(attribute.hmac)}`;
    case 'fingerprint':
      return hex32(attribute.value);
    case 'priority':
      return String(attribute.priority);
    case 'use-candidate':
      return '(flag)';
    case 'ice-controlled':
    case 'ice-controlling':
      return `tie-breaker 0x${attribute.tieBreaker.toString(16).padStart(16, '0')}`;
    case 'unknown':
      return attribute.value.length === 0 ? '(empty)' : bytesToHex(attribute.value, ' ');
  }
}
