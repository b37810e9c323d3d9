import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** A fresh 256-bit secret, URL-safe (session ids, CSRF tokens, display tokens, passwords). */
export const newSecret = (bytes = 32) => randomBytes(bytes).toString('base64url');

/** SHA-256 of a random secret: enough for 256-bit values, never for passwords. */
export const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

/** Constant-time string comparison. */
export const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** argon2id with OWASP's minimum (19 MiB, 2 passes, 1 lane). */
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, ARGON2);

export const verifyPassword = async (passwordHash: string, password: string) => {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
};

/**
 * A hash to verify against when the user name is unknown, so that "no such user" takes as
 * long as "wrong password" and user names cannot be probed by timing.
 */
let dummyHash: Promise<string> | null = null;
export const verifyAgainstDummy = async (password: string) => {
  dummyHash ??= hashPassword(newSecret());
  await verifyPassword(await dummyHash, password);
  return false;
};
