import { describe, expect, it } from 'vitest';
import { createLoginThrottle } from './login-throttle.ts';

describe('login throttle', () => {
  const setup = () => {
    let clock = 1_000_000;
    const throttle = createLoginThrottle({
      maxFailuresPerEmail: 3,
      maxFailuresPerAddress: 5,
      windowMs: 15 * 60_000,
      now: () => clock,
    });
    return { throttle, advance: (ms: number) => (clock += ms) };
  };

  it('blocks an e-mail after its failures and frees it when the oldest leaves the window', () => {
    const { throttle, advance } = setup();
    for (let i = 0; i < 3; i += 1) {
      expect(throttle.retryAfter('a@x', '10.0.0.1')).toBe(0);
      throttle.recordFailure('a@x', '10.0.0.1');
      advance(60_000);
    }
    // the first failure was 3 minutes ago: it leaves the 15-minute window in 12 minutes
    expect(throttle.retryAfter('a@x', '10.0.0.2')).toBe(12 * 60);
    expect(throttle.retryAfter('b@x', '10.0.0.2')).toBe(0);
    advance(12 * 60_000);
    expect(throttle.retryAfter('a@x', '10.0.0.2')).toBe(0);
  });

  it('blocks an address that tries many e-mails (password spraying)', () => {
    const { throttle } = setup();
    for (let i = 0; i < 5; i += 1) throttle.recordFailure(`user${i}@x`, '10.0.0.9');
    expect(throttle.retryAfter('fresh@x', '10.0.0.9')).toBeGreaterThan(0);
    expect(throttle.retryAfter('fresh@x', '10.0.0.10')).toBe(0);
  });

  it('forgets an e-mail’s failures after a successful sign-in, but not the address’s', () => {
    const { throttle } = setup();
    for (let i = 0; i < 3; i += 1) throttle.recordFailure('a@x', '10.0.0.1');
    throttle.recordSuccess('a@x');
    expect(throttle.retryAfter('a@x', '10.0.0.2')).toBe(0);
    throttle.recordFailure('c@x', '10.0.0.1');
    throttle.recordFailure('d@x', '10.0.0.1');
    expect(throttle.retryAfter('e@x', '10.0.0.1')).toBeGreaterThan(0);
  });
});
