import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateApiTypes, SCHEMA_FILE } from '../../../scripts/generate-api.ts';

describe('generated API types', () => {
  it('match the engine’s current OpenAPI document (run `npm run generate:api -w @yardstick/studio`)', async () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(await generateApiTypes());
  });
});
