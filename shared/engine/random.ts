// Seeded, random-access pseudo-randomness. Noise for sample i of metric m must be the same
// whichever order samples are computed in, so this is a hash, not a stream generator.

/** FNV-1a over a string, 32 bits. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A 32-bit integer mix (murmur3's finaliser). */
function mix(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** A deterministic number in [-1, 1) for (seed, key, index). */
export function noise(seed: number, key: number, index: number): number {
  const h = mix(mix(seed ^ Math.imul(key, 0x9e3779b1)) ^ Math.imul(index + 1, 0x27d4eb2f));
  return h / 0x80000000 - 1;
}
