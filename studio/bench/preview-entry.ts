// Bundled for Chromium by bench/preview.ts: the designer's live preview (compiled rules, one pass)
// and, as the baseline, the plain per-employee evaluation with traces that the engine's simulate uses.
import {
  type EvaluationContext,
  evaluateSchemeForEmployee,
  type SchemeDefinition,
} from '@yardstick/workflows/evaluation';
import { type PreviewInput, previewScheme } from '../src/lib/schemes/preview.ts';

export interface Timings {
  preview: number[];
  baseline: number[];
  total: string;
}

export function measure(definition: SchemeDefinition, participants: PreviewInput[], rounds: number): Timings {
  const preview: number[] = [];
  const baseline: number[] = [];
  let total = '';
  for (let round = 0; round < rounds; round++) {
    let started = performance.now();
    total = previewScheme(definition, participants, { currency: definition.currency ?? 'RUB' }).totals.payout;
    preview.push(performance.now() - started);
    started = performance.now();
    for (const p of participants) evaluateSchemeForEmployee(definition, p.context as EvaluationContext);
    baseline.push(performance.now() - started);
  }
  return { preview, baseline, total };
}
