import { describeAccessMatrix } from './access-matrix.suite.ts';

describeAccessMatrix('postgresql');
