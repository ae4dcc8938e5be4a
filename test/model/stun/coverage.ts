// Checks the annotation tree's promise: siblings in byte order, no gaps, no overlaps, children
// covering their parent exactly, bit fields (mask) partitioning their parent's bits.
import type { Annotation } from '../../../src/model/stun/index.ts';

/** Returns a list of problems (empty when the annotations cover [start, end) exactly). */
export function coverageProblems(
  bytes: Uint8Array,
  annotations: readonly Annotation[],
  start = 0,
  end = bytes.length,
  path = '',
): string[] {
  const problems: string[] = [];
  const bytesLevel = annotations.filter((a) => a.mask === undefined);
  const bitLevel = annotations.filter((a) => a.mask !== undefined);
  if (bytesLevel.length > 0 && bitLevel.length > 0)
    problems.push(`${path}: mixes byte and bit fields`);
  if (bitLevel.length > 0) {
    let union = 0n;
    for (const a of bitLevel) {
      const mask = BigInt(a.mask as number);
      if (a.offset !== start || a.offset + a.length !== end)
        problems.push(`${path}/${a.label}: bit field not on its parent`);
      if ((union & mask) !== 0n) problems.push(`${path}/${a.label}: overlapping bits`);
      union |= mask;
    }
    if (union !== (1n << BigInt(8 * (end - start))) - 1n)
      problems.push(`${path}: bit fields leave bits out`);
    return problems;
  }
  let at = start;
  for (const a of bytesLevel) {
    const where = `${path}/${a.label}@${a.offset}`;
    if (a.offset !== at) problems.push(`${where}: expected offset ${at}`);
    if (a.length <= 0) problems.push(`${where}: empty`);
    if (a.raw.length !== a.length) problems.push(`${where}: raw has ${a.raw.length} bytes`);
    for (let i = 0; i < a.length; i++) {
      if (a.raw[i] !== bytes[a.offset + i]) {
        problems.push(`${where}: raw differs from the message`);
        break;
      }
    }
    if (!a.rfc.startsWith('RFC ') && !a.rfc.startsWith('draft-')) problems.push(`${where}: no RFC`);
    if (a.label === '' || a.text === '') problems.push(`${where}: no label or text`);
    if (a.children.length > 0) {
      problems.push(...coverageProblems(bytes, a.children, a.offset, a.offset + a.length, where));
    }
    at = a.offset + a.length;
  }
  if (at !== end) problems.push(`${path}: covered up to ${at}, expected ${end}`);
  return problems;
}
