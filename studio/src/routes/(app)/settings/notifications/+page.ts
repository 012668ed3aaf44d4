// The notification channels, credentials masked by the engine.
import { isRedirect } from '@sveltejs/kit';
import { getChannels, type NotificationChannels } from '#lib/api/notification-channels.ts';
import { type ErrorInfo, toErrorInfo } from '#lib/errors/error-message.ts';
import { CHANNELS_DEPENDENCY } from '#lib/settings/settings-dependencies.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({
  fetch,
  depends,
}): Promise<{ channels: NotificationChannels | null; error: ErrorInfo | null }> => {
  depends(CHANNELS_DEPENDENCY);
  try {
    return { channels: await getChannels({ fetch }), error: null };
  } catch (error) {
    if (isRedirect(error)) throw error;
    return { channels: null, error: toErrorInfo(error) };
  }
};
