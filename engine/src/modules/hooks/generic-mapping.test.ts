// Generic mappings: the same CRM-like body mapped with JSON pointers and with JSONata, record selection, the type
// table, every validation error a sender or an editor can meet, and expressions written to hang or bloat the engine.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.ts';
import { parseGenericSource } from './generic.adapter.ts';
import { pointerMapping } from './generic-mapping.fixtures.ts';
import {
  applyMapping,
  type CompiledMapping,
  compileMapping,
  type GenericMapping,
  parseGenericSettings,
  pointerTokens,
  resolvePointer,
} from './generic-mapping.ts';

const body = {
  event: 'deals.batch',
  sent_at: '2026-11-02T10:05:00Z',
  data: {
    deals: [
      {
        id: 101,
        status: 'won',
        owner: { id: 7 },
        value: '1250.50',
        currency: 'EUR',
        closed_at: '2026-11-02T10:00:00Z',
        pipeline: 'sales',
      },
      { id: 102, status: 'open', owner: { id: 8 }, value: 99, closed_at: '2026-11-02T10:01:00Z', pipeline: 'sales' },
      { id: 103, status: 'lost', owner: null, value: null, closed_at: 1762077720, pipeline: 'renewals' },
    ],
  },
};

const jsonataMapping: GenericMapping = {
  language: 'jsonata',
  items: 'data.deals',
  fields: {
    id: 'id',
    type: 'status',
    employee: 'owner.id',
    occurredAt: 'closed_at',
    amount: 'value',
    currency: 'currency',
    attributes: { pipeline: 'pipeline', batch: '$body.event' },
  },
  types: { won: 'deal.won', lost: 'deal.lost', open: null },
};

function compiled(mapping: GenericMapping): CompiledMapping {
  const result = compileMapping(mapping);
  if (Array.isArray(result)) throw new Error(`does not compile: ${JSON.stringify(result)}`);
  return result;
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

function settingsRefusal(settings: unknown): AppError {
  try {
    parseGenericSettings(settings);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('the settings were accepted');
}

describe('mapping a CRM-like body', () => {
  const expected = [
    {
      externalId: '101',
      type: 'deal.won',
      occurredAt: new Date('2026-11-02T10:00:00Z'),
      externalEmployeeId: '7',
      amount: '1250.50',
      currency: 'EUR',
      attributes: { pipeline: 'sales' },
    },
    {
      externalId: '103',
      type: 'deal.lost',
      // epoch seconds are read as a time
      occurredAt: new Date(1762077720 * 1000),
      externalEmployeeId: null,
      amount: null,
      currency: null,
      attributes: { pipeline: 'renewals' },
    },
  ];

  it('with JSON pointers: selects the records, translates types and skips the ones the table drops', async () => {
    const result = await applyMapping(compiled(pointerMapping), body);
    expect(result.events).toEqual(expected);
    expect(result.skipped).toEqual([{ ref: 'records/1', reason: 'type "open" is skipped by the mapping' }]);
  });

  it('with JSONata: the same events, and $body reaches the whole delivery', async () => {
    const result = await applyMapping(compiled(jsonataMapping), body);
    expect(result.events).toEqual(
      expected.map((event) => ({ ...event, attributes: { ...event.attributes, batch: 'deals.batch' } })),
    );
    expect(result.skipped).toHaveLength(1);
  });

  it('JSONata computes values a pointer cannot: prefixed ids, converted times and amounts', async () => {
    const mapping = compiled({
      language: 'jsonata',
      items: 'data.deals[status = "won"]',
      fields: {
        id: '"deal-" & $string(id)',
        type: { const: 'deal.won' },
        employee: '$string(owner.id)',
        occurredAt: '$fromMillis($toMillis(closed_at) + 3600000)',
        amount: '$string($number(value) * 2)',
      },
    });
    const { events } = await applyMapping(mapping, body);
    expect(events.map((e) => [e.externalId, e.type, e.occurredAt.toISOString(), e.amount])).toEqual([
      ['deal-101', 'deal.won', '2026-11-02T11:00:00.000Z', '2501'],
    ]);
  });

  it('without items an array body is its records and an object body is one record', async () => {
    const mapping = compiled({
      language: 'pointer',
      fields: { id: '/id', type: { const: 'call.made' }, employee: '/user', occurredAt: '/at' },
    });
    const records = [
      { id: 'c1', user: 'u1', at: '2026-11-02T09:00:00+03:00' },
      { id: 'c2', user: 'u2', at: '2026-11-02T09:30:00+03:00' },
    ];
    expect(
      (await applyMapping(mapping, records)).events.map((e) => [e.externalId, e.type, e.externalEmployeeId]),
    ).toEqual([
      ['c1', 'call.made', 'u1'],
      ['c2', 'call.made', 'u2'],
    ]);
    expect((await applyMapping(mapping, records[0])).events.map((e) => e.externalId)).toEqual(['c1']);
  });

  it('an items expression that selects nothing stores nothing (a CRM ping is not an error)', async () => {
    const result = await applyMapping(compiled(pointerMapping), { event: 'ping' });
    expect(result).toEqual({ events: [], skipped: [] });
  });

  it('types missing from the table are kept as they are, or skipped when otherTypes says so', async () => {
    const kept = await refusal(
      applyMapping(compiled({ ...pointerMapping, types: { won: 'deal.won' } }), {
        data: { deals: [body.data.deals[1]] },
      }),
    );
    expect(kept.details).toEqual([
      {
        path: '/records/0/type',
        message: 'expected a dotted event type such as deal.won (mapping /fields/type: /status)',
      },
    ]);
    const skipped = await applyMapping(
      compiled({ ...pointerMapping, types: { won: 'deal.won' }, otherTypes: 'skip' }),
      body,
    );
    expect(skipped.events.map((e) => e.externalId)).toEqual(['101']);
    expect(skipped.skipped.map((s) => s.reason)).toEqual([
      'type "open" is not in the mapping\'s types',
      'type "lost" is not in the mapping\'s types',
    ]);
  });

  it('RFC 6901: escaped keys and array indexes; absent paths are undefined', () => {
    const doc = { 'a/b': { 'm~n': [10, 20] } };
    expect(resolvePointer(doc, pointerTokens('/a~1b/m~0n/1') as string[])).toBe(20);
    expect(resolvePointer(doc, pointerTokens('/a~1b/m~0n/01') as string[])).toBeUndefined();
    expect(resolvePointer(doc, pointerTokens('/a~1b/m~0n/-') as string[])).toBeUndefined();
    expect(resolvePointer(doc, pointerTokens('') as string[])).toBe(doc);
    // inherited properties are not part of a JSON document
    expect(resolvePointer({}, pointerTokens('/constructor') as string[])).toBeUndefined();
    expect(pointerTokens('a/b')).toBeNull();
    expect(pointerTokens('/a~2')).toBeNull();
  });
});

describe('a mapped record that breaks the event rules fails the delivery, naming the record and field', () => {
  const deal = body.data.deals[0] as Record<string, unknown>;
  const map = (records: Record<string, unknown>[]) =>
    refusal(applyMapping(compiled(pointerMapping), { data: { deals: records } }));

  it.each([
    ['id', { id: undefined }, 'the mapping found no value (mapping /fields/id: /id)'],
    ['id', { id: 1.5 }, expect.stringContaining('(mapping /fields/id: /id)')],
    ['occurredAt', { closed_at: 'yesterday' }, expect.stringContaining('(mapping /fields/occurredAt: /closed_at)')],
    ['occurredAt', { closed_at: undefined }, 'the mapping found no value (mapping /fields/occurredAt: /closed_at)'],
    ['amount', { value: '12,50' }, 'expected a decimal amount such as "1250.50" (mapping /fields/amount: /value)'],
    ['currency', { currency: 'euro' }, 'expected an ISO 4217 code such as RUB (mapping /fields/currency: /currency)'],
    ['employee', { owner: { id: { nested: true } } }, expect.stringContaining('(mapping /fields/employee: /owner/id)')],
  ])('%s: %j', async (field, change, message) => {
    const error = await map([deal, { ...deal, id: 999, ...change }]);
    expect(error.status).toBe(422);
    expect(error.code).toBe('webhook.invalid_body');
    expect(error.details).toEqual([{ path: `/records/1/${field}`, message }]);
  });

  it('a raw type without a table entry must itself be a dotted type', async () => {
    const error = await refusal(
      applyMapping(compiled({ ...pointerMapping, types: undefined }), { data: { deals: [deal] } }),
    );
    expect(error.details).toEqual([{ path: '/records/0/type', message: expect.stringContaining('dotted event type') }]);
  });

  it('every bad record is listed, not only the first', async () => {
    const error = await map([{ ...deal, value: 'x' }, deal, { ...deal, currency: 'eur' }]);
    expect((error.details as { path: string }[]).map((d) => d.path)).toEqual([
      '/records/0/amount',
      '/records/2/currency',
    ]);
  });

  it('a failing JSONata expression names the record and the expression', async () => {
    const mapping = compiled({ ...jsonataMapping, fields: { ...jsonataMapping.fields, amount: 'value + "x"' } });
    const error = await refusal(applyMapping(mapping, body));
    expect(error.code).toBe('webhook.mapping_failed');
    expect(error.details).toEqual([
      { path: '/records/0/amount', message: expect.stringContaining('(mapping /fields/amount: value + "x")') },
    ]);
  });

  it('more than 1000 records are refused', async () => {
    const records = Array.from({ length: 1001 }, (_, i) => ({ ...deal, id: i }));
    const error = await map(records);
    expect(error.code).toBe('webhook.too_many_records');
  });

  it('reserved keys in a body are refused before any mapping', async () => {
    const source = { id: 'crm', settings: { mapping: pointerMapping } };
    const raw = '{"data":{"deals":[{"id":1,"__proto__":{"admin":true}}]}}';
    const asJson = { get: (name: string) => (name === 'content-type' ? 'application/json' : undefined) };
    const error = await refusal(parseGenericSource(source, raw, asJson));
    expect([error.status, error.code]).toEqual([422, 'webhook.forbidden_key']);
    // spelled with an escape, too
    const escaped = await refusal(parseGenericSource(source, '{"\\u0063onstructor":{}}', asJson));
    expect(escaped.code).toBe('webhook.forbidden_key');
    // and in Yardstick's own shape, without a mapping
    const native = await refusal(parseGenericSource({ id: 'demo', settings: {} }, raw, asJson));
    expect(native.code).toBe('webhook.forbidden_key');
  });
});

describe('saving a mapping: every problem with its JSON pointer', () => {
  it.each([
    [{ mapping: { ...pointerMapping, language: 'xpath' } }, '/settings/mapping/language'],
    [{ mapping: { ...pointerMapping, fields: { ...pointerMapping.fields, id: 'id' } } }, '/settings/mapping/fields/id'],
    [{ mapping: { ...pointerMapping, items: 'data.deals' } }, '/settings/mapping/items'],
    [
      { mapping: { ...pointerMapping, fields: { ...pointerMapping.fields, type: undefined } } },
      '/settings/mapping/fields/type',
    ],
    [{ mapping: { ...pointerMapping, fields: { ...pointerMapping.fields, extra: '/x' } } }, '/settings/mapping/fields'],
    [
      { mapping: { ...pointerMapping, fields: { ...pointerMapping.fields, id: { const: [] } } } },
      '/settings/mapping/fields/id',
    ],
    [
      { mapping: { ...pointerMapping, fields: { ...pointerMapping.fields, attributes: { 'not a name': '/x' } } } },
      '/settings/mapping/fields/attributes/not a name',
    ],
    [{ mapping: { ...pointerMapping, types: { won: 'Won!' } } }, '/settings/mapping/types/won'],
    [
      { mapping: { ...jsonataMapping, fields: { ...jsonataMapping.fields, amount: 'value +' } } },
      '/settings/mapping/fields/amount',
    ],
    [
      {
        mapping: {
          ...jsonataMapping,
          fields: { ...jsonataMapping.fields, attributes: { stage: '$match(s, /(a+)+$/)' } },
        },
      },
      '/settings/mapping/fields/attributes/stage',
    ],
    [{ mapping: pointerMapping, other: true }, '/settings'],
  ])('%# → %s', (settings, path) => {
    const error = settingsRefusal(settings);
    expect([error.status, error.code]).toEqual([422, 'source.invalid_settings']);
    expect((error.details as { path: string }[]).map((d) => d.path)).toContain(path);
  });

  it('a JSONata syntax error says where', () => {
    const error = settingsRefusal({ mapping: { ...jsonataMapping, items: 'data.deals[' } });
    expect(error.details).toEqual([
      { path: '/settings/mapping/items', message: expect.stringMatching(/^JSONata: .*character/) },
    ]);
  });

  it('valid mappings and no mapping pass', () => {
    expect(parseGenericSettings({})).toEqual({});
    expect(parseGenericSettings({ mapping: pointerMapping }).mapping).toEqual(pointerMapping);
    expect(parseGenericSettings({ mapping: jsonataMapping }).mapping).toEqual(jsonataMapping);
  });
});

describe('hostile JSONata cannot hang or bloat the engine', () => {
  const run = (expression: string) =>
    refusal(
      applyMapping(
        compiled({ ...jsonataMapping, fields: { ...jsonataMapping.fields, attributes: { x: expression } } }),
        body,
      ),
    );

  it.each([
    ['endless recursion', '($f := function($n){ $f($n + 1) }; $f(0))'],
    ['an endless loop of work', '($f := function($n){ $n > 0 ? $f($n) + $f($n) : 0 }; $f(1))'],
    ['a huge range', '$count([1..5000000])'],
    ['a huge padded string', '$pad("x", 100000000)'],
    [
      'a doubling string',
      '($s := "xxxxxxxxxx"; $s := $s & $s & $s & $s; $s := $s & $s & $s & $s; $s := $s & $s & $s & $s; $s := $s & $s & $s & $s; $s & $s & $s & $s)',
    ],
    ['a regular expression through $eval', '$eval("$match(\\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\\", /(a+)+$/)")'],
  ])('%s fails the delivery with 422', async (_, expression) => {
    const error = await run(expression);
    expect(error.status).toBe(422);
    expect(error.code).toBe('webhook.mapping_failed');
    expect((error.details as { path: string }[])[0]?.path).toBe('/records/0/attributes/x');
  });
});
