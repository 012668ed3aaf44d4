// Where the engine's problems with a submitted source form belong: `/settings/…` under a settings
// input, `/name`, `/id`, `/secret` under theirs; anything else above the form.
import type { ValidationIssue } from '../api/types.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { isAcceptableSecret, SETTING_PROBLEM_MESSAGE, type SettingsResult } from './source-kinds.ts';
import { settingsKeyOf, validationIssues } from './test-payload.ts';

export interface FormProblems {
  /** by input: `name`, `id`, `secret`, or `settings:<key>` */
  fields: Record<string, string>;
  /** problems with no input to sit under */
  other: ValidationIssue[];
}

export function problemsOf(error: unknown): FormProblems {
  const fields: Record<string, string> = {};
  const other: ValidationIssue[] = [];
  for (const issue of validationIssues(error)) {
    const settingsKey = settingsKeyOf(issue.path);
    const top = /^\/(name|id|secret)$/.exec(issue.path)?.[1];
    if (settingsKey) fields[`settings:${settingsKey}`] ??= issue.message;
    else if (top) fields[top] ??= issue.message;
    else other.push(issue);
  }
  return { fields, other };
}

/** What the settings form says is wrong before anything is sent: message keys under `settings:<key>`. */
export function settingsFormProblems(settings: SettingsResult): Record<string, MessageKey> {
  const fields: Record<string, MessageKey> = {};
  if (!settings.ok) {
    for (const [key, problem] of Object.entries(settings.problems)) {
      fields[`settings:${key}`] = SETTING_PROBLEM_MESSAGE[problem];
    }
  }
  return fields;
}

/** What is wrong with a secret as typed (trimmed), if anything; a CRM-issued one is required. */
export function secretProblem(secret: string, issued: boolean): MessageKey | null {
  if (issued && secret === '') return 'sources.problem.required';
  if (secret !== '' && !isAcceptableSecret(secret)) return 'sources.problem.secretLength';
  return null;
}

/** Problems found before sending (message keys by input), as the form shows them: in words, by `translate`. */
export function foundProblems(found: Record<string, MessageKey>, translate: (key: MessageKey) => string): FormProblems {
  return {
    fields: Object.fromEntries(Object.entries(found).map(([field, key]) => [field, translate(key)])),
    other: [],
  };
}

/** The settings-form part of `problems`, keyed by settings key. */
export function settingsProblems(problems: FormProblems): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(problems.fields)) {
    if (key.startsWith('settings:')) out[key.slice('settings:'.length)] = message;
  }
  return out;
}
