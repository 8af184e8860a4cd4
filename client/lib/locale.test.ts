import { describe, expect, it } from 'vitest';
import { validLanguageTag } from './locale.ts';

describe('the language tag the charts format numbers with', () => {
  it('drops a POSIX modifier that Intl refuses', () => {
    expect(() => new Intl.NumberFormat('en-US@posix')).toThrow();
    expect(validLanguageTag('en-US@posix')).toBe('en-US');
  });

  it('keeps a valid tag, and falls back to English for nonsense or nothing', () => {
    expect(validLanguageTag('de-CH')).toBe('de-CH');
    expect(validLanguageTag('@@')).toBe('en');
    expect(validLanguageTag(undefined)).toBe('en');
  });
});
