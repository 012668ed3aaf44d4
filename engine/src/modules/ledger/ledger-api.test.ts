// The schemes and ledger API against SQLite in memory.
import { describeLedgerApi } from './ledger-api.suite.ts';

describeLedgerApi('SQLite', 'sqlite');
