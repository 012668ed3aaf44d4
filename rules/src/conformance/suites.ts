// Loading the JSON Logic conformance data from ../shared/fixtures/jsonlogic (see its README.md).
import { readFileSync } from 'node:fs';

const FIXTURES = new URL('../../../../shared/fixtures/jsonlogic/', import.meta.url);

export type OfficialCase = [rule: unknown, data: unknown, expected: unknown];

export interface CommunityCase {
  file: string;
  description: string;
  rule: unknown;
  data?: unknown;
  result?: unknown;
  error?: { type: string };
}

const read = (name: string) => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8'));

/** tests.json: 277 [rule, data, expected] cases; strings are section comments. */
export const officialCases = (): OfficialCase[] =>
  (read('tests.json') as unknown[]).filter(Array.isArray) as OfficialCase[];

/** community-suites/: 1,138 cases in 48 files, in the order of index.json. */
export function communityCases(): CommunityCase[] {
  const files = read('community-suites/index.json') as string[];
  return files.flatMap((file) =>
    (read(`community-suites/${file}`) as unknown[])
      .filter((c): c is Omit<CommunityCase, 'file'> => typeof c === 'object' && c !== null)
      .map((c) => ({ ...c, file })),
  );
}
