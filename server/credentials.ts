// Credentials and join codes. Tokens are 192 random bits, stored only as SHA-256 hashes;
// join codes avoid look-alike characters and are long enough that guessing one, at the
// rate the join endpoint allows, takes longer than any drill lives.
import { createHash, randomBytes, randomInt } from 'node:crypto';

export const mintToken = (): string => randomBytes(24).toString('base64url');
export const hashToken = (token: string): string =>
  createHash('sha256').update(token).digest('hex');
export const mintId = (prefix: string): string =>
  `${prefix}_${randomBytes(9).toString('base64url')}`;

const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I/L
/** 8 characters from 31: about 8.5e11 codes. */
export function mintJoinCode(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}
