// Messages of the studio's employee screens (see ../messages.ts for the conventions).
import type { Message, Translation } from './types.ts';

export const en = {} as const satisfies Record<string, Message>;

export const ru: Translation<typeof en> = {};
