// The pilot comparison against a real PostgreSQL (a throwaway cluster, or TEST_POSTGRES_URL).
import { describePilotDiff } from './pilot-diff.suite.ts';

describePilotDiff('PostgreSQL', 'postgresql');
