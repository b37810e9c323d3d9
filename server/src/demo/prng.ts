/**
 * Deterministic randomness for the demo city and the simulator: same seed, same city, same
 * readings. Nothing here reads a clock or Math.random.
 */

/** A generator of floats in [0, 1). */
export type Random = () => number;

/**
 * mulberry32: a small, fast 32-bit PRNG, good enough for placing demo sites and adding noise
 * (not for anything security-related).
 */
export const mulberry32 = (seed: number): Random => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

/**
 * Hashes strings and numbers into an unsigned 32-bit integer (FNV-1a over the parts, then a
 * murmur3 finaliser so that nearby inputs give unrelated outputs).
 */
export const hash32 = (...parts: readonly (string | number)[]): number => {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const text = typeof part === 'number' ? `#${part}` : `$${part}`;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x1f; // part separator, so ('ab','c') and ('a','bc') differ
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
};

/** A float in [0, 1) derived from the parts: a stateless random draw keyed by its inputs. */
export const hashUnit = (...parts: readonly (string | number)[]): number =>
  hash32(...parts) / 4_294_967_296;

/** A float in [min, max) drawn from the generator. */
export const randomBetween = (random: Random, min: number, max: number): number =>
  min + (max - min) * random();

/** An integer in [min, max] (both inclusive) drawn from the generator. */
export const randomInt = (random: Random, min: number, max: number): number =>
  Math.floor(randomBetween(random, min, max + 1));

/** A shuffled copy of the items (Fisher–Yates). */
export const shuffled = <T>(random: Random, items: readonly T[]): T[] => {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
};
