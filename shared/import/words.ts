// Turning free text from incident records into what the scenario language accepts: ids
// (letters, digits, "-", "_", "."), one-line labels, role names of at most 40 characters.

/** Gives each text a unique id made from its first words: "roll-back-the-deploy", "...-2". */
export function slugger(): (text: string, fallback: string) => string {
  const taken = new Set<string>();
  return (text, fallback) => {
    const words = text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, ' ')
      .trim()
      .split(' ')
      .filter(Boolean);
    let base = '';
    for (const w of words) {
      const next = base ? `${base}-${w}` : w;
      if (next.length > 32) break;
      base = next;
    }
    base ||= fallback;
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    taken.add(id);
    return id;
  };
}

/** One line, at most `max` characters, cut at a word with an ellipsis. */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}

/** A role name: one line of 1 to 40 characters, like a player name. */
export function roleName(actor: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what it removes
  return oneLine(actor.replace(/[\u0000-\u001f\u007f]/g, ''), 40) || 'On-call';
}

/** Text a record may carry that no scenario text may: control characters, lone surrogates. */
export function clean(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- control characters are what it removes
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
  );
}
