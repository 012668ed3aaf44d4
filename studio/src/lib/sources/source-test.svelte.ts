// One "try this sample" run at a time against a source's test endpoint: the latest answer wins, so a
// slow early run cannot overwrite a later one while the mapping editor re-runs as the user types.
import { isRedirect } from '@sveltejs/kit';
import { testSource } from '../api/sources.ts';
import type { SourceTestRequest, SourceTestResult, ValidationIssue } from '../api/types.ts';
import { type ErrorInfo, toErrorInfo } from '../errors/error-message.ts';
import { handleError } from '../errors/handle-error.ts';
import { validationIssues } from './test-payload.ts';

export interface TestFailure {
  error: ErrorInfo;
  issues: ValidationIssue[];
}

export class SourceTest {
  result = $state.raw<SourceTestResult | null>(null);
  failure = $state.raw<TestFailure | null>(null);
  running = $state(false);
  #latest = 0;

  async run(sourceId: string, request: SourceTestRequest): Promise<void> {
    const run = ++this.#latest;
    this.running = true;
    try {
      const result = await testSource(sourceId, request);
      if (run !== this.#latest) return;
      this.result = result;
      this.failure = null;
    } catch (error) {
      if (isRedirect(error)) {
        await handleError(error, 'test source');
        return;
      }
      if (run !== this.#latest) return;
      this.result = null;
      this.failure = { error: toErrorInfo(error), issues: validationIssues(error) };
    } finally {
      if (run === this.#latest) this.running = false;
    }
  }

  clear(): void {
    this.#latest++;
    this.result = null;
    this.failure = null;
    this.running = false;
  }
}
