// The registry: every operation the language knows, by name.
import { coreOperations } from './core.ts';
import { extensionOperations } from './extensions.ts';
import { kpiOperations } from './kpi.ts';
import { decimalArithmetic, moneyOperations } from './money.ts';
import type { OperationDescriptor } from './types.ts';

const all: OperationDescriptor[] = [
  ...coreOperations,
  ...extensionOperations,
  ...kpiOperations,
  ...moneyOperations,
].map((descriptor) => {
  const compileDecimal = decimalArithmetic[descriptor.name];
  return compileDecimal ? { ...descriptor, compileDecimal } : descriptor;
});

export const operations: ReadonlyMap<string, OperationDescriptor> = new Map(all.map((d) => [d.name, d]));

/** The operations for documentation and the studio's palette. */
export function listOperations() {
  return all.map(({ name, group, arity, summary, origin }) => ({
    name,
    group,
    arity: { min: arity[0], max: Number.isFinite(arity[1]) ? arity[1] : null },
    summary,
    origin,
  }));
}

export type { OperationDescriptor };
