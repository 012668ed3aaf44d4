import { describe, expect, it } from 'vitest';
import { emptyMappingForm, mappingFromForm, mappingToForm, withMapping } from './generic-mapping.ts';

const stored = {
  language: 'jsonata' as const,
  items: 'payload.deals',
  fields: {
    id: 'dealId',
    type: 'status',
    employee: 'owner.login',
    occurredAt: 'closedAt',
    amount: 'sum',
    attributes: { pipeline: 'pipeline.name' },
  },
  types: { WON: 'deal.won', LOST: 'deal.lost' },
};

describe('generic mapping form', () => {
  it('round-trips a stored mapping', () => {
    const form = mappingToForm({ mapping: stored });
    expect(form.enabled).toBe(true);
    expect(form.fields.currency).toBe('');
    expect(form.types).toEqual([
      { key: 'WON', value: 'deal.won' },
      { key: 'LOST', value: 'deal.lost' },
    ]);
    expect(mappingFromForm(form)).toEqual({ ok: true, mapping: stored });
  });

  it('starts switched off, reading Yardstick’s own shape, for a source without a mapping', () => {
    const form = mappingToForm({});
    expect(form.enabled).toBe(false);
    expect(form.fields.id).toBe('/id');
    expect(mappingFromForm(form)).toEqual({ ok: true, mapping: null });
  });

  it('leaves out empty optional fields and blank rows', () => {
    const form = { ...emptyMappingForm('pointer'), enabled: true };
    form.attributes = [{ key: '', value: '' }];
    form.types = [{ key: ' won ', value: ' deal.won ' }];
    expect(mappingFromForm(form)).toEqual({
      ok: true,
      mapping: {
        language: 'pointer',
        fields: { id: '/id', type: '/type', employee: '/employee', occurredAt: '/occurredAt' },
        types: { won: 'deal.won' },
      },
    });
  });

  it('reports missing required fields, pointers without a slash, unnamed and repeated rows', () => {
    const form = { ...emptyMappingForm('pointer'), enabled: true };
    form.fields = { ...form.fields, id: '', amount: 'amount' };
    form.items = 'events';
    form.attributes = [
      { key: 'stage', value: '/stage' },
      { key: 'stage', value: '/pipeline/stage' },
      { key: '', value: '/x' },
    ];
    form.types = [{ key: 'WON', value: '' }];
    expect(mappingFromForm(form)).toEqual({
      ok: false,
      problems: {
        'fields.id': 'required',
        'fields.amount': 'pointer',
        items: 'pointer',
        'attributes.1.key': 'duplicate',
        'attributes.2.key': 'nameMissing',
        'types.0.value': 'required',
      },
    });
  });

  it('accepts any expression in JSONata, where a slash is not required', () => {
    const form = { ...emptyMappingForm('jsonata'), enabled: true };
    form.fields.amount = '$number(price) / 100';
    expect(mappingFromForm(form).ok).toBe(true);
  });

  it('replaces or removes the mapping and keeps the other settings', () => {
    expect(withMapping({ mapping: stored, other: 1 }, null)).toEqual({ other: 1 });
    expect(withMapping({ other: 1 }, stored)).toEqual({ other: 1, mapping: stored });
  });
});
