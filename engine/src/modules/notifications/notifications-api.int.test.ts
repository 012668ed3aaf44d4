// The notifications API against a real PostgreSQL (a throwaway cluster, or TEST_POSTGRES_URL).
import { describeNotificationsApi } from './notifications-api.suite.ts';

describeNotificationsApi('PostgreSQL', 'postgresql');
