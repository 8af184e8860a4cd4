// Browsers on Linux under a POSIX locale report `navigator.language` as "en-US@posix",
// which is not a BCP 47 tag: `Intl` throws on it, and the chart library reads it when
// it loads. The tag without its "@modifier" is what the person meant.

/** A language tag `Intl` accepts: the one given, else it without its modifier, else "en". */
export function validLanguageTag(tag: string | undefined): string {
  for (const candidate of [tag, tag?.split('@')[0], 'en']) {
    if (!candidate) continue;
    try {
      new Intl.NumberFormat(candidate);
      return candidate;
    } catch {
      // not a tag Intl knows: try the next
    }
  }
  return 'en';
}

/** Makes `navigator.language` a tag `Intl` accepts, before a library reads it. */
export function ensureValidLanguage(): void {
  if (typeof navigator === 'undefined') return;
  const valid = validLanguageTag(navigator.language);
  if (valid !== navigator.language)
    Object.defineProperty(navigator, 'language', { value: valid, configurable: true });
}
