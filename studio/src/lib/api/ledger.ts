// The bonus ledger: lines by filter, an employee's statement (the context of a line under review), the
// payroll CSV's address, and what the ledger's filters offer (departments, schemes).
import { api, type CallOptions, call, init, query, type Schema } from './client.ts';

export type BonusRecord = Schema<'BonusRecord'>;
export type BonusStatus = BonusRecord['status'];
export type BonusKind = BonusRecord['kind'];
export type Department = Schema<'Department'>;

export const BONUS_STATUSES = [
  'proposed',
  'approved',
  'exported',
  'rejected',
] as const satisfies readonly BonusStatus[];
export const BONUS_KINDS = ['payout', 'adjustment', 'clawback', 'spiff'] as const satisfies readonly BonusKind[];

export interface BonusFilter {
  period?: string;
  status?: BonusStatus;
  kind?: BonusKind;
  employee?: string;
  department?: string;
  scheme?: string;
}

/** The most lines one answer holds (the engine's bound); a full page means there may be more. */
export const BONUS_PAGE_LIMIT = 5000;

/** Lines paid or to be paid: a pilot's shadow lines are left out (they are never exported). */
export async function listBonuses(filter: BonusFilter = {}, options: CallOptions = {}): Promise<BonusRecord[]> {
  const { items } = await call(
    api.GET('/api/bonuses', {
      params: { query: { ...query(filter), shadow: 'false', limit: BONUS_PAGE_LIMIT } },
      ...init(options),
    }),
  );
  return items;
}

export function getStatement(employeeId: string, period: string | undefined, options: CallOptions = {}) {
  return call(
    api.GET('/api/employees/{id}/statement', {
      params: { path: { id: employeeId }, query: query({ period }) },
      ...init(options),
    }),
  );
}

/** The payroll export of a period: a plain link (the browser downloads it with the session cookie). */
export function exportCsvHref(period: string): string {
  return `/api/bonuses/export.csv?${new URLSearchParams({ period })}`;
}

export async function listDepartments(options: CallOptions = {}): Promise<Department[]> {
  const { items } = await call(api.GET('/api/departments', init(options)));
  return items;
}

export async function listSchemes(options: CallOptions = {}) {
  const { items } = await call(api.GET('/api/schemes', init(options)));
  return items;
}

/** An employee's statement as the engine answers it (lines with their evaluation and review). */
export type Statement = Awaited<ReturnType<typeof getStatement>>;
export type StatementLine = Statement['lines'][number];
export type Scheme = Awaited<ReturnType<typeof listSchemes>>[number];
