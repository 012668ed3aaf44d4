// The backtest API against SQLite in memory.
import { describeBacktestsApi } from './backtests-api.suite.ts';

describeBacktestsApi('SQLite', 'sqlite');
