// The live preview's inputs against SQLite in memory.
import { describePreviewData } from './preview-data.suite.ts';

describePreviewData('SQLite', 'sqlite');
