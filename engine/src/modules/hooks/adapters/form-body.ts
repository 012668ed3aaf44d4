// Decodes `application/x-www-form-urlencoded` bodies with PHP bracket keys (`leads[status][0][id]=1`) into
// nested objects, as Bitrix24 and amoCRM send them. Keys that could reach an object prototype are refused,
// and depth, parameter count and key length are capped so a hostile body cannot exhaust the process.
import { AppError } from '../../../lib/errors.ts';

export interface FormLimits {
  maxParams: number;
  maxDepth: number;
  maxKeyLength: number;
}

export const DEFAULT_FORM_LIMITS: FormLimits = { maxParams: 5000, maxDepth: 8, maxKeyLength: 512 };

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

const invalid = (message: string, details?: unknown) => new AppError(422, 'webhook.invalid_form', message, details);

/** Splits `a[b][0][]` into `['a', 'b', '0', '']`; `''` means "append" as in PHP. */
function splitKey(key: string): string[] {
  const open = key.indexOf('[');
  if (open === -1) {
    if (key.includes(']')) throw invalid(`Form key "${key}" has an unbalanced bracket`);
    return [key];
  }
  const segments = [key.slice(0, open)];
  let rest = key.slice(open);
  while (rest.length > 0) {
    const match = /^\[([^[\]]*)\]/.exec(rest);
    if (!match) throw invalid(`Form key "${key}" has malformed brackets`);
    segments.push(match[1] ?? '');
    rest = rest.slice(match[0].length);
  }
  if (segments[0] === '') throw invalid(`Form key "${key}" has no name before its brackets`);
  return segments;
}

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    throw invalid(`The form body has a malformed percent escape near "${text.slice(0, 40)}"`);
  }
}

/** Decodes a form body. Throws a 422 `webhook.invalid_form` AppError on anything it will not accept. */
export function decodeForm(body: Buffer | string, limits: FormLimits = DEFAULT_FORM_LIMITS): FormObject {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  const root: Record<string, unknown> = {};
  if (text.trim() === '') return {};
  const pairs = text.split('&');
  if (pairs.length > limits.maxParams) throw invalid(`The form body has more than ${limits.maxParams} parameters`);
  for (const pair of pairs) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    if (rawKey.length > limits.maxKeyLength * 3) throw invalid('A form key is too long');
    const key = decodeComponent(rawKey);
    if (key.length > limits.maxKeyLength) throw invalid('A form key is too long');
    const value = decodeComponent(rawValue);
    const path = splitKey(key);
    if (path.length - 1 > limits.maxDepth) {
      throw invalid(`Form key "${key}" is nested deeper than ${limits.maxDepth} levels`);
    }
    for (const segment of path) {
      if (FORBIDDEN_KEYS.has(segment)) {
        throw invalid(`Form key "${key}" uses the reserved name "${segment}"`, { key });
      }
    }
    assign(root, path, value, key);
  }
  return compactArrays(root) as FormObject;
}

type Node = Record<string, unknown>;

function assign(root: Node, path: string[], value: string, key: string): void {
  let node: Node = root;
  for (let i = 0; i < path.length; i++) {
    let segment = path[i] as string;
    if (segment === '') segment = String(nextIndex(node));
    const last = i === path.length - 1;
    if (last) {
      if (isNode(node[segment])) throw invalid(`Form key "${key}" is both a value and a group`);
      node[segment] = value;
      return;
    }
    const existing = Object.hasOwn(node, segment) ? node[segment] : undefined;
    if (existing === undefined) {
      const child: Node = {};
      node[segment] = child;
      node = child;
    } else if (isNode(existing)) {
      node = existing;
    } else {
      throw invalid(`Form key "${key}" is both a value and a group`);
    }
  }
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null;
}

function nextIndex(node: Node): number {
  let next = 0;
  for (const key of Object.keys(node)) {
    if (/^(0|[1-9]\d{0,8})$/.test(key)) next = Math.max(next, Number(key) + 1);
  }
  return next;
}

/** Groups whose keys are all non-negative integers become arrays, in index order (holes dropped). */
function compactArrays(value: unknown): unknown {
  if (!isNode(value)) return value;
  const keys = Object.keys(value);
  for (const key of keys) value[key] = compactArrays(value[key]);
  if (keys.length > 0 && keys.every((key) => /^(0|[1-9]\d{0,8})$/.test(key))) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((index) => value[String(index)]);
  }
  return value;
}
