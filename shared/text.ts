// Text people type: names, chat, status updates. One rule for every boundary that takes it:
// no control characters (a message may keep tabs and line breaks; a name is one line) and
// no unpaired UTF-16 surrogates. PostgreSQL's jsonb refuses NUL and lone surrogates, so
// letting them through turned a typo into a failed write; here they are a schema error.
import { z } from 'zod';

const hex = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why `text` is not acceptable as a name (`multiline` false) or a message; null if it is. */
export function unsafeText(text: string, multiline: boolean): string | null {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029) {
      if (!multiline) return 'must be a single line';
    } else if (c === 0x09) {
      if (!multiline) return `must not contain a control character (${hex(c)})`;
    } else if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
      return `must not contain a control character (${hex(c)})`;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return 'must not contain an unpaired surrogate';
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return 'must not contain an unpaired surrogate';
    }
  }
  return null;
}

/**
 * A string of `min` to `max` characters (trimmed first unless `trim` is false) that
 * `unsafeText` accepts: a single line unless `multiline`.
 */
export const safeText = ({
  max,
  min = 1,
  multiline = false,
  trim = true,
}: {
  max: number;
  min?: number;
  multiline?: boolean;
  trim?: boolean;
}) =>
  (trim ? z.string().trim() : z.string())
    .min(min)
    .max(max)
    .check((ctx) => {
      const why = unsafeText(ctx.value, multiline);
      if (why) ctx.issues.push({ code: 'custom', message: `Text ${why}.`, input: ctx.value });
    });

/** A person's display name, or a role's: one line, 1 to 40 characters. */
export const NAME_MAX = 40;
export const SafeName = safeText({ max: NAME_MAX });
