/**
 * Who is signed in (docs/api.md, "Accounts and sessions"). The session itself is an HttpOnly
 * cookie the page never sees; the page only learns the user and the CSRF token it must send
 * with every change. A server run without accounts (tests of other concerns) answers 404 for
 * `/api/session`: then the page works as before accounts, with a chosen display name.
 */
export interface AccountUser {
  /** The account id in decimal: how comments and sign-offs name the user (absent if remembered before it was sent). */
  readonly id?: string;
  readonly name: string;
  readonly displayName: string;
  readonly role: 'admin' | 'staff';
}

export type AccountState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'disabled' }
  | { readonly kind: 'signed-out' }
  | { readonly kind: 'signed-in'; readonly user: AccountUser; readonly csrfToken: string };

/**
 * The last user signed in on this browser, for opening their copies of reports (offline work)
 * when the server cannot be reached to ask. Forgotten at sign-out.
 */
const rememberedKey = 'nianbao:account';

function remember(user: AccountUser | null): void {
  if (user) window.localStorage.setItem(rememberedKey, JSON.stringify(user));
  else window.localStorage.removeItem(rememberedKey);
}

function remembered(): AccountUser | null {
  try {
    const user = JSON.parse(window.localStorage.getItem(rememberedKey) ?? 'null') as AccountUser | null;
    return user && typeof user.name === 'string' && typeof user.displayName === 'string' ? user : null;
  } catch {
    return null;
  }
}

/**
 * Who is signed in. Without network, the user last signed in here (no CSRF token: changes wait
 * for the network, when the page asks again); without either, the page works as without accounts.
 */
export async function fetchAccount(): Promise<AccountState> {
  let response: Response;
  try {
    response = await fetch('/api/session', { headers: { accept: 'application/json' } });
  } catch {
    const user = remembered();
    return user ? { kind: 'signed-in', user, csrfToken: '' } : { kind: 'disabled' };
  }
  if (response.status === 404) return { kind: 'disabled' };
  if (response.status === 401) return { kind: 'signed-out' };
  const body = (await response.json()) as { user: AccountUser; csrfToken?: string };
  remember(body.user);
  return { kind: 'signed-in', user: body.user, csrfToken: body.csrfToken ?? '' };
}

/** Signs in; resolves to the new state or rejects with the server's zh-CN message. */
export async function signIn(name: string, password: string): Promise<AccountState> {
  let response: Response;
  try {
    response = await fetch('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ name, password }),
    });
  } catch {
    throw new Error('无法连接服务器，请检查网络');
  }
  const body = (await response.json().catch(() => null)) as { user: AccountUser; csrfToken: string; error?: { message: string } } | null;
  if (!response.ok || !body) throw new Error(body?.error?.message ?? `登录失败（${response.status}）`);
  remember(body.user);
  return { kind: 'signed-in', user: body.user, csrfToken: body.csrfToken };
}

export async function signOut(csrfToken: string): Promise<void> {
  remember(null);
  await fetch('/api/session', { method: 'DELETE', headers: { 'x-csrf-token': csrfToken } });
}
