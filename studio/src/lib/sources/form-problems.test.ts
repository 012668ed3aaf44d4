import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import { foundProblems, problemsOf, secretProblem, settingsFormProblems } from './form-problems.ts';
import { settingsFromForm } from './source-kinds.ts';

describe('source form problems', () => {
  it('a CRM-issued secret is required; any secret typed in must be long enough', () => {
    expect(secretProblem('', true)).toBe('sources.problem.required');
    expect(secretProblem('', false)).toBeNull();
    expect(secretProblem('short', false)).toBe('sources.problem.secretLength');
    expect(secretProblem('a-long-enough-secret-for-signing', true)).toBeNull();
  });

  it('settings problems sit under their settings input; a valid form has none', () => {
    expect(settingsFormProblems(settingsFromForm('generic', {}))).toEqual({});
    const invalid = settingsFromForm('bitrix24', {});
    expect(invalid.ok).toBe(false);
    for (const key of Object.keys(settingsFormProblems(invalid))) expect(key).toMatch(/^settings:/);
  });

  it('problems found before sending are shown in words, under their inputs', () => {
    expect(foundProblems({ name: 'sources.problem.required' }, (key) => `<${key}>`)).toEqual({
      fields: { name: '<sources.problem.required>' },
      other: [],
    });
  });

  it("the engine's problems go under their inputs, the rest above the form", () => {
    const error = new ApiError(422, 'source.invalid', 'invalid', [
      { path: '/name', message: 'too long' },
      { path: '/settings/stages/won', message: 'unknown stage' },
      { path: '/kind', message: 'unknown kind' },
    ]);
    expect(problemsOf(error)).toEqual({
      fields: { name: 'too long', 'settings:stages.won': 'unknown stage' },
      other: [{ path: '/kind', message: 'unknown kind' }],
    });
  });
});
