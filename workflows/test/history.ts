// Workflow histories for the replay test. An integration test that runs a workflow on a real server passes
// its history here; with RECORD_HISTORIES=1 it is written to `histories/<name>.json` (commit it), so that
// `replay.int.test.ts` replays it against every later version of the workflow code.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';

export const historiesDir = fileURLToPath(new URL('./histories/', import.meta.url));

/** Fetches the history of a finished or running workflow and, when recording, stores it under `name`. */
export async function recordHistory(client: Client, workflowId: string, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  writeFileSync(`${historiesDir}${name}.json`, `${historyToJSON(history)}\n`);
}
