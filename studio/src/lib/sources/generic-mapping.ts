// The mapping editor of a generic source, as plain data: the form (one entry per field, rows for
// attributes and type names) and its conversion to and from `settings.mapping`, which tells the
// engine how to read events out of a body that is not in Yardstick's own shape. The checks mirror
// the engine's schema so most mistakes show before a request; the engine compiles and has the last word.
import type { FieldSpec, GenericMapping, MappingLanguage } from '../api/types.ts';

export const MAPPED_FIELDS = ['id', 'type', 'employee', 'occurredAt', 'amount', 'currency'] as const;
export type MappedField = (typeof MAPPED_FIELDS)[number];

export const REQUIRED_FIELDS: ReadonlySet<MappedField> = new Set(['id', 'type', 'employee', 'occurredAt']);

/** A field as edited: an expression, or (fixed) a value every event gets. */
export interface FieldEntry {
  text: string;
  fixed: boolean;
}

export interface AttributeRow extends FieldEntry {
  name: string;
}

export interface TypeRow {
  raw: string;
  /** the Yardstick event type; ignored when `skip` */
  type: string;
  skip: boolean;
}

export interface MappingForm {
  /** Off: the source takes Yardstick's own event shape and `settings.mapping` is removed. */
  enabled: boolean;
  language: MappingLanguage;
  items: string;
  fields: Record<MappedField, FieldEntry>;
  attributes: AttributeRow[];
  types: TypeRow[];
  otherTypes: 'keep' | 'skip';
}

const expression = (text: string): FieldEntry => ({ text, fixed: false });

/** A starting point that reads Yardstick's own shape, in either language. */
export function emptyMappingForm(language: MappingLanguage = 'pointer'): MappingForm {
  const path = (name: string) => expression(language === 'pointer' ? `/${name}` : name);
  return {
    enabled: false,
    language,
    items: '',
    fields: {
      id: path('id'),
      type: path('type'),
      employee: path('employee'),
      occurredAt: path('occurredAt'),
      amount: expression(''),
      currency: expression(''),
    },
    attributes: [],
    types: [],
    otherTypes: 'keep',
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function entryOf(spec: unknown): FieldEntry {
  if (typeof spec === 'string') return expression(spec);
  if (isObject(spec) && 'const' in spec) {
    return { text: spec.const === null || spec.const === undefined ? '' : String(spec.const), fixed: true };
  }
  return expression('');
}

/** The form for a source's settings; a source without a mapping gets the disabled starting point. */
export function mappingToForm(settings: Record<string, unknown>): MappingForm {
  const mapping = settings.mapping;
  if (!isObject(mapping) || !isObject(mapping.fields)) return emptyMappingForm();
  const source = mapping.fields;
  const fields = Object.fromEntries(MAPPED_FIELDS.map((name) => [name, entryOf(source[name])])) as Record<
    MappedField,
    FieldEntry
  >;
  const attributes = isObject(source.attributes)
    ? Object.entries(source.attributes).map(([name, spec]) => ({ name, ...entryOf(spec) }))
    : [];
  const types = isObject(mapping.types)
    ? Object.entries(mapping.types).map(([raw, type]) => ({
        raw,
        type: typeof type === 'string' ? type : '',
        skip: type === null,
      }))
    : [];
  return {
    enabled: true,
    language: mapping.language === 'jsonata' ? 'jsonata' : 'pointer',
    items: typeof mapping.items === 'string' ? mapping.items : '',
    fields,
    attributes,
    types,
    otherTypes: mapping.otherTypes === 'skip' ? 'skip' : 'keep',
  };
}

export type MappingProblem = 'required' | 'pointer' | 'duplicate' | 'nameMissing' | 'attributeName' | 'eventType';

export type MappingResult =
  | { ok: true; mapping: GenericMapping | null }
  | { ok: false; problems: Record<string, MappingProblem> };

/** RFC 6901: empty (the whole record) or `/`-separated tokens, `~` only as `~0` or `~1`. */
function isPointer(text: string): boolean {
  return text === '' || (text.startsWith('/') && !/~(?![01])/.test(text));
}

const ATTRIBUTE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const EVENT_TYPE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

/**
 * `settings.mapping` for the form, or null when the mapping is switched off. Problems are keyed by
 * where they are: `fields.id`, `items`, `attributes.2.name`, `types.0.type`.
 */
export function mappingFromForm(form: MappingForm): MappingResult {
  if (!form.enabled) return { ok: true, mapping: null };
  const problems: Record<string, MappingProblem> = {};
  const pointer = form.language === 'pointer';

  const spec = (entry: FieldEntry, at: string): FieldSpec => {
    if (entry.fixed) return { const: entry.text.trim() };
    const text = entry.text.trim();
    if (pointer && !isPointer(text)) problems[at] = 'pointer';
    return text;
  };

  const fields: GenericMapping['fields'] = { id: '', type: '', employee: '', occurredAt: '' };
  for (const name of MAPPED_FIELDS) {
    const entry = form.fields[name];
    if (entry.text.trim() === '') {
      if (REQUIRED_FIELDS.has(name)) problems[`fields.${name}`] = 'required';
      continue;
    }
    fields[name] = spec(entry, `fields.${name}`);
  }

  const items = form.items.trim();
  if (items !== '' && pointer && !isPointer(items)) problems.items = 'pointer';

  const attributes: Record<string, FieldSpec> = {};
  form.attributes.forEach((row, index) => {
    const name = row.name.trim();
    if (name === '' && row.text.trim() === '') return;
    const at = `attributes.${index}`;
    if (name === '') problems[`${at}.name`] = 'nameMissing';
    else if (!ATTRIBUTE_NAME.test(name)) problems[`${at}.name`] = 'attributeName';
    else if (Object.hasOwn(attributes, name)) problems[`${at}.name`] = 'duplicate';
    if (row.text.trim() === '') problems[`${at}.text`] = 'required';
    else if (name !== '') attributes[name] = spec(row, `${at}.text`);
  });

  const types: Record<string, string | null> = {};
  form.types.forEach((row, index) => {
    const raw = row.raw.trim();
    const type = row.type.trim();
    if (raw === '' && type === '' && !row.skip) return;
    const at = `types.${index}`;
    if (raw === '') problems[`${at}.raw`] = 'nameMissing';
    else if (Object.hasOwn(types, raw)) problems[`${at}.raw`] = 'duplicate';
    if (row.skip) types[raw] = null;
    else if (type === '') problems[`${at}.type`] = 'required';
    else if (!EVENT_TYPE.test(type)) problems[`${at}.type`] = 'eventType';
    else types[raw] = type;
  });

  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const mapping: GenericMapping = { language: form.language, fields };
  if (items !== '') mapping.items = items;
  if (Object.keys(attributes).length > 0) fields.attributes = attributes;
  if (Object.keys(types).length > 0) mapping.types = types;
  if (form.otherTypes === 'skip') mapping.otherTypes = 'skip';
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
