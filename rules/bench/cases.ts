// The benchmark's four cases. Each has our rule (with KPI operations where they fit), the same
// logic in core JSON-logic for json-logic-js and json-logic-engine (which lack tier/scale/pct/money),
// and the same logic hand-written in JavaScript.
import { Decimal } from 'decimal.js';
import type { EmployeeContext } from './contexts.ts';

type Hand = (c: EmployeeContext) => unknown;

export interface BenchCase {
  name: string;
  /** Rules evaluated per employee */
  rules: unknown[];
  /** The same logic in core JSON-logic */
  core: unknown[];
  hand: Hand;
}

const v = (path: string) => ({ var: path });
const att = (k: string) => v(`kpi.${k}.attainment`);

// ---- single rules

const threshold = { '>=': [att('won_amount'), 1] };

const tieredRule = {
  tier: [
    att('won_amount'),
    [
      [0, 0],
      [0.8, 20_000],
      [1, 40_000],
      [1.2, 60_000],
    ],
  ],
};
const tieredCore = {
  if: [
    { '>=': [att('won_amount'), 1.2] },
    60_000,
    { '>=': [att('won_amount'), 1] },
    40_000,
    { '>=': [att('won_amount'), 0.8] },
    20_000,
    0,
  ],
};

const alert = {
  and: [
    { '==': [v('event.type'), 'deal.lost'] },
    { '>=': [v('event.amount'), 100_000] },
    { in: [v('employee.role'), ['sales', 'lead']] },
  ],
};

// ---- a 20-rule scheme per employee

const LINES: [string, number, number, number][] = [
  // metric, weight, threshold, cap
  ['won_amount', 0.4, 0.8, 1.2],
  ['calls', 0.2, 0.7, 1.1],
  ['meetings', 0.1, 0.7, 1.2],
  ['conversion', 0.1, 0.9, 1.1],
  ['new_leads', 0.05, 0.5, 1.5],
  ['avg_check', 0.05, 0.8, 1.2],
  ['tasks_done', 0.05, 0.9, 1.0],
  ['response', 0.05, 0.6, 1.3],
];

const scaleRule = ([k, , t, c]: (typeof LINES)[number]) => ({ scale: [att(k), t, 1, c] });
const scaleCore = ([k, , t, c]: (typeof LINES)[number]) => ({ if: [{ '<': [att(k), t] }, 0, { min: [att(k), c] }] });

const payoutRule = {
  money: [{ '*': [v('employee.base_bonus'), { weighted: LINES.map((l) => [l[1], scaleRule(l)]) }] }, 'RUB'],
};
const payoutCore = { '*': [v('employee.base_bonus'), { '+': LINES.map((l) => ({ '*': [l[1], scaleCore(l)] })) }] };

const alerts = [
  alert,
  // plan at risk: behind pace with under ten working days left
  {
    and: [
      { '<': [att('won_amount'), { '*': [v('period.elapsed_share'), 0.8] }] },
      { '<': [v('period.working_days_left'), 10] },
    ],
  },
  { '>': [{ '-': [v('kpi.tasks_done.plan'), v('kpi.tasks_done.actual')] }, 1_000_000] },
  { '<': [att('conversion'), 0.5] },
  { '==': [v('kpi.calls.actual'), 0] },
  { '<': [v('kpi.won_amount.forecast'), { '*': [v('kpi.won_amount.plan'), 0.9] }] },
];

const gradeRule = {
  tier: [
    att('won_amount'),
    [
      [0.8, 'bronze'],
      [1, 'silver'],
      [1.2, 'gold'],
    ],
  ],
};
const gradeCore = {
  if: [
    { '>=': [att('won_amount'), 1.2] },
    'gold',
    { '>=': [att('won_amount'), 1] },
    'silver',
    { '>=': [att('won_amount'), 0.8] },
    'bronze',
    null,
  ],
};
const rateRule = {
  tier: [
    att('new_leads'),
    [
      [0, 0.01],
      [0.9, 0.02],
      [1.1, 0.03],
    ],
  ],
};
const rateCore = { if: [{ '>=': [att('new_leads'), 1.1] }, 0.03, { '>=': [att('new_leads'), 0.9] }, 0.02, 0.01] };
const shareRule = { pct: [v('kpi.won_amount.actual'), v('team.kpi.won_amount.actual')] };
const shareCore = {
  if: [
    { '!': [v('team.kpi.won_amount.actual')] },
    0,
    { '/': [v('kpi.won_amount.actual'), v('team.kpi.won_amount.actual')] },
  ],
};
const clampRule = { clamp: [att('won_amount'), 0, 1.5] };
const clampCore = { max: [0, { min: [att('won_amount'), 1.5] }] };
const missingRule = { missing: ['kpi.won_amount.plan', 'employee.base_bonus'] };

const schemeRules = [
  payoutRule,
  ...LINES.map(scaleRule),
  ...alerts,
  gradeRule,
  rateRule,
  shareRule,
  clampRule,
  missingRule,
];
const schemeCore = [
  payoutCore,
  ...LINES.map(scaleCore),
  ...alerts,
  gradeCore,
  rateCore,
  shareCore,
  clampCore,
  missingRule,
];

// ---- hand-written

const scaleHand = (a: number, t: number, c: number) => (a < t ? 0 : Math.min(a, c));
const linesHand = LINES.map(([k, w, t, c]) => ({ k, w, t, c }));

function schemeHand(c: EmployeeContext, out: unknown[], float = false): void {
  const k = c.kpi as Record<string, { actual: number; plan: number; attainment: number; forecast: number }>;
  let weighted = 0;
  let i = 1;
  for (const line of linesHand) {
    const s = scaleHand((k[line.k] as { attainment: number }).attainment, line.t, line.c);
    weighted += line.w * s;
    out[i++] = s;
  }
  const coefficient = Math.round(weighted * 1e12) / 1e12;
  out[0] = float
    ? Number(c.employee.base_bonus) * coefficient
    : new Decimal(c.employee.base_bonus).times(coefficient).toFixed(2, Decimal.ROUND_HALF_UP);
  const won = k.won_amount as { actual: number; plan: number; attainment: number; forecast: number };
  out[9] =
    c.event.type === 'deal.lost' &&
    c.event.amount >= 100_000 &&
    (c.employee.role === 'sales' || c.employee.role === 'lead');
  out[10] = won.attainment < c.period.elapsed_share * 0.8 && c.period.working_days_left < 10;
  out[11] = (k.tasks_done as { plan: number }).plan - (k.tasks_done as { actual: number }).actual > 1_000_000;
  out[12] = (k.conversion as { attainment: number }).attainment < 0.5;
  out[13] = (k.calls as { actual: number }).actual === 0;
  out[14] = won.forecast < won.plan * 0.9;
  const a = won.attainment;
  out[15] = a >= 1.2 ? 'gold' : a >= 1 ? 'silver' : a >= 0.8 ? 'bronze' : null;
  const l = (k.new_leads as { attainment: number }).attainment;
  out[16] = l >= 1.1 ? 0.03 : l >= 0.9 ? 0.02 : 0.01;
  const team = c.team.kpi.won_amount.actual;
  out[17] = team === 0 ? 0 : won.actual / team;
  out[18] = Math.min(Math.max(a, 0), 1.5);
  const missing: string[] = [];
  if (won.plan === null || won.plan === undefined) missing.push('kpi.won_amount.plan');
  if (!c.employee.base_bonus) missing.push('employee.base_bonus');
  out[19] = missing;
}

const schemeOut: unknown[] = new Array(20);

// The same scheme with the payout in binary floating point, as the reference engines compute it:
// like-for-like against json-logic-engine, at the price of cent errors our money operation avoids.
const floatPayoutRule = { '*': [v('employee.base_bonus'), { weighted: LINES.map((l) => [l[1], scaleRule(l)]) }] };
const floatSchemeRules = [floatPayoutRule, ...schemeRules.slice(1)];
const floatOut: unknown[] = new Array(20);

export const cases: BenchCase[] = [
  {
    name: 'threshold rule',
    rules: [threshold],
    core: [threshold],
    hand: (c) => (c.kpi.won_amount as { attainment: number }).attainment >= 1,
  },
  {
    name: 'tiered payout',
    rules: [tieredRule],
    core: [tieredCore],
    hand: (c) => {
      const a = (c.kpi.won_amount as { attainment: number }).attainment;
      return a >= 1.2 ? 60_000 : a >= 1 ? 40_000 : a >= 0.8 ? 20_000 : 0;
    },
  },
  {
    name: 'compound alert',
    rules: [alert],
    core: [alert],
    hand: (c) =>
      c.event.type === 'deal.lost' &&
      c.event.amount >= 100_000 &&
      (c.employee.role === 'sales' || c.employee.role === 'lead'),
  },
  {
    name: '20-rule scheme',
    rules: schemeRules,
    core: schemeCore,
    hand: (c) => {
      schemeHand(c, schemeOut);
      return schemeOut;
    },
  },
  {
    name: '20-rule scheme, float payout',
    rules: floatSchemeRules,
    core: schemeCore,
    hand: (c) => {
      schemeHand(c, floatOut, true);
      return floatOut;
    },
  },
];
