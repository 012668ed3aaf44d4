// Re-runs the load functions that depend on `dependency` every `intervalMs` while the component
// lives and `active()` holds (always, by default; a running backtest or close, say). Skips ticks while
// the tab is hidden or the previous refresh is still running, and refreshes at once when the tab
// becomes visible again. Once `active()` stops holding, the timer stops until it holds again.
import { invalidate } from '$app/navigation';

export function autoRefresh(
  dependency: `${string}:${string}`,
  intervalMs: number,
  active: () => boolean = () => true,
): void {
  $effect(() => {
    if (!active()) return;
    let running = false;

    const refresh = async () => {
      if (running || document.visibilityState === 'hidden') return;
      running = true;
      try {
        await invalidate(dependency);
      } finally {
        running = false;
      }
    };

    const timer = setInterval(refresh, intervalMs);
    const onVisibilityChange = () => {
      if (document.visibilityState === 'visible') void refresh();
    };
    document.addEventListener('visibilitychange', onVisibilityChange);

    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibilityChange);
    };
  });
}
