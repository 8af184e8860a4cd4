import { describe, expect, it } from 'vitest';
import { mintJoinCode } from '../../server/credentials.ts';
import { JoinBody } from '../../shared/protocol.ts';
import { JOIN_CODE_EXAMPLE, JOIN_CODE_PATTERN, normaliseJoinCode } from './join-code.ts';

// How a browser compiles an input's pattern attribute (HTML spec: anchored, `v` flag).
const asBrowser = (pattern: string) => new RegExp(`^(?:${pattern})$`, 'v');

describe('the join-code field', () => {
  it('has a pattern a browser can compile', () => {
    expect(() => asBrowser(JOIN_CODE_PATTERN)).not.toThrow();
  });

  it('accepts every code the server mints, and its own placeholder', () => {
    const field = asBrowser(JOIN_CODE_PATTERN);
    for (let i = 0; i < 200; i++) expect(field.test(mintJoinCode())).toBe(true);
    expect(field.test(JOIN_CODE_EXAMPLE)).toBe(true);
  });

  it('shows a placeholder shaped like a real code', () => {
    const real = mintJoinCode();
    expect(JOIN_CODE_EXAMPLE).toHaveLength(real.length);
    expect(JOIN_CODE_EXAMPLE).not.toMatch(/[01OIL]/); // minted codes avoid look-alikes
    expect(JoinBody.safeParse({ code: JOIN_CODE_EXAMPLE, name: 'A' }).success).toBe(true);
  });

  it('refuses what the server refuses', () => {
    const field = asBrowser(JOIN_CODE_PATTERN);
    for (const bad of ['ABC', 'AB CD', 'K7QF_2MP', 'X'.repeat(17)]) {
      expect(field.test(bad)).toBe(false);
      expect(JoinBody.safeParse({ code: bad, name: 'A' }).success).toBe(false);
    }
  });

  it('takes a pasted code with spaces or in lower case', () => {
    expect(normaliseJoinCode(' k7qf 2mpx ')).toBe('K7QF2MPX');
  });
});
