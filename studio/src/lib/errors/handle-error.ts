// The one place a failed user action ends up: follow a redirect the API client asked for
// (a lost session), otherwise log the failure and tell the user in their language.

import { isRedirect } from '@sveltejs/kit';
import { goto } from '$app/navigation';
import { notifications } from '../notifications/notifications.svelte.ts';
import { errorMessage } from './error-message.ts';

export async function handleError(error: unknown, context: string): Promise<void> {
  if (isRedirect(error)) {
    await goto(error.location);
    return;
  }
  console.error(`[yardstick] ${context}`, error);
  notifications.show('error', errorMessage(error));
}
