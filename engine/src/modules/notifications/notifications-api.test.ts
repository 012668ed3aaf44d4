// The notifications API against SQLite in memory.
import { describeNotificationsApi } from './notifications-api.suite.ts';

describeNotificationsApi('SQLite', 'sqlite');
