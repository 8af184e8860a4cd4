// Security headers for everything the Node server answers: the web client's pages and
// assets, the API, health and metrics. (Under `npm run dev` Vite serves the pages; these
// matter on the Node server, which is what runs in production.)
//
// The built client is one module script, module preloads and one stylesheet, all from its
// own origin; React sets styles through the DOM, which a style-src policy does not block;
// the favicon is a data: URL; the socket connects to its own origin ('self' covers ws: and
// wss: there). Nothing may frame the app, and no page leaks its address as a referrer (the
// facilitator's link and the export links carry tokens).
import type { ServerResponse } from 'node:http';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

export function setSecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}
