// The engine's OpenAPI document without a running engine: routes are declared when the app is
// built, and no dependency is touched until a request arrives. The studio generates its typed API
// client from this (studio/scripts/generate-api.ts).
import type { AppDeps } from './app-env.ts';
import { createApp, OPENAPI_INFO } from './create-app.ts';

export function openApiDocument() {
  return createApp({} as AppDeps).getOpenAPI31Document(OPENAPI_INFO);
}
