import { describe, expect, it } from 'vitest';
import {
  decoyPasswordHash,
  defaultScryptParams,
  hashPassword,
  keyBytes,
  needsRehash,
  parsePasswordHash,
  passwordProblem,
  saltBytes,
  verifyPassword,
} from './passwords.ts';

describe('password hashing', () => {
  it('uses scrypt with memory-hard parameters: N = 2^15, r = 8, p = 1 (32 MiB), 16-byte salt, 64-byte key', async () => {
    expect(defaultScryptParams).toEqual({ N: 32768, r: 8, p: 1 });
    expect(128 * defaultScryptParams.N * defaultScryptParams.r).toBe(32 * 1024 * 1024);
    const encoded = await hashPassword('余杭商务局-2024-年报');
    expect(encoded).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    const parsed = parsePasswordHash(encoded)!;
    expect(parsed.params).toEqual(defaultScryptParams);
    expect(parsed.salt.length).toBe(saltBytes);
    expect(parsed.key.length).toBe(keyBytes);
  });

  it('verifies the right password and refuses a wrong one, a near miss and an unreadable hash', async () => {
    const encoded = await hashPassword('correct horse battery');
    expect(await verifyPassword('correct horse battery', encoded)).toBe(true);
    expect(await verifyPassword('correct horse batterY', encoded)).toBe(false);
    expect(await verifyPassword('', encoded)).toBe(false);
    expect(await verifyPassword('correct horse battery', 'plaintext')).toBe(false);
    expect(await verifyPassword('correct horse battery', encoded.replace('$32768$', '$3$'))).toBe(false);
  });

  it('salts every hash: the same password hashes differently each time', async () => {
    const [a, b] = await Promise.all([hashPassword('same password 1'), hashPassword('same password 1')]);
    expect(a).not.toBe(b);
    expect(parsePasswordHash(a)!.salt.equals(parsePasswordHash(b)!.salt)).toBe(false);
    expect(await verifyPassword('same password 1', a)).toBe(true);
    expect(await verifyPassword('same password 1', b)).toBe(true);
  });

  it('keeps verifying hashes made with other parameters, and flags weaker ones for rehashing', async () => {
    const weak = await hashPassword('an older password', { N: 1024, r: 8, p: 1 });
    expect(await verifyPassword('an older password', weak)).toBe(true);
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash(await hashPassword('a current password'))).toBe(false);
  });

  it('normalises Unicode so that a password typed as composed or decomposed characters matches', async () => {
    const encoded = await hashPassword('caf\u00e9-password');
    expect(await verifyPassword('cafe\u0301-password', encoded)).toBe(true);
  });

  it('refuses passwords that are too short or too long, in zh-CN', () => {
    expect(passwordProblem('short')).toBe('密码至少需要 10 个字符');
    expect(passwordProblem('x'.repeat(257))).toBe('密码不能超过 256 个字符');
    expect(passwordProblem('十个汉字的密码一二三')).toBeNull();
  });

  it('has a decoy hash for unknown accounts that no guess matches', async () => {
    const decoy = await decoyPasswordHash();
    expect(parsePasswordHash(decoy)?.params).toEqual(defaultScryptParams);
    expect(await verifyPassword('', decoy)).toBe(false);
  });
});
