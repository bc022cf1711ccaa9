/**
 * Headers every HTTP answer carries (pages, assets, the API, refused upgrades), so that a page
 * of this server runs only its own code and cannot be framed:
 *
 * - `Content-Security-Policy`: scripts, styles, connections (fetch and the sync websocket:
 *   CSP Level 3 lets `'self'` match `ws:`/`wss:` on the page's own host and port — Chromium
 *   since 70, Firefox; Safari only since 2022), workers (the
 *   offline service worker), fonts and the manifest come from this origin only; images also
 *   from `data:`/`blob:`. No inline script and no inline style: TipTap's injected stylesheet is
 *   shipped as a file instead (client/src/editor/prosemirror-base.css), and the page sets
 *   element styles only through the CSSOM, which CSP does not govern. No plugins (`object-src`),
 *   no `<base>` that would redirect relative URLs, forms post only here, and no framing
 *   (`frame-ancestors`, and `X-Frame-Options` for browsers before CSP 2): no clickjacking.
 * - `X-Content-Type-Options: nosniff`: a file is only ever what its Content-Type says.
 * - `Referrer-Policy: same-origin`: report URLs (ids) do not leak to other sites.
 */
import type { ServerResponse } from 'node:http';

export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const securityHeaders: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
});

/** Sets the headers on a response before any route writes its head. */
export function setSecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
}

/** The same headers as raw HTTP/1.1 header lines, for answers written straight to a socket. */
export const securityHeaderLines = Object.entries(securityHeaders)
  .map(([name, value]) => `${name}: ${value}\r\n`)
  .join('');
