/**
 * The two points where the server decides who may do what, named by when they run (as in
 * Hocuspocus): `authenticate` before a websocket is accepted, `authorize` before a room acts on
 * an incoming message. The server installs the accounts' hooks (sessions and tokens, roles,
 * per-part checks: accounts/services.ts, accounts/authorize-updates.ts); code may pass others
 * (`startServer`'s `auth`: tests and benchmarks, test-support/open-hooks.ts). The sync code and
 * the room know only these types.
 */
import type { IncomingMessage } from 'node:http';
import type * as Y from 'yjs';
import type { IncomingSyncMessage } from './sync/protocol.ts';
import type { DecodedUpdate } from './sync/update-check.ts';

/**
 * What signed a connection in, so that the connection ends when it does (accounts/live-credentials.ts):
 * a session (by the digest the database keys it by) or an access token (by its digest, and the
 * moment it expires). Digests, never the secrets themselves.
 */
export type Credential =
  | { readonly kind: 'session'; readonly digest: string }
  | { readonly kind: 'token'; readonly digest: string; readonly expiresAt: number };

/**
 * Who is on the other end of a connection: `anonymous` under hooks without accounts (tests,
 * benchmarks). `name` signs in; `displayName` is what others see (the name in the connection's
 * awareness states). With accounts, a user always carries the credential that authenticated the
 * upgrade; custom hooks (tests of the seams) may leave it out, and such an identity never expires.
 */
export type Identity =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'user'; readonly userId: string; readonly name: string; readonly displayName: string; readonly credential?: Credential };

/** The credential behind a connection, if any. */
export function credentialOf(identity: Identity): Credential | undefined {
  return identity.kind === 'user' ? identity.credential : undefined;
}

/** When the identity stops being valid, if that is known in advance (an access token's expiry). */
export function identityExpiresAt(identity: Identity): number | undefined {
  const credential = credentialOf(identity);
  return credential?.kind === 'token' ? credential.expiresAt : undefined;
}

export const anonymousIdentity: Identity = Object.freeze({ kind: 'anonymous' });

/** A refused upgrade: answered with an HTTP status before the websocket is accepted. */
export interface UpgradeRejection {
  readonly status: 401 | 403;
  /** zh-CN, for the person whose editor could not connect. */
  readonly message: string;
}

/**
 * The answer for a report the caller may not open, and for one that does not exist: the same
 * status and body, so that report ids cannot be probed (REST answers 403 for both as well).
 */
export const reportNotOpenable: UpgradeRejection = Object.freeze({ status: 403, message: '您没有此年报的访问权限' });

export type AuthenticationResult = { readonly ok: true; readonly identity: Identity } | { readonly ok: false; readonly rejection: UpgradeRejection };

/**
 * Runs on every websocket upgrade whose path names a report id, before the report is looked up
 * or loaded: whoever it refuses learns nothing about the report and costs no load.
 */
export type Authenticate = (request: IncomingMessage, reportId: string) => AuthenticationResult | Promise<AuthenticationResult>;

/** A refused message: the room closes the connection with `closeCode` and changes nothing. */
export interface MessageRejection {
  /** 4403 (forbidden) is the documented code for a permission refusal. */
  readonly closeCode: number;
  readonly reason: string;
}

/**
 * `message`, when given, is what the room acts on instead of the incoming message (the accounts
 * hook marks a read-only connection's awareness `readOnly`, so that the room relays it as a
 * reader's).
 */
export type AuthorizationResult =
  | { readonly ok: true; readonly message?: IncomingSyncMessage }
  | { readonly ok: false; readonly rejection: MessageRejection };

/**
 * What `authorize` sees: the connection's identity, the report, and the report's document as it
 * is before the message (so that an update can be inspected against it without applying it).
 */
export interface AuthorizationSubject {
  readonly identity: Identity;
  readonly reportId: string;
  /** The document with every received update applied (the room applies its queue on access). */
  readonly doc: Y.Doc;
  /**
   * For a keystroke continuing its sender's typing (room/typing-runs.ts): the document's item
   * that typing sits beside, from which `permissions/inspect.ts` places it without `doc`
   * applying the room's queue. Undefined for anything else.
   */
  typingAnchor?(decoded: DecodedUpdate): Y.Item | undefined;
}

/**
 * Runs synchronously on every incoming message, after it is decoded and well-formed and before
 * the room applies or relays it (sync step 2 and updates carry content; awareness carries
 * cursors). Synchronous so that messages of one connection stay in order.
 */
export type Authorize = (subject: AuthorizationSubject, message: IncomingSyncMessage) => AuthorizationResult;

/** The pair a server runs with: the accounts' own, or (only from code) others. */
export interface AuthHooks {
  readonly authenticate: Authenticate;
  readonly authorize: Authorize;
}
