// What the settings pages reload by after a change.
export const USERS_DEPENDENCY = 'app:settings-users';
export const ORGANIZATION_DEPENDENCY = 'app:settings-organization';
export const CHANNELS_DEPENDENCY = 'app:settings-channels';
export const AUDIT_DEPENDENCY = 'app:settings-audit';
