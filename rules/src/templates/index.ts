// The ready-made KPI cards, in both flavours the first users ask for.
import { kpiCoefficientsTemplate } from './kpi-coefficients.ts';
import { salaryPlusCommissionTemplate } from './salary-plus-commission.ts';
import type { KpiCardTemplate } from './types.ts';

export { type KpiCoefficientsOptions, type KpiLine, kpiCoefficients } from './kpi-coefficients.ts';
export { type SalaryPlusCommissionOptions, salaryPlusCommission } from './salary-plus-commission.ts';
export type { KpiCardTemplate };

export const kpiCardTemplates: readonly KpiCardTemplate[] = [salaryPlusCommissionTemplate, kpiCoefficientsTemplate];
