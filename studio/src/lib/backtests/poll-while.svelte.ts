// Re-runs the load functions that depend on `dependency` every `intervalMs` while `active()` holds (a backtest
// runs, a close is under way) and the tab is visible; stops by itself once it does not.
import { invalidate } from '$app/navigation';

export function pollWhile(dependency: `${string}:${string}`, intervalMs: number, active: () => boolean): void {
  $effect(() => {
    if (!active()) return;
    let running = false;
    const timer = setInterval(async () => {
      if (running || document.visibilityState === 'hidden') return;
      running = true;
      try {
        await invalidate(dependency);
      } finally {
        running = false;
      }
    }, intervalMs);
    return () => clearInterval(timer);
  });
}
