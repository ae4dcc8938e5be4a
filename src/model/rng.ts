/**
 * A small seeded pseudo-random generator (sfc32): the same seed gives the same sequence in
 * every runtime, and its state can be saved and restored.
 */

/** A deterministic random source. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** The generator's state, for save/restore. */
  state(): readonly [number, number, number, number];
}

/** Mixes a 32-bit seed into four state words (splitmix32). */
function splitmix(seed: number): [number, number, number, number] {
  let s = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < 4; i++) {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    out.push((z ^ (z >>> 16)) >>> 0);
  }
  return out as [number, number, number, number];
}

/** Creates a generator from a seed, or from a saved state. */
export function createRng(seed: number, saved?: readonly [number, number, number, number]): Rng {
  let [a, b, c, d] = saved ?? splitmix(seed);
  const u32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  if (!saved) for (let i = 0; i < 12; i++) u32();
  return {
    next: () => u32() / 4294967296,
    int: (min, max) => min + Math.floor((u32() / 4294967296) * (max - min + 1)),
    chance: (p) => u32() / 4294967296 < p,
    state: () => [a, b, c, d] as const,
  };
}

/** A 32-bit FNV-1a hash of a string, for deterministic hash-based choices. */
export function hash32(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
