/**
 * Hooks that let everyone in, for tests and benchmarks of other concerns than accounts (sync,
 * storage, the editor): every connection anonymous, every well-formed message allowed. Passed
 * as `startServer({ auth: openHooks })`; no flag or environment variable selects them.
 */
import { anonymousIdentity, type AuthHooks, type Authenticate, type AuthorizationResult, type Authorize } from '../hooks.ts';

const allowed: AuthorizationResult = Object.freeze({ ok: true });

/** Everyone is anonymous and may connect. */
export const authenticateAnyone: Authenticate = () => ({ ok: true, identity: anonymousIdentity });

/** Every well-formed message is allowed. */
export const authorizeEverything: Authorize = () => allowed;

export const openHooks: AuthHooks = Object.freeze({ authenticate: authenticateAnyone, authorize: authorizeEverything });
