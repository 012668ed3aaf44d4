import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import { problemsOf, settingsProblems } from './form-problems.ts';
import { settingsKeyOf, validationIssues } from './test-payload.ts';

describe('test payload', () => {
  it('reads the { path, message } problems of a rejected sample and nothing else', () => {
    const error = new ApiError(422, 'webhook.invalid_body', 'invalid', [
      { path: '/0/occurredAt', message: 'Invalid ISO datetime' },
      { nonsense: true },
    ]);
    expect(validationIssues(error)).toEqual([{ path: '/0/occurredAt', message: 'Invalid ISO datetime' }]);
    expect(validationIssues(new Error('x'))).toEqual([]);
    expect(validationIssues(new ApiError(400, 'x', 'y'))).toEqual([]);
  });

  it('finds the settings input an engine problem is about', () => {
    expect(settingsKeyOf('/settings/webhookUrl')).toBe('webhookUrl');
    expect(settingsKeyOf('/settings/stages/won/0')).toBe('stages.won');
    expect(settingsKeyOf('/secret')).toBeNull();
  });
});

describe('form problems', () => {
  it('puts each engine problem under its input', () => {
    const problems = problemsOf(
      new ApiError(422, 'source.invalid_settings', 'bad', [
        { path: '/settings/webhookUrl', message: 'Invalid URL' },
        { path: '/id', message: 'taken' },
        { path: '/other', message: 'odd' },
      ]),
    );
    expect(problems.fields).toEqual({ 'settings:webhookUrl': 'Invalid URL', id: 'taken' });
    expect(problems.other).toEqual([{ path: '/other', message: 'odd' }]);
    expect(settingsProblems(problems)).toEqual({ webhookUrl: 'Invalid URL' });
  });
});
