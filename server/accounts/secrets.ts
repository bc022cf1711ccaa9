/**
 * Bearer secrets (session ids, access tokens): 256 random bits, handed to the client once and
 * stored only as a SHA-256 digest. A stolen database or backup then holds nothing that signs
 * anyone in; and since the secrets are uniformly random, a plain (unsalted, fast) digest is
 * enough — there is nothing to brute-force, unlike a password.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes as base64url (43 characters). */
export function newSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** The digest stored in place of a secret; `purpose` separates the uses of one secret. */
export function digestSecret(purpose: 'session' | 'csrf' | 'token', secret: string): string {
  return createHash('sha256').update(`nianbao:${purpose}:`).update(secret).digest('base64url');
}

/** Compares two strings without leaking where they differ. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
