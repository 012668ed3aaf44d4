// Activities: the workflows' only door to the database and the outside world. One module per area;
// the worker registers them all under one object.

import { createBacktestActivities } from './backtest.activities.ts';
import { createBonusReviewActivities } from './bonus-review.activities.ts';
import type { ActivityDeps } from './deps.ts';
import { createEmployeeEventsActivities } from './employee-events.activities.ts';
import { createEvaluateSchemeActivities } from './evaluate-scheme.activities.ts';
import { createNotificationsActivities } from './notifications.activities.ts';

export type { ActivityDeps } from './deps.ts';

export function createActivities(deps: ActivityDeps) {
  return {
    ...createEmployeeEventsActivities(deps),
    ...createBonusReviewActivities(deps),
    ...createBacktestActivities(deps),
    ...createNotificationsActivities(deps),
    ...createEvaluateSchemeActivities(deps),
  };
}
