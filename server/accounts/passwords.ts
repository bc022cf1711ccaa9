/**
 * Password hashing with scrypt (node:crypto), a memory-hard function: each guess costs an
 * attacker 32 MiB of memory as well as time, which is what makes GPU and ASIC cracking of a
 * stolen database expensive. Hashes are self-describing, `scrypt$N$r$p$salt$hash` (salt and hash
 * in base64url), so the parameters can be raised later: old hashes keep verifying with the
 * parameters they were made with, and `needsRehash` tells the sign-in code to upgrade them.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  readonly N: number;
  /** Block size. */
  readonly r: number;
  /** Parallelism. */
  readonly p: number;
}

/**
 * N = 2^15, r = 8, p = 1: 128·N·r = 32 MiB and ~50–100 ms per hash on one core of the office
 * servers this runs on — OWASP's scrypt recommendation (N ≥ 2^17 with r=8 at p=1 is the
 * "strong" end; 2^15 keeps a burst of 30 people signing in at 9:00 under 3 s on 2 cores).
 * Raise N when hardware allows; stored hashes upgrade at the next sign-in.
 */
export const defaultScryptParams: ScryptParams = Object.freeze({ N: 2 ** 15, r: 8, p: 1 });
export const saltBytes = 16;
export const keyBytes = 64;
/** Hashes are scrypt's cost plus headroom; Node's default maxmem (32 MiB) is exactly the cost and refuses it. */
const maxmemFor = (params: ScryptParams): number => 128 * params.N * params.r * params.p + 32 * 1024 * 1024;

/** Passwords shorter than this are refused; longer than `maxPasswordLength` too (bounds the work per attempt). */
export const minPasswordLength = 10;
export const maxPasswordLength = 256;

/** zh-CN reason a new password is refused, or null if it is acceptable. */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  if (length < minPasswordLength) return `密码至少需要 ${minPasswordLength} 个字符`;
  if (length > maxPasswordLength) return `密码不能超过 ${maxPasswordLength} 个字符`;
  return null;
}

function scryptAsync(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: maxmemFor(params) };
  // Asynchronous: runs on libuv's thread pool, so a sign-in never stalls the sync server's loop.
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, keyBytes, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string, params: ScryptParams = defaultScryptParams): Promise<string> {
  const salt = randomBytes(saltBytes);
  const key = await scryptAsync(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export interface ParsedPasswordHash {
  readonly params: ScryptParams;
  readonly salt: Buffer;
  readonly key: Buffer;
}

/** Reads an encoded hash; undefined if it is not one this module wrote. */
export function parsePasswordHash(encoded: string): ParsedPasswordHash | undefined {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  const valid = (n: number) => Number.isSafeInteger(n) && n > 0;
  if (!valid(N) || !valid(r) || !valid(p) || (N & (N - 1)) !== 0 || N < 2) return undefined;
  const salt = Buffer.from(parts[4], 'base64url');
  const key = Buffer.from(parts[5], 'base64url');
  if (salt.length < saltBytes || key.length !== keyBytes) return undefined;
  return { params: { N, r, p }, salt, key };
}

/** Constant-time check of `password` against an encoded hash; false for a hash it cannot read. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parsePasswordHash(encoded);
  if (!parsed) return false;
  const key = await scryptAsync(password, parsed.salt, parsed.params);
  return timingSafeEqual(key, parsed.key);
}

/** True when the hash was made with weaker parameters than today's defaults. */
export function needsRehash(encoded: string, params: ScryptParams = defaultScryptParams): boolean {
  const parsed = parsePasswordHash(encoded);
  if (!parsed) return true;
  return parsed.params.N < params.N || parsed.params.r < params.r || parsed.params.p < params.p;
}

/**
 * A hash of a random password, verified against when the account name is unknown so that a
 * sign-in for a missing account takes as long as one with a wrong password (no user enumeration
 * by timing). Made once, lazily.
 */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  return (decoyHash ??= hashPassword(randomBytes(24).toString('base64url')));
}
