// The KPI API on an in-memory SQLite.
import { kpiApiSuite } from './kpi-api.suite.ts';

kpiApiSuite('SQLite', 'sqlite');
