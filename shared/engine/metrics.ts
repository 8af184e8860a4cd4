// Metric paths: piecewise-linear segments plus seeded noise, sampled on demand. Nothing
// per-sample lives in the state, so a long drill costs no memory and any past moment can
// be recomputed exactly.
import { hashString, noise } from './random.ts';
import type { Segment } from './state.ts';

/** The noise-free value at virtual second t. Segments are in time order. */
export function metricValueAt(segments: readonly Segment[], t: number): number {
  let seg = segments[0]!;
  for (let i = segments.length - 1; i >= 0; i--) {
    if (segments[i]!.t0 <= t) {
      seg = segments[i]!;
      break;
    }
  }
  return segmentValue(seg, t);
}

/** The value of one piece of a path at virtual second t (t at or after its start). */
export function segmentValue(seg: Segment, t: number): number {
  if (t >= seg.t1 || seg.t1 === seg.t0) return seg.to;
  const f = (t - seg.t0) / (seg.t1 - seg.t0);
  return seg.from + (seg.to - seg.from) * f;
}

function noiseAt(segments: readonly Segment[], t: number): number {
  for (let i = segments.length - 1; i >= 0; i--)
    if (segments[i]!.t0 <= t) return segments[i]!.noise;
  return segments[0]!.noise;
}

export interface MetricSpec {
  id: string;
  min?: number | undefined;
  max?: number | undefined;
}

// Samples strictly before the drill's current time can never change (segments are only
// added at the current time), so they are memoised per metric path: successive views then
// share their points, and diffing them is a matter of identity.
const settled = new WeakMap<
  readonly Segment[],
  { step: number; seed: number; points: Map<number, [number, number]> }
>();

/** Samples every `step` virtual seconds from 0 to `until`: [t, value] pairs. */
export function sampleMetric(
  spec: MetricSpec,
  segments: readonly Segment[],
  seed: number,
  step: number,
  until: number,
  from = 0,
): [number, number][] {
  const key = hashString(spec.id);
  const out: [number, number][] = [];
  const first = Math.ceil(from / step);
  let cache = settled.get(segments);
  if (!cache || cache.step !== step || cache.seed !== seed) {
    cache = { step, seed, points: new Map() };
    settled.set(segments, cache);
  }
  const memo = cache.points;
  for (let i = first; i * step <= until; i++) {
    const t = i * step;
    const known = memo.get(i);
    if (known) {
      out.push(known);
      continue;
    }
    let v = metricValueAt(segments, t) + noiseAt(segments, t) * noise(seed, key, i);
    if (spec.min !== undefined) v = Math.max(spec.min, v);
    if (spec.max !== undefined) v = Math.min(spec.max, v);
    const point: [number, number] = [t, Math.round(v * 100) / 100];
    if (t < until) memo.set(i, point);
    out.push(point);
  }
  return out;
}
