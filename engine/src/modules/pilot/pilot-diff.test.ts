// The pilot comparison against SQLite in memory.
import { describePilotDiff } from './pilot-diff.suite.ts';

describePilotDiff('SQLite', 'sqlite');
