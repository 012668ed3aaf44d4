// The live preview's inputs against a real PostgreSQL (a throwaway cluster, or TEST_POSTGRES_URL).
import { describePreviewData } from './preview-data.suite.ts';

describePreviewData('PostgreSQL', 'postgresql');
