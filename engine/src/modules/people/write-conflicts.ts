// Turns the database's constraint errors on people writes into API errors: a unique key that raced
// past the explicit check is a 409 naming the key; a row still referenced elsewhere is a 409 too.
import { ForeignKeyConstraintViolationException, UniqueConstraintViolationException } from '@mikro-orm/core';
import { AppError } from '../../lib/errors.ts';

export async function mapConstraintErrors<T>(
  work: () => Promise<T>,
  messages: { unique?: (error: Error) => AppError; inUse?: () => AppError },
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException && messages.unique) throw messages.unique(error);
    if (error instanceof ForeignKeyConstraintViolationException && messages.inUse) throw messages.inUse();
    throw error;
  }
}

export const conflict = (code: string, message: string, path?: string) =>
  new AppError(409, code, message, path ? [{ path, message }] : undefined);

export const invalid = (code: string, details: { path: string; message: string }[]) =>
  new AppError(422, code, `Invalid input: ${details[0]?.path} ${details[0]?.message}`, details);
