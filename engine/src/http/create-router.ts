// A feature router with the shared validation hook: invalid input is a 422 with every issue's path.
import { OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../lib/errors.ts';
import type { AppEnv } from './app-env.ts';

export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const issues = result.error.issues.map((issue) => ({
          path: `/${issue.path.map(String).join('/')}`,
          message: issue.message,
          code: issue.code,
        }));
        throw new AppError(
          422,
          'validation.failed',
          `Invalid ${result.target}: ${issues[0]?.path} ${issues[0]?.message}`,
          {
            target: result.target,
            issues,
          },
        );
      }
    },
  });
}
