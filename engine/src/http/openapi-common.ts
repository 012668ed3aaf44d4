// Schemas shared by every route definition: the error body and the standard error responses.
import { z } from '@hono/zod-openapi';

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'validation.failed' }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorSchema } },
});

export const errorResponses = {
  401: errorResponse('Not signed in, or the token is unknown or revoked'),
  403: errorResponse('The caller’s role does not allow this'),
  422: errorResponse('The request is malformed; details list each problem with its JSON path'),
} as const;

export const notFoundResponse = { 404: errorResponse('Not found') } as const;
export const conflictResponse = { 409: errorResponse('Conflicts with existing data') } as const;
export const unavailableResponse = (description: string) => ({ 503: errorResponse(description) }) as const;

export const LocalizedTextSchema = z.object({ en: z.string(), ru: z.string() }).openapi('LocalizedText');

export const security: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }, { sessionCookie: [] }];
