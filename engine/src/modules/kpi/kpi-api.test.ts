// The KPI API on an in-memory SQLite.
import { kpiApiSuite } from './kpi-api.suite.ts';

kpiApiSuite('SQLite', async () => ({ url: 'sqlite::memory:', stop: async () => {} }));
