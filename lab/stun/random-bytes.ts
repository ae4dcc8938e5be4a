/**
 * Cryptographically random bytes for STUN transaction ids (RFC 8489 §6), read from the kernel's
 * /dev/urandom (the kernel's CSPRNG, which also seeds OpenSSL's behind node:crypto): loading
 * node:crypto costs a cold `agujero stun` about 3 ms of its start (the module and the streams it
 * pulls in) for 12 bytes per request. Where there is no /dev/urandom (Windows), the Web Crypto
 * API's getRandomValues.
 */
import { closeSync, openSync, readSync } from 'node:fs';

/** `n` random bytes from the kernel's CSPRNG. */
export function secureRandomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  let fd: number | undefined;
  try {
    fd = openSync('/dev/urandom', 'r');
    for (let got = 0; got < n;) {
      const read = readSync(fd, out, got, n - got, null);
      if (read <= 0) throw new Error('/dev/urandom ended');
      got += read;
    }
    return out;
  } catch {
    return globalThis.crypto.getRandomValues(out);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
