// Which SQL dialect a migration is running against; migrations carry SQL for each.
import type { Configuration } from '@mikro-orm/core';

export type Dialect = 'sqlite' | 'postgresql';

export function dialectOf(config: Configuration): Dialect {
  return config.getPlatform().constructor.name.toLowerCase().includes('postgre') ? 'postgresql' : 'sqlite';
}
