// Counts failed logins per e-mail and per client address in a sliding window and refuses further
// attempts (429) once either is over its limit. In-process: each engine replica counts on its own.

export interface LoginThrottleOptions {
  maxFailuresPerEmail: number;
  maxFailuresPerAddress: number;
  windowMs: number;
  now?: () => number;
}

export function createLoginThrottle(options: LoginThrottleOptions) {
  const now = options.now ?? Date.now;
  const failures = new Map<string, number[]>();

  const recent = (key: string): number[] => {
    const since = now() - options.windowMs;
    const kept = (failures.get(key) ?? []).filter((at) => at > since);
    if (kept.length === 0) failures.delete(key);
    else failures.set(key, kept);
    return kept;
  };

  const sweep = () => {
    if (failures.size < 10_000) return;
    for (const key of [...failures.keys()]) recent(key);
  };

  return {
    /** Seconds to wait before trying again, or 0 when an attempt is allowed now. */
    retryAfter(email: string, address: string): number {
      let waitMs = 0;
      for (const [key, max] of [
        [`email:${email}`, options.maxFailuresPerEmail],
        [`ip:${address}`, options.maxFailuresPerAddress],
      ] as const) {
        const times = recent(key);
        if (times.length >= max) {
          // the attempt frees up when enough of the oldest failures have left the window
          const freedAt = (times[times.length - max] as number) + options.windowMs;
          waitMs = Math.max(waitMs, freedAt - now());
        }
      }
      return waitMs > 0 ? Math.ceil(waitMs / 1000) : 0;
    },
    recordFailure(email: string, address: string): void {
      sweep();
      for (const key of [`email:${email}`, `ip:${address}`]) failures.set(key, [...recent(key), now()]);
    },
    recordSuccess(email: string): void {
      failures.delete(`email:${email}`);
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
