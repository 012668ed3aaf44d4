// What every activity module is built from: the worker (the composition root) passes a real ORM; each
// activity call works in its own forked entity manager. Activities reach Temporal itself (to start or
// signal other workflows) through `Context.current().client` from `@temporalio/activity`.
import type { Orm } from '@yardstick/engine/db';
import type { NotificationDefaults } from '@yardstick/engine/notifications';

export interface ActivityDeps {
  orm: Orm;
  /** the environment's SMTP server and public URL, for notifications */
  notifications?: NotificationDefaults;
}
