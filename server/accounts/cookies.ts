/**
 * The session cookie. HttpOnly (page scripts, and so injected ones, cannot read it), SameSite=Lax
 * (not sent on cross-site POSTs, fetches or websocket handshakes from other sites, yet still sent
 * when someone follows a link to a report from a mail), Path=/. Behind https it is also `Secure`
 * and takes the `__Host-` prefix, which browsers accept only from a secure origin with no Domain,
 * so a sibling subdomain cannot plant one.
 */
export interface CookieOptions {
  /** Set when the server is reached over https (directly or behind a TLS proxy). */
  readonly secure: boolean;
}

export function sessionCookieName(options: CookieOptions): string {
  return options.secure ? '__Host-nianbao_session' : 'nianbao_session';
}

/** `name=value` pairs of a `Cookie` header; the first of duplicate names wins, as browsers send the most specific first. */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    let value = pair.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (!cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

export function sessionCookie(id: string, options: CookieOptions): string {
  const attributes = ['Path=/', 'HttpOnly', 'SameSite=Lax'];
  if (options.secure) attributes.push('Secure');
  // No Max-Age: the server ends sessions (sessions.ts); a browser-session cookie also goes when the browser closes.
  return [`${sessionCookieName(options)}=${id}`, ...attributes].join('; ');
}

export function clearedSessionCookie(options: CookieOptions): string {
  const attributes = ['Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0'];
  if (options.secure) attributes.push('Secure');
  return [`${sessionCookieName(options)}=`, ...attributes].join('; ');
}
