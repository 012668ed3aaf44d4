// The mapping editor of a generic source, as plain data: the form (one text per field, rows for
// attributes and type names) and its conversion to and from `settings.mapping`, which tells the
// engine how to read events out of a body that is not in Yardstick's own shape.
import type { GenericMapping, MappingLanguage } from '../api/types.ts';

export const MAPPED_FIELDS = ['id', 'type', 'employee', 'occurredAt', 'amount', 'currency'] as const;
export type MappedField = (typeof MAPPED_FIELDS)[number];

export const REQUIRED_FIELDS: ReadonlySet<MappedField> = new Set(['id', 'type', 'employee', 'occurredAt']);

export interface MappingRow {
  key: string;
  value: string;
}

export interface MappingForm {
  /** Off: the source takes Yardstick's own event shape and `settings.mapping` is removed. */
  enabled: boolean;
  language: MappingLanguage;
  items: string;
  fields: Record<MappedField, string>;
  /** attribute name → expression */
  attributes: MappingRow[];
  /** the sender's type name → Yardstick event type */
  types: MappingRow[];
}

/** A starting point that reads Yardstick's own shape, in either language. */
export function emptyMappingForm(language: MappingLanguage = 'pointer'): MappingForm {
  const fields: Record<MappedField, string> =
    language === 'pointer'
      ? { id: '/id', type: '/type', employee: '/employee', occurredAt: '/occurredAt', amount: '', currency: '' }
      : { id: 'id', type: 'type', employee: 'employee', occurredAt: 'occurredAt', amount: '', currency: '' };
  return { enabled: false, language, items: '', fields, attributes: [], types: [] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rows(record: unknown): MappingRow[] {
  if (!isObject(record)) return [];
  return Object.entries(record).map(([key, value]) => ({ key, value: typeof value === 'string' ? value : '' }));
}

/** The form for a source's settings; a source without a mapping gets the disabled starting point. */
export function mappingToForm(settings: Record<string, unknown>): MappingForm {
  const mapping = settings.mapping;
  if (!isObject(mapping) || !isObject(mapping.fields)) return emptyMappingForm();
  const language: MappingLanguage = mapping.language === 'jsonata' ? 'jsonata' : 'pointer';
  const source = mapping.fields;
  const fields = Object.fromEntries(
    MAPPED_FIELDS.map((name) => [name, typeof source[name] === 'string' ? source[name] : '']),
  ) as Record<MappedField, string>;
  return {
    enabled: true,
    language,
    items: typeof mapping.items === 'string' ? mapping.items : '',
    fields,
    attributes: rows(source.attributes),
    types: rows(mapping.types),
  };
}

export type MappingProblem = 'required' | 'pointer' | 'duplicate' | 'nameMissing';

export type MappingResult =
  | { ok: true; mapping: GenericMapping | null }
  | { ok: false; problems: Record<string, MappingProblem> };

/** A JSON pointer is empty (the whole body) or starts with a slash (RFC 6901). */
function isPointer(text: string): boolean {
  return text === '' || text.startsWith('/');
}

function collectRows(
  list: readonly MappingRow[],
  prefix: 'attributes' | 'types',
  problems: Record<string, MappingProblem>,
  checkValue: (value: string, at: string) => void,
): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  list.forEach((row, index) => {
    const key = row.key.trim();
    const value = row.value.trim();
    if (key === '' && value === '') return;
    const at = `${prefix}.${index}`;
    if (key === '') problems[`${at}.key`] = 'nameMissing';
    else if (Object.hasOwn(out, key)) problems[`${at}.key`] = 'duplicate';
    if (value === '') problems[`${at}.value`] = 'required';
    else checkValue(value, `${at}.value`);
    if (key !== '' && value !== '') out[key] = value;
  });
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * `settings.mapping` for the form, or null when the mapping is switched off. Problems are keyed by
 * where they are: `fields.id`, `items`, `attributes.2.key`, `types.0.value`.
 */
export function mappingFromForm(form: MappingForm): MappingResult {
  if (!form.enabled) return { ok: true, mapping: null };
  const problems: Record<string, MappingProblem> = {};
  const pointer = form.language === 'pointer';
  const checkExpression = (value: string, at: string) => {
    if (pointer && !isPointer(value)) problems[at] = 'pointer';
  };

  const fields: GenericMapping['fields'] = { id: '', type: '', employee: '', occurredAt: '' };
  for (const name of MAPPED_FIELDS) {
    const value = form.fields[name].trim();
    if (value === '') {
      if (REQUIRED_FIELDS.has(name)) problems[`fields.${name}`] = 'required';
      continue;
    }
    checkExpression(value, `fields.${name}`);
    fields[name] = value;
  }
  const items = form.items.trim();
  if (items !== '') checkExpression(items, 'items');
  const attributes = collectRows(form.attributes, 'attributes', problems, checkExpression);
  // type names are plain text on both sides, no expressions
  const types = collectRows(form.types, 'types', problems, () => undefined);
  if (Object.keys(problems).length > 0) return { ok: false, problems };

  const mapping: GenericMapping = { language: form.language, fields };
  if (items !== '') mapping.items = items;
  if (attributes) mapping.fields.attributes = attributes;
  if (types) mapping.types = types;
  return { ok: true, mapping };
}

/** The source's settings with the mapping replaced (or removed when null); other keys untouched. */
export function withMapping(
  settings: Record<string, unknown>,
  mapping: GenericMapping | null,
): Record<string, unknown> {
  const { mapping: _previous, ...rest } = settings;
  return mapping ? { ...rest, mapping } : rest;
}
