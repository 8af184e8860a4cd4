// Value domains and number formats for the metric charts. Pure.

export interface Domain {
  min: number;
  max: number;
}

/** A y domain that holds the values and the warning thresholds, with a little headroom. */
export function valueDomain(
  values: readonly number[],
  marks: readonly (number | null)[] = [],
): Domain {
  const all = [...values, ...marks.filter((m): m is number => m !== null)];
  if (all.length === 0) return { min: 0, max: 1 };
  let min = Math.min(...all);
  const max = Math.max(...all);
  if (min >= 0 && min < max * 0.5) min = 0;
  if (max === min) {
    const pad = Math.abs(max) * 0.1 || 1;
    return { min: min - pad, max: max + pad };
  }
  const pad = (max - min) * 0.08;
  return { min: min === 0 ? 0 : min - pad, max: max + pad };
}

/** Compact number for axis labels and readouts: 1234 -> "1.2k". */
export function compact(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${Math.round(v / 1e5) / 10}M`;
  if (a >= 1e4) return `${Math.round(v / 1e3)}k`;
  if (a >= 1e3) return `${Math.round(v / 100) / 10}k`;
  if (a >= 100) return String(Math.round(v));
  if (a >= 10) return String(Math.round(v * 10) / 10);
  return String(Math.round(v * 100) / 100);
}

export function isWarning(
  v: number | undefined,
  warnAbove: number | null,
  warnBelow: number | null,
): boolean {
  if (v === undefined) return false;
  return (warnAbove !== null && v > warnAbove) || (warnBelow !== null && v < warnBelow);
}
