// The "wheel of misfortune": picks a scenario at random and works out how far the wheel
// turns so the pick stops under the pointer (at the top). Pure: randomness is passed in.

/** An index in [0, n) from a random number in [0, 1). */
export function pickIndex(n: number, random: number): number {
  if (n <= 0) throw new RangeError('nothing to pick from');
  return Math.min(n - 1, Math.floor(random * n));
}

/** The centre angle (degrees, clockwise from the top) of segment i of n. */
export function segmentCentre(i: number, n: number): number {
  return (i + 0.5) * (360 / n);
}

/**
 * The wheel's next absolute rotation (degrees): at least `turns` full turns past
 * `current`, ending with segment `index` under the pointer. `jitter` in [0, 1) moves the
 * stop inside the segment so the wheel does not always land dead centre.
 */
export function spinTo(current: number, index: number, n: number, turns = 5, jitter = 0.5): number {
  const width = 360 / n;
  const offset = (jitter - 0.5) * width * 0.7;
  // Rotating the wheel clockwise by r brings the angle (360 - r mod 360) to the top.
  const target = (360 - segmentCentre(index, n) - offset + 360) % 360;
  const base = current - (current % 360) + turns * 360;
  let r = base + target;
  if (r < current + turns * 360) r += 360;
  return r;
}

/** Which segment sits under the pointer for a rotation. */
export function segmentAt(rotation: number, n: number): number {
  const angle = (((360 - (rotation % 360)) % 360) + 360) % 360;
  return Math.min(n - 1, Math.floor(angle / (360 / n)));
}
