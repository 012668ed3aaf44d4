// Determinism guard: every recorded history in `histories/` is replayed against the current workflow
// code. A change that would make running workflows fail on their next task (a reordered activity, a
// removed timer, a renamed signal) fails here, in CI, instead of in production. Record new histories
// with `RECORD_HISTORIES=1 npx vitest run <the integration test>` and keep the old ones while workflows
// started by the old code may still run (use `patched()` for the change).
import { readdirSync, readFileSync } from 'node:fs';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { workflowsPath } from '../src/worker.ts';
import { historiesDir } from './history.ts';

const files = readdirSync(historiesDir).filter((f) => f.endsWith('.json'));

describe('workflow histories replay against the current code', () => {
  it('has a recorded history for every workflow the worker registers', async () => {
    const registered = Object.keys(await import('../src/workflows.ts'));
    const recorded = new Set(
      files.map((f) => {
        const history = historyFromJSON(JSON.parse(readFileSync(`${historiesDir}${f}`, 'utf8')));
        return history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name as string;
      }),
    );
    expect(registered.filter((name) => !recorded.has(name))).toEqual([]);
  });

  it.each(files)('%s', async (file) => {
    const history = JSON.parse(readFileSync(`${historiesDir}${file}`, 'utf8'));
    await Worker.runReplayHistory({ workflowsPath, replayName: file }, history, file.replace(/\.json$/, ''));
  });
});
