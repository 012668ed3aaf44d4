// The schemes and ledger API against a real PostgreSQL (a throwaway cluster, or TEST_POSTGRES_URL).
import { describeLedgerApi } from './ledger-api.suite.ts';

describeLedgerApi('PostgreSQL', 'postgresql');
