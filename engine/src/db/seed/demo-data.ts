// The demo company that `npm start` seeds into an empty database (see README for the external ids).
import type { SchemeDefinition } from '@yardstick/workflows/shared';

export const DEMO_ADMIN = { email: 'admin@yardstick.demo', password: 'demo-admin', name: 'Demo Admin' } as const;
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
  kpis: [],
  payout: null,
};
