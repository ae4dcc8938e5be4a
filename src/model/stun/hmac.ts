/**
 * HMAC (RFC 2104) over a synchronous hash, and HMAC-SHA1, the MAC inside STUN's
 * MESSAGE-INTEGRITY attribute (RFC 8489 §14.5).
 */
import { SHA1_BLOCK, sha1 } from './sha1.ts';

/** A synchronous hash function with the block size HMAC needs to pad keys. */
export interface HashFunction {
  readonly digest: (data: Uint8Array) => Uint8Array;
  readonly blockSize: number;
}

/**
 * Computes HMAC(key, data) = H((K ^ opad) || H((K ^ ipad) || data)), where K is the key,
 * hashed first when longer than a block, then zero-padded to the block size.
 */
export function hmac(hash: HashFunction, key: Uint8Array, data: Uint8Array): Uint8Array {
  const block = new Uint8Array(hash.blockSize);
  block.set(key.length > hash.blockSize ? hash.digest(key) : key);
  const inner = new Uint8Array(hash.blockSize + data.length);
  for (let i = 0; i < hash.blockSize; i++) inner[i] = (block[i] as number) ^ 0x36;
  inner.set(data, hash.blockSize);
  const innerHash = hash.digest(inner);
  const outer = new Uint8Array(hash.blockSize + innerHash.length);
  for (let i = 0; i < hash.blockSize; i++) outer[i] = (block[i] as number) ^ 0x5c;
  outer.set(innerHash, hash.blockSize);
  return hash.digest(outer);
}

/** SHA-1 as a HashFunction. */
export const SHA1: HashFunction = { digest: sha1, blockSize: SHA1_BLOCK };

/** Computes HMAC-SHA1 (20 bytes) of `data` under `key`. */
export function hmacSha1(key: Uint8Array, data: Uint8Array): Uint8Array {
  return hmac(SHA1, key, data);
}
