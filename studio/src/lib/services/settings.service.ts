// Changes to settings (users, the organization and its calendar, notification channels): each calls
// the API, refreshes the page that shows it, and confirms in the corner. Failures are the caller's.
import { invalidate } from '$app/navigation';
import {
  type ChannelSettings,
  type ChannelTestResult,
  putChannels,
  testChannel,
} from '../api/notification-channels.ts';
import {
  type CalendarYear,
  loadBuiltInCalendar,
  type Organization,
  type OrganizationPatch,
  unloadCalendar,
  updateOrganization,
} from '../api/organization.ts';
import { createUser, deleteUser, type UserAccount, type UserInput, type UserPatch, updateUser } from '../api/users.ts';
import { t } from '../i18n/i18n.svelte.ts';
import { notifications } from '../notifications/notifications.svelte.ts';
import { CHANNELS_DEPENDENCY, ORGANIZATION_DEPENDENCY, USERS_DEPENDENCY } from '../settings/settings-dependencies.ts';

export async function addUser(body: UserInput): Promise<UserAccount> {
  const user = await createUser(body);
  notifications.show('success', t('settings.users.created', { email: user.email }));
  await invalidate(USERS_DEPENDENCY);
  return user;
}

export async function changeUser(user: UserAccount, patch: UserPatch, confirmation: string): Promise<UserAccount> {
  const changed = await updateUser(user.id, patch);
  notifications.show('success', confirmation);
  await invalidate(USERS_DEPENDENCY);
  return changed;
}

export async function removeUser(user: UserAccount): Promise<void> {
  await deleteUser(user.id);
  notifications.show('success', t('settings.users.deletedToast', { email: user.email }));
  await invalidate(USERS_DEPENDENCY);
}

export async function saveOrganization(patch: OrganizationPatch): Promise<Organization> {
  const organization = await updateOrganization(patch);
  notifications.show('success', t('settings.org.saved'));
  await invalidate(ORGANIZATION_DEPENDENCY);
  return organization;
}

export async function loadCalendar(year: number, country: string): Promise<CalendarYear> {
  const calendar = await loadBuiltInCalendar(year, country);
  notifications.show(
    'success',
    t('settings.calendar.loadedToast', { year: String(year), country, count: calendar.workingDays }),
  );
  await invalidate(ORGANIZATION_DEPENDENCY);
  return calendar;
}

export async function dropCalendar(year: number): Promise<void> {
  await unloadCalendar(year);
  notifications.show('success', t('settings.calendar.unloadedToast', { year: String(year) }));
  await invalidate(ORGANIZATION_DEPENDENCY);
}

export async function saveChannels(settings: ChannelSettings): Promise<void> {
  await putChannels(settings);
  notifications.show('success', t('settings.channels.saved'));
  await invalidate(CHANNELS_DEPENDENCY);
}

export async function sendTest(
  target: { channel: 'email'; to?: string } | { channel: 'webhook'; webhookId: string },
  channelName: string,
): Promise<ChannelTestResult> {
  const result = await testChannel(target);
  if (result.ok) notifications.show('success', t('settings.channels.test.ok', { channel: channelName }));
  else {
    const error = result.permanent
      ? `${result.error ?? ''} (${t('settings.channels.test.permanent')})`
      : (result.error ?? '');
    notifications.show('error', t('settings.channels.test.failed', { channel: channelName, error }));
  }
  return result;
}
