// The demo company that `npm start` seeds into an empty database (see README for the external ids).
import { kpiCoefficients } from '@yardstick/rules';
import type { KpiLine, SchemeDefinition } from '@yardstick/workflows/shared';

export const DEMO_ADMIN = { email: 'admin@yardstick.demo', password: 'demo-admin', name: 'Demo Admin' } as const;
/** HR designs the motivation schemes: everything but users, sources and the audit log */
export const DEMO_HR = { email: 'hr@yardstick.demo', password: 'demo-hr', name: 'Demo HR' } as const;
/** one login per role that needs an employee: the head of moscow-b2b and one of her sales reps */
export const DEMO_USERS = [
  { email: 'manager@yardstick.demo', password: 'demo-manager', role: 'manager', crmId: 'crm-101' },
  { email: 'employee@yardstick.demo', password: 'demo-employee', role: 'employee', crmId: 'crm-102' },
] as const;
export const DEMO_SOURCE_ID = 'demo';

export const DEMO_DEPARTMENTS = [
  { key: 'moscow-b2b', name: 'Продажи B2B, Москва' },
  { key: 'spb-retail', name: 'Розница, Санкт-Петербург' },
] as const;

/** role `head_of_sales` manages the department; everyone else reports to them */
export const DEMO_EMPLOYEES = [
  { crmId: 'crm-101', name: 'Ирина Соколова', role: 'head_of_sales', department: 'moscow-b2b' },
  { crmId: 'crm-102', name: 'Алексей Смирнов', role: 'sales', department: 'moscow-b2b' },
  { crmId: 'crm-103', name: 'Мария Кузнецова', role: 'sales', department: 'moscow-b2b' },
  { crmId: 'crm-104', name: 'Дмитрий Попов', role: 'sales', department: 'moscow-b2b' },
  { crmId: 'crm-105', name: 'Ольга Васильева', role: 'sales', department: 'moscow-b2b' },
  { crmId: 'crm-106', name: 'Сергей Петров', role: 'sales', department: 'moscow-b2b' },
  { crmId: 'crm-107', name: 'Анна Новикова', role: 'sales', department: 'moscow-b2b' },
  { crmId: 'crm-108', name: 'Павел Морозов', role: 'sales', department: 'moscow-b2b' },
  { crmId: 'crm-109', name: 'Елена Волкова', role: 'head_of_sales', department: 'spb-retail' },
  { crmId: 'crm-110', name: 'Николай Лебедев', role: 'sales', department: 'spb-retail' },
  { crmId: 'crm-111', name: 'Татьяна Козлова', role: 'sales', department: 'spb-retail' },
  { crmId: 'crm-112', name: 'Андрей Егоров', role: 'sales', department: 'spb-retail' },
  { crmId: 'crm-113', name: 'Наталья Павлова', role: 'sales', department: 'spb-retail' },
  { crmId: 'crm-114', name: 'Михаил Семёнов', role: 'sales', department: 'spb-retail' },
  { crmId: 'crm-115', name: 'Юлия Голубева', role: 'sales', department: 'spb-retail' },
] as const;

export const DEMO_METRICS = [
  {
    key: 'won_amount',
    name: { en: 'Won deals, amount', ru: 'Сумма выигранных сделок' },
    aggregation: 'sum',
    field: 'amount',
    filter: { '==': [{ var: 'type' }, 'deal.won'] },
    unit: 'money',
  },
  {
    key: 'deals_won',
    name: { en: 'Won deals', ru: 'Выигранные сделки' },
    aggregation: 'count',
    field: null,
    filter: { '==': [{ var: 'type' }, 'deal.won'] },
    unit: 'count',
  },
  {
    key: 'deals_created',
    name: { en: 'Deals created', ru: 'Созданные сделки' },
    aggregation: 'count',
    field: null,
    filter: { '==': [{ var: 'type' }, 'deal.created'] },
    unit: 'count',
  },
  {
    key: 'conversion',
    name: { en: 'Conversion, won / created', ru: 'Конверсия, выигранные / созданные' },
    aggregation: 'ratio',
    field: null,
    filter: null,
    params: { numerator: 'deals_won', denominator: 'deals_created' },
    unit: 'percent',
  },
  {
    key: 'calls',
    name: { en: 'Calls made', ru: 'Звонки' },
    aggregation: 'count',
    field: null,
    filter: { '==': [{ var: 'type' }, 'call.completed'] },
    unit: 'count',
  },
] as const;

/** monthly plans per sales rep, by department: won amount (RUB), won deals, calls, conversion */
export const DEMO_PLANS: Record<string, Record<string, string>> = {
  'moscow-b2b': { won_amount: '2500000', deals_won: '8', calls: '120', conversion: '0.75' },
  'spb-retail': { won_amount: '1200000', deals_won: '14', calls: '150', conversion: '0.8' },
};

export const DEMO_SCHEME_NAME = { en: 'Sales team bonus', ru: 'Премия отдела продаж' };

/** the demo scheme's KPI card: attainment thresholds and caps per metric */
const DEMO_KPI_LINES: KpiLine[] = [
  { metric: 'won_amount', weight: 0.5, threshold: 0.8, cap: 1.2 },
  { metric: 'deals_won', weight: 0.2, threshold: 0.5, cap: 1.5 },
  { metric: 'calls', weight: 0.3, threshold: 0.7, cap: 1.1 },
];

export const DEMO_SCHEME_DEFINITION: SchemeDefinition = {
  scope: { departments: ['moscow-b2b', 'spb-retail'], roles: ['sales', 'head_of_sales'], employees: [] },
  periodKind: 'month',
  alertRules: [
    {
      id: 'big-deal-lost',
      name: { en: 'Big deal lost', ru: 'Потеряна крупная сделка' },
      on: ['deal.lost'],
      severity: 'critical',
      when: {
        and: [{ '==': [{ var: 'event.type' }, 'deal.lost'] }, { '>=': [{ var: 'event.amount' }, 100000] }],
      },
      message: {
        en: '{{employee.name}} lost deal {{event.externalId}} worth {{event.amount}} {{event.currency}}',
        ru: '{{employee.name}}: потеряна сделка {{event.externalId}} на {{event.amount}} {{event.currency}}',
      },
    },
  ],
  kpis: DEMO_KPI_LINES,
  // «KPI-коэффициенты»: base bonus × Σ weight × achievement
  payout: kpiCoefficients({
    lines: DEMO_KPI_LINES.map((l) => ({ metric: l.metric, weight: l.weight, threshold: l.threshold, cap: l.cap })),
    currency: 'RUB',
  }),
  currency: 'RUB',
  reviewPolicy: { required: true, reviewerRole: 'manager', deadlineDays: 5 },
  leaderboard: 'bands',
  proration: 'none',
  goldenCases: [
    {
      name: 'on plan, won amount 110%',
      context: {
        employee: { base_bonus: '60000.00' },
        kpi: {
          won_amount: { actual: 2_750_000, plan: 2_500_000 },
          deals_won: { actual: 8, plan: 8 },
          calls: { actual: 120, plan: 120 },
        },
      },
      // 0.5 × 1.1 + 0.2 × 1 + 0.3 × 1 = 1.05
      expected: { payout: '63000.00', currency: 'RUB' },
    },
    {
      name: 'won amount below its threshold',
      context: {
        employee: { base_bonus: '60000.00' },
        kpi: {
          won_amount: { actual: 1_840_000, plan: 2_500_000 },
          deals_won: { actual: 5, plan: 8 },
          calls: { actual: 100, plan: 120 },
        },
      },
      // 0.5 × 0 (73.6% < 80%) + 0.2 × 0.625 + 0.3 × 0.8333 = 0.375
      expected: { payout: '22500.00', currency: 'RUB' },
    },
    {
      name: 'every line capped',
      context: {
        employee: { base_bonus: '60000.00' },
        kpi: {
          won_amount: { actual: 4_000_000, plan: 2_500_000 },
          deals_won: { actual: 20, plan: 8 },
          calls: { actual: 200, plan: 120 },
        },
      },
      // 0.5 × 1.2 + 0.2 × 1.5 + 0.3 × 1.1 = 1.23
      expected: { payout: '73800.00', currency: 'RUB' },
    },
  ],
};
