import { describe, expect, it } from 'vitest';
import { alertsFor } from './employee-events.workflow.ts';
import type { AlertRule, EventBatchContext } from './shared/index.ts';

const bigLoss: AlertRule = {
  id: 'big-deal-lost',
  name: { en: 'Big deal lost', ru: 'Потеряна крупная сделка' },
  on: ['deal.lost'],
  severity: 'critical',
  when: { '>=': [{ var: 'event.amount' }, 100000] },
  message: {
    en: '{{employee.name}} lost {{event.externalId}}',
    ru: '{{employee.name}}: потеряна {{event.externalId}}',
  },
};

const event = (id: string, type: string, amount: string | null) => ({
  event: {
    id,
    externalId: `x-${id}`,
    sourceId: 'demo',
    type,
    occurredAt: '2026-11-20T10:00:00.000Z',
    amount,
    currency: 'RUB',
    attributes: {},
  },
  period: { key: '2026-11', start: '2026-11-01', end: '2026-11-30' },
});

const context = (events: EventBatchContext['events']): EventBatchContext => ({
  employee: { id: 'e-1', name: 'Анна', role: 'sales', department: 'moscow-b2b', base_bonus: '60000.00' },
  schemes: [{ schemeVersionId: 'v-1', rules: [bigLoss] }],
  events,
  more: false,
});

describe('alertsFor', () => {
  it('fires only for the rule’s event types and threshold, with a key per rule, employee, period and event', () => {
    const alerts = alertsFor(
      context([
        event('1', 'deal.lost', '250000.00'),
        event('2', 'deal.lost', '99999.99'),
        event('3', 'deal.won', '500000.00'),
      ]),
    );
    expect(alerts).toEqual([
      {
        dedupeKey: 'v-1/big-deal-lost/e-1/2026-11/event:1',
        schemeVersionId: 'v-1',
        ruleId: 'big-deal-lost',
        ruleName: bigLoss.name,
        employeeId: 'e-1',
        period: '2026-11',
        severity: 'critical',
        message: { en: 'Анна lost x-1', ru: 'Анна: потеряна x-1' },
        causeEventId: '1',
      },
    ]);
  });

  it('does not fire when the amount is missing rather than treating it as zero or infinity', () => {
    expect(alertsFor(context([event('4', 'deal.lost', null)]))).toEqual([]);
  });
});
