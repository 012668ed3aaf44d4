// The alerts API against SQLite in memory.
import { describeAlertsApi } from './alerts-api.suite.ts';

describeAlertsApi('SQLite', 'sqlite');
