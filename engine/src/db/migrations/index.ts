// Every migration in order. Listed explicitly so they load the same way from source, tests and bundles.
import { Migration20261123000000Initial } from './Migration20261123000000Initial.ts';

export const migrationsList = [{ name: 'Migration20261123000000Initial', class: Migration20261123000000Initial }];
