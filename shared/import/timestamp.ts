// Timestamps as incident records write them: "14:02", "14:02:30 UTC", "2026-03-14 14:02",
// ISO 8601 with an offset, or epoch seconds or milliseconds. Pure: Date.UTC only does
// calendar arithmetic, it reads no clock.
import { ImportError } from './record.ts';

export interface Instant {
  /** Minutes since an arbitrary origin: the Unix epoch, or midnight of an unknown day. */
  minutes: number;
  /** Whether the text carried a date (so midnight cannot be crossed by guessing). */
  dated: boolean;
  /** Wall-clock time as HH:MM, and the date when known. */
  clock: string;
  date?: string;
}

const DATE_TIME =
  /^(?:(\d{4})-(\d{2})-(\d{2})[ T])?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?/i;

/** Reads a timestamp at the start of the text; the rest of the text follows it. */
export function leadingInstant(text: string): { instant: Instant; rest: string } | undefined {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [whole, y, mo, d, h, mi, s, zone] = m;
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (hour > 23 || minute > 59 || second > 59)
    throw new RangeError(`"${whole.trim()}" is not a time of day`);
  let offset = 0;
  if (zone && /^[+-]/.test(zone)) {
    const digits = zone.replace(':', '');
    offset =
      (digits[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3)));
  }
  const clock = `${String(hour).padStart(2, '0')}:${mi}`;
  const rest = text.trim().slice(whole.length);
  if (y === undefined)
    return { instant: { minutes: hour * 60 + minute + second / 60, dated: false, clock }, rest };
  const month = Number(mo);
  const day = Number(d);
  const ms = Date.UTC(Number(y), month - 1, day, hour, minute, second);
  const check = new Date(ms);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    throw new RangeError(`"${y}-${mo}-${d}" is not a date`);
  return {
    instant: { minutes: ms / 60_000 - offset, dated: true, clock, date: `${y}-${mo}-${d}` },
    rest,
  };
}

/** A whole value that must be a timestamp: text as above, or epoch seconds/milliseconds. */
export function instantOf(value: unknown): Instant {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
    // Past 1e11 it must be milliseconds: as seconds it would be the year 5138.
    const ms = value > 1e11 ? value : value * 1000;
    const date = new Date(ms);
    const iso = date.toISOString();
    return { minutes: ms / 60_000, dated: true, clock: iso.slice(11, 16), date: iso.slice(0, 10) };
  }
  if (typeof value === 'string') {
    const read = leadingInstant(value);
    if (read && read.rest.trim() === '') return read.instant;
    if (/^\d{9,13}$/.test(value.trim())) return instantOf(Number(value.trim()));
  }
  throw new RangeError(
    `${JSON.stringify(value)} is not a timestamp (use "14:02", "2026-03-14T14:02:00Z" or epoch seconds)`,
  );
}

/**
 * Minutes since the first instant. Times of day without a date may cross midnight once,
 * late evening to early morning; any other step back in time is a mistake in the record.
 */
export function relativeMinutes(instants: Instant[], lines: number[]): number[] {
  let dayShift = 0;
  const absolute: number[] = [];
  instants.forEach((instant, i) => {
    let at = instant.minutes + (instant.dated ? 0 : dayShift);
    const previous = absolute[i - 1];
    if (previous !== undefined && at < previous) {
      const crossesMidnight =
        !instant.dated && previous - dayShift >= 18 * 60 && instant.minutes < 6 * 60;
      if (!crossesMidnight)
        throw new ImportError({
          line: lines[i],
          message: `${instant.clock} is earlier than the line before it (${instants[i - 1]!.clock}); keep the timeline in order`,
        });
      dayShift += 24 * 60;
      at += 24 * 60;
    }
    absolute.push(at);
  });
  const origin = absolute[0] ?? 0;
  return absolute.map((m) => Math.round((m - origin) * 100) / 100);
}
