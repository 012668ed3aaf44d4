// The pilot comparison: a pilot version's shadow evaluations beside the active version's, per employee.
import { api, type CallOptions, call, init, type Schema } from './client.ts';

export type PilotDiff = Schema<'PilotDiff'>;
export type PilotDiffItem = PilotDiff['items'][number];
export type PilotDiffSide = NonNullable<Schema<'PilotDiffSide'>>;

/** 409 `scheme.no_pilot` when the scheme has no version in pilot; 422 for a period not of the pilot's kind. */
export function getPilotDiff(schemeId: string, period: string, options: CallOptions = {}): Promise<PilotDiff> {
  return call(
    api.GET('/api/schemes/{id}/pilot-diff', {
      params: { path: { id: schemeId }, query: { period } },
      ...init(options),
    }),
  );
}
