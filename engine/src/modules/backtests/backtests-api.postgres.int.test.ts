// The backtest API against a real PostgreSQL (a throwaway cluster, or TEST_POSTGRES_URL).
import { describeBacktestsApi } from './backtests-api.suite.ts';

describeBacktestsApi('PostgreSQL', 'postgresql');
