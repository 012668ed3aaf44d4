import { describe, expect, it } from 'vitest';
import type { Metric } from '../api/metrics.ts';
import {
  attributeKeysOf,
  checkForm,
  createBody,
  emptyForm,
  formOf,
  inUseReason,
  patchBody,
  placeProblems,
} from './metric-form.ts';

const wonAmount: Metric = {
  id: 'm1',
  key: 'won_amount',
  name: { en: 'Won deals, amount', ru: 'Сумма выигранных сделок' },
  aggregation: 'sum',
  field: 'amount',
  filter: { and: [{ '==': [{ var: 'type' }, 'deal.won'] }, { '==': [{ var: 'attributes.pipeline' }, 'b2b'] }] },
  params: null,
  unit: 'money',
  direction: 'higher',
  thresholds: { onTrack: 1, atRisk: 0.8 },
  visibility: 'full',
  createdAt: '2026-10-01T00:00:00Z',
  updatedAt: '2026-10-01T00:00:00Z',
};

describe('metric form', () => {
  it('edits a metric and sends back the same definition', () => {
    const form = formOf(wonAmount);
    expect(form.onTrack).toBe('100');
    expect(form.atRisk).toBe('80');
    expect(patchBody(form)).toEqual({
      name: wonAmount.name,
      aggregation: 'sum',
      field: 'amount',
      filter: wonAmount.filter,
      params: null,
      unit: 'money',
      direction: 'higher',
      thresholds: { onTrack: 1, atRisk: 0.8 },
      visibility: 'full',
    });
  });

  it('sends only what the aggregation uses: a ratio has metric keys and no field or filter', () => {
    const form = {
      ...emptyForm(),
      key: 'conv',
      nameEn: 'Conversion',
      nameRu: 'Конверсия',
      aggregation: 'ratio' as const,
    };
    form.field = 'amount';
    form.numerator = 'deals_won';
    form.denominator = 'deals_created';
    expect(createBody(form)).toMatchObject({
      key: 'conv',
      field: null,
      filter: null,
      params: { numerator: 'deals_won', denominator: 'deals_created' },
    });
  });

  it('catches a bad key, missing names and thresholds in the wrong order before sending', () => {
    const form = { ...emptyForm(), key: 'Won Amount', nameEn: 'x', atRisk: '120' };
    expect(checkForm(form, true)).toEqual([
      { path: '/key', key: 'keyFormat' },
      { path: '/name/ru', key: 'required' },
      { path: '/thresholds/atRisk', key: 'thresholdOrder' },
    ]);
    expect(checkForm({ ...form, key: 'won' }, false).map((p) => p.path)).not.toContain('/key');
  });

  it('puts the engine’s problems under their field, inside the filter, or above the form', () => {
    expect(
      placeProblems([
        { path: '/field', message: 'sum needs a field' },
        { path: '/filter/and/0/==/0', message: 'An event has no "stage"' },
        { path: '/params/rule/+/0', message: 'unknown metric' },
        { path: '/other', message: 'odd' },
      ]),
    ).toEqual({
      fields: { '/field': 'sum needs a field' },
      filter: [{ path: '/and/0/==/0', message: 'An event has no "stage"' }],
      formula: [{ path: '/+/0', message: 'unknown metric' }],
      other: [{ path: '/other', message: 'odd' }],
    });
  });

  it('lists the attributes the catalog reads, and why a metric cannot be deleted', () => {
    expect(attributeKeysOf([wonAmount, { field: 'attributes.margin', filter: null, params: null }])).toEqual([
      'margin',
      'pipeline',
    ]);
    expect(inUseReason({ key: 'x', plans: 3 })).toEqual({ plans: 3 });
    expect(inUseReason({ key: 'x', metrics: ['conversion'] })).toEqual({ metrics: ['conversion'] });
    expect(inUseReason(null)).toBeNull();
  });
});
