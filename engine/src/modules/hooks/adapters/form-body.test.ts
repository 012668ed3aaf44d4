import { describe, expect, it } from 'vitest';
import { decodeForm } from './form-body.ts';
import { fixture } from './testing.ts';

describe('decodeForm', () => {
  it('unflattens PHP bracket keys into nested objects and arrays', () => {
    const body = fixture('amocrm/lead-status-won.form.txt');
    const form = decodeForm(body) as { leads: { status: Record<string, string>[] }; account: unknown };
    expect(form.leads.status[0]?.status_id).toBe('142');
    expect(form.leads.status[0]?.name).toBe('Deal #1190401');
    expect(form.account).toEqual({
      subdomain: 'examplecompany',
      id: '30739638',
      _links: { self: 'https://examplecompany.amocrm.ru' },
    });
  });

  it('appends [] keys and orders numeric indexes', () => {
    expect(decodeForm('a[]=x&a[]=y&b[2]=two&b[0]=zero')).toEqual({ a: ['x', 'y'], b: ['zero', 'two'] });
  });

  it('decodes + as space and percent escapes as UTF-8', () => {
    expect(decodeForm('name=%D0%98%D0%B2%D0%B0%D0%BD+P')).toEqual({ name: 'Иван P' });
  });

  it.each([
    ['__proto__[polluted]=1'],
    ['a[__proto__][x]=1'],
    ['a%5B__proto__%5D=1'],
    ['constructor[prototype][x]=1'],
    ['a[b][prototype]=1'],
  ])('refuses the reserved key in %s', (body) => {
    expect(() => decodeForm(body)).toThrow(expect.objectContaining({ status: 422, code: 'webhook.invalid_form' }));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it.each([
    ['a[b=1', 'malformed brackets'],
    ['a]=1', 'unbalanced'],
    ['[a]=1', 'no name'],
    ['a=%E0%A4%A', 'percent escape'],
    ['a=1&a[b]=2', 'both a value and a group'],
    ['a[b]=1&a=2', 'both a value and a group'],
  ])('refuses %s (%s)', (body, message) => {
    expect(() => decodeForm(body)).toThrow(message);
  });

  it('caps depth, parameter count and key length', () => {
    expect(() => decodeForm(`a${'[x]'.repeat(9)}=1`)).toThrow('deeper than 8');
    expect(decodeForm(`a${'[x]'.repeat(8)}=1`)).toBeTruthy();
    expect(() => decodeForm(Array.from({ length: 5001 }, (_, i) => `k${i}=1`).join('&'))).toThrow('more than 5000');
    expect(() => decodeForm(`${'k'.repeat(600)}=1`)).toThrow('too long');
  });

  it('reads an empty body as an empty form', () => {
    expect(decodeForm('')).toEqual({});
  });
});
