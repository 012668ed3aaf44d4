import { afterAll, beforeAll, describe, it } from 'vitest';
import { startTestStack, type TestStack } from './stack.ts';
import { runThinSlice } from './thin-slice.ts';

describe('thin slice on SQLite + Temporal dev server', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ database: 'sqlite' });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('turns a lost-deal webhook into exactly one alert naming the event', async () => {
    await runThinSlice(stack);
  });
});
