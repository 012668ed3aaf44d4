// A background sweep that runs one pass at a time: kicks during a pass ask for one more pass, an
// interval kicks it regularly, and a failed pass is logged and left to the next kick. The outboxes
// (event dispatch, CRM enrichment) are built on it.
import type { Logger } from './logger.ts';

export interface Sweeper {
  /** Runs a pass now, or one more after the current pass; resolves when no pass is running. */
  kick(): Promise<void>;
  start(intervalMs: number): void;
  /** Stops the interval and waits for a running pass. */
  stop(): Promise<void>;
}

export function createSweeper(pass: () => Promise<void>, logger: Logger, failure: string): Sweeper {
  let running: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;

  function kick(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await pass();
        } catch (error) {
          logger.warn({ err: error }, failure);
          return;
        }
      } while (again);
    })().finally(() => {
      running = undefined;
    });
    return running;
  }

  return {
    kick,
    start(intervalMs) {
      timer = setInterval(() => void kick(), intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
