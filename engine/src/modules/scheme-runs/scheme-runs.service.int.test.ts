// The scheme-run service against a real PostgreSQL (a throwaway cluster, or TEST_POSTGRES_URL).
import { describeSchemeRuns } from './scheme-runs.suite.ts';

describeSchemeRuns('PostgreSQL', 'postgresql');
