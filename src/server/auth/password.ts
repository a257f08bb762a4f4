// No "server-only" guard: the seed CLI (tsx) hashes demo passwords with the same parameters.
// A native module, it can never reach a client bundle anyway.
import { hash, verify } from "@node-rs/argon2";

/**
 * argon2id (OWASP: m=19 MiB, t=2, p=1). Passwords: at least 8, at most 128 characters, no
 * composition rules (ASVS 6.2). The hash string starts with $argon2id$.
 */
const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A fixed hash to verify against when the account does not exist, so timing does not reveal it. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  return (dummyHash ??= hash("not-a-real-password-0000", options));
}
