import { describe, expect, it } from 'vitest';
import type { GenericMapping } from '../api/types.ts';
import { emptyMappingForm, mappingFromForm, mappingToForm, withMapping } from './generic-mapping.ts';

const stored: GenericMapping = {
  language: 'jsonata',
  items: 'payload.deals',
  fields: {
    id: 'dealId',
    type: 'status',
    employee: 'owner.login',
    occurredAt: 'closedAt',
    amount: 'sum',
    currency: { const: 'RUB' },
    attributes: { pipeline: 'pipeline.name', channel: { const: 'web' } },
  },
  types: { WON: 'deal.won', LOST: 'deal.lost', DRAFT: null },
  otherTypes: 'skip',
};

describe('generic mapping form', () => {
  it('round-trips a stored mapping, fixed values and skipped types included', () => {
    const form = mappingToForm({ mapping: stored });
    expect(form.enabled).toBe(true);
    expect(form.fields.currency).toEqual({ text: 'RUB', fixed: true });
    expect(form.types).toEqual([
      { raw: 'WON', type: 'deal.won', skip: false },
      { raw: 'LOST', type: 'deal.lost', skip: false },
      { raw: 'DRAFT', type: '', skip: true },
    ]);
    expect(mappingFromForm(form)).toEqual({ ok: true, mapping: stored });
  });

  it('starts switched off, reading Yardstick’s own shape, for a source without a mapping', () => {
    const form = mappingToForm({});
    expect(form.enabled).toBe(false);
    expect(form.fields.id).toEqual({ text: '/id', fixed: false });
    expect(mappingFromForm(form)).toEqual({ ok: true, mapping: null });
  });

  it('leaves out empty optional fields and blank rows', () => {
    const form = { ...emptyMappingForm('pointer'), enabled: true };
    form.attributes = [{ name: '', text: '', fixed: false }];
    form.types = [{ raw: ' won ', type: ' deal.won ', skip: false }];
    expect(mappingFromForm(form)).toEqual({
      ok: true,
      mapping: {
        language: 'pointer',
        fields: { id: '/id', type: '/type', employee: '/employee', occurredAt: '/occurredAt' },
        types: { won: 'deal.won' },
      },
    });
  });

  it('reports what the engine would refuse, where it is', () => {
    const form = { ...emptyMappingForm('pointer'), enabled: true };
    form.fields = { ...form.fields, id: { text: '', fixed: false }, amount: { text: 'amount', fixed: false } };
    form.items = 'events';
    form.attributes = [
      { name: 'stage', text: '/stage', fixed: false },
      { name: 'stage', text: '/pipeline/stage', fixed: false },
      { name: '', text: '/x', fixed: false },
      { name: 'bad-name', text: '/y', fixed: false },
    ];
    form.types = [
      { raw: 'WON', type: '', skip: false },
      { raw: 'LOST', type: 'Lost', skip: false },
    ];
    expect(mappingFromForm(form)).toEqual({
      ok: false,
      problems: {
        'fields.id': 'required',
        'fields.amount': 'pointer',
        items: 'pointer',
        'attributes.1.name': 'duplicate',
        'attributes.2.name': 'nameMissing',
        'attributes.3.name': 'attributeName',
        'types.0.type': 'required',
        'types.1.type': 'eventType',
      },
    });
  });

  it('takes any expression in JSONata, and any fixed value in either language', () => {
    const jsonata = { ...emptyMappingForm('jsonata'), enabled: true };
    jsonata.fields.amount = { text: '$number(price) / 100', fixed: false };
    expect(mappingFromForm(jsonata).ok).toBe(true);
    const pointer = { ...emptyMappingForm('pointer'), enabled: true };
    pointer.fields.type = { text: 'deal.won', fixed: true };
    expect(mappingFromForm(pointer)).toMatchObject({ ok: true, mapping: { fields: { type: { const: 'deal.won' } } } });
  });

  it('replaces or removes the mapping and keeps the other settings', () => {
    expect(withMapping({ mapping: stored, other: 1 }, null)).toEqual({ other: 1 });
    expect(withMapping({ other: 1 }, stored)).toEqual({ other: 1, mapping: stored });
  });
});
