// A feature router with the shared validation hook: invalid input is a 422 with every issue's path.
import { OpenAPIHono } from '@hono/zod-openapi';
import { validationError } from '../lib/validation.ts';
import type { AppEnv } from './app-env.ts';

export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError('validation.failed', result.target, result.error.issues);
    },
  });
}
