// Re-runs, on demand (a Retry or Refresh button), the load functions that depend on one thing,
// and says whether that is still running (for `aria-busy` and disabling the button).
import { invalidate } from '$app/navigation';

export class Reload {
  running = $state(false);
  readonly #dependency: `${string}:${string}`;

  constructor(dependency: `${string}:${string}`) {
    this.#dependency = dependency;
  }

  run = async (): Promise<void> => {
    this.running = true;
    try {
      await invalidate(this.#dependency);
    } finally {
      this.running = false;
    }
  };
}
