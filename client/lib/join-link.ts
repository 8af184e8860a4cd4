// The link players open to join a drill: the join code in the path, so a QR code on a
// projector or a link in a chat lands on a join page with the code filled in.

/** Join codes as the server mints them (8 of 31 letters and digits), shown or typed. */
const CODE = /^[A-Za-z0-9-]{4,16}$/;

export function joinLink(origin: string, code: string): string {
  return `${origin}/join/${encodeURIComponent(code)}`;
}

/** The code a join link carries, normalised as the join form types it; null if none. */
export function codeFromJoinPath(path: string): string | null {
  const m = /^\/join\/([^/]+)\/?$/.exec(path);
  if (!m) return null;
  let code: string;
  try {
    code = decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
  return CODE.test(code) ? code.toUpperCase() : null;
}

/** The link a player opens to take their seat back with a reclaim code. */
export function reclaimLink(origin: string, code: string): string {
  return `${origin}/reclaim/${encodeURIComponent(code)}`;
}

/** The code a reclaim link carries ('' for the bare page); null if the path is no reclaim link. */
export function codeFromReclaimPath(path: string): string | null {
  if (/^\/reclaim\/?$/.test(path)) return '';
  const m = /^\/reclaim\/([A-Za-z0-9]{8})\/?$/.exec(path);
  return m ? m[1]!.toUpperCase() : null;
}
