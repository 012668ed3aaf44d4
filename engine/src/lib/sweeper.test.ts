import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createSweeper } from './sweeper.ts';

describe('sweeper', () => {
  it('runs one pass at a time and one more pass for kicks that arrive during a pass', async () => {
    let passes = 0;
    let release: (() => void) | undefined;
    const sweeper = createSweeper(
      async () => {
        passes += 1;
        if (passes === 1) await new Promise<void>((resolve) => (release = resolve));
      },
      pino({ level: 'silent' }),
      'failed',
    );
    const first = sweeper.kick();
    // three kicks while the first pass is held ask for exactly one more pass
    void sweeper.kick();
    void sweeper.kick();
    const last = sweeper.kick();
    release?.();
    await Promise.all([first, last]);
    expect(passes).toBe(2);
  });

  it('survives a failing pass: the next kick runs again', async () => {
    let calls = 0;
    const sweeper = createSweeper(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('Temporal is down');
      },
      pino({ level: 'silent' }),
      'failed',
    );
    await sweeper.kick();
    await sweeper.kick();
    expect(calls).toBe(2);
    await sweeper.stop();
  });
});
