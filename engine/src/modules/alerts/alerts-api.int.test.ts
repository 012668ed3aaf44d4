// The alerts API against a real PostgreSQL (a throwaway cluster, or TEST_POSTGRES_URL).
import { describeAlertsApi } from './alerts-api.suite.ts';

describeAlertsApi('PostgreSQL', 'postgresql');
