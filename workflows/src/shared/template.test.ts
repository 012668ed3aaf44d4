import { describe, expect, it } from 'vitest';
import { renderTemplate } from './template.ts';

describe('renderTemplate', () => {
  it('fills placeholders from nested context and leaves missing ones empty', () => {
    const text = renderTemplate('{{employee.name}} lost {{ event.externalId }} ({{event.nope}})', {
      employee: { name: 'Анна' },
      event: { externalId: 'd-1' },
    });
    expect(text).toBe('Анна lost d-1 ()');
  });

  it('does not read inherited properties such as constructor', () => {
    expect(renderTemplate('[{{event.constructor}}]', { event: {} })).toBe('[]');
  });
});
