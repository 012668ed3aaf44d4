import { describe, expect, it } from 'vitest';
import { hmacSha256, safeEqual, sha256 } from './signatures.ts';

describe('signatures', () => {
  it('computes HMAC-SHA256 and SHA-256 over several parts as one message', () => {
    expect(hmacSha256('k', ['a', Buffer.from('b')], 'hex')).toBe(hmacSha256('k', ['ab'], 'hex'));
    expect(sha256(['a', 'b'])).toBe('fb8e20fc2e4c3f248c60c39bd652f3c1347298bb977b8b4d5903b85055620603');
  });

  it('compares equal strings as equal and anything else as different, whatever the lengths', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', 'x')).toBe(false);
  });
});
