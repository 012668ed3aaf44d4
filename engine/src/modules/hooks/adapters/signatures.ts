// Digests and HMACs for webhook verification, and a comparison whose time does not depend on where
// (or whether) the strings differ, nor on their lengths.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

type Part = string | Buffer;

export function hmacSha256(key: string, parts: readonly Part[], encoding: 'hex' | 'base64'): string {
  const mac = createHmac('sha256', key);
  for (const part of parts) mac.update(part);
  return mac.digest(encoding);
}

export function sha256(parts: readonly Part[], encoding: 'hex' | 'base64' = 'hex'): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest(encoding);
}

/** Constant-time equality of two secrets or signatures: both sides are hashed to the same length first. */
export function safeEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}
