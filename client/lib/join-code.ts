// What the join form accepts and shows. The `pattern` attribute is compiled by browsers
// with the `v` flag, where a bare `-` inside a class is a syntax error: the browser then
// logs an error and silently skips validation, so the hyphen is escaped.

/** The input's `pattern`: what the server accepts (letters, digits, hyphens; 4 to 16). */
export const JOIN_CODE_PATTERN = '[A-Za-z0-9\\-]{4,16}';

/** A placeholder shaped like the codes the server mints (8 characters, no look-alikes). */
export const JOIN_CODE_EXAMPLE = 'K7QF2MPX';

/** What a person typed or pasted, as the server wants it ("k7qf 2mpx" → "K7QF2MPX"). */
export function normaliseJoinCode(typed: string): string {
  return typed.replace(/\s+/g, '').toUpperCase();
}
