// The production topology (docker-compose.yml, Dockerfile) checked against the code it runs: every
// service is there, Temporal is set up the supported way, and the engine and the worker are given
// only variables their env schemas read, with values those schemas accept.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EngineEnvSchema } from '../engine/src/env.ts';
import { WorkerEnvSchema } from '../workflows/src/env.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8');

interface Service {
  image?: string;
  build?: string | { context?: string };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: Record<string, { condition?: string }> | string[];
  configs?: (string | { source: string; target?: string })[];
  restart?: string;
  healthcheck?: { disable?: boolean };
  ports?: (string | number)[];
}
interface Compose {
  services: Record<string, Service>;
  configs?: Record<string, { content?: string; file?: string }>;
}

/** What a user puts in .env: the two required secrets, nothing else. */
const dotEnv = { POSTGRES_PASSWORD: 'pg-secret-1', YARDSTICK_ADMIN_PASSWORD: 'admin-secret-1' };

/** Compose's variable interpolation: $$, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}. */
function interpolate(value: unknown, vars: Record<string, string>): unknown {
  if (typeof value === 'string') {
    return value.replace(
      /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}/g,
      (match, name, colon, op, arg) => {
        if (match === '$$') return '$';
        const current = vars[name as string];
        const missing = current === undefined || (colon === ':' && current === '');
        if (!missing) return current;
        if (op === '?') throw new Error(`${name}: ${arg}`);
        return op === '-' ? (arg as string) : '';
      },
    );
  }
  if (Array.isArray(value)) return value.map((item) => interpolate(item, vars));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolate(item, vars)]));
  }
  return value;
}

const raw = parse(read('docker-compose.yml')) as Compose;
const compose = interpolate(raw, dotEnv) as Compose;

function service(name: string, file: Compose = compose): Service {
  const found = file.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

function env(name: string, file: Compose = compose): Record<string, string> {
  const environment = service(name, file).environment ?? {};
  const entries = Array.isArray(environment)
    ? environment.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
    : Object.entries(environment).map(([key, value]) => [key, String(value ?? '')]);
  return Object.fromEntries(entries);
}

function dependsOn(name: string): Record<string, string | undefined> {
  const deps = service(name).depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((dep) => [dep, undefined]));
  return Object.fromEntries(Object.entries(deps).map(([dep, spec]) => [dep, spec.condition]));
}

const commandText = (name: string) => [service(name).command ?? []].flat().join(' ');

describe('docker-compose.yml', () => {
  it('declares PostgreSQL, the Temporal schema job, server, namespace job and UI, the engine and the worker', () => {
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining([
        'postgres',
        'temporal-schema',
        'temporal',
        'temporal-namespace',
        'temporal-ui',
        'engine',
        'worker',
      ]),
    );
    for (const [name, spec] of Object.entries(compose.services)) {
      for (const dep of Object.keys(dependsOn(name))) expect(compose.services, `${name} -> ${dep}`).toHaveProperty(dep);
      if (spec.image && !spec.build) expect(spec.image, name).toMatch(/:(?!latest$)[\w.-]+$/);
    }
  });

  it('runs PostgreSQL 16 or later', () => {
    const major = /^postgres:(\d+)/.exec(service('postgres').image ?? '')?.[1];
    expect(Number(major)).toBeGreaterThanOrEqual(16);
  });

  it('uses the plain Temporal server and admin-tools images of one version, never the deprecated auto-setup', () => {
    const images = Object.values(compose.services).map((spec) => spec.image ?? '');
    expect(images.filter((image) => image.includes('temporalio/auto-setup'))).toEqual([]);
    const serverTag = /^temporalio\/server:(.+)$/.exec(service('temporal').image ?? '')?.[1];
    expect(serverTag).toBeDefined();
    expect(service('temporal-schema').image).toBe(`temporalio/admin-tools:${serverTag}`);
    expect(service('temporal-namespace').image).toBe(`temporalio/admin-tools:${serverTag}`);
    expect(service('temporal-ui').image).toMatch(/^temporalio\/ui:/);
  });

  it('fixes the history shard count at 512 and persists Temporal in PostgreSQL', () => {
    const temporal = env('temporal');
    expect(temporal.NUM_HISTORY_SHARDS).toBe('512');
    expect(temporal.DB).toBe('postgres12');
    expect(temporal.POSTGRES_SEEDS).toBe('postgres');
    expect(temporal.POSTGRES_PWD).toBe(dotEnv.POSTGRES_PASSWORD);
  });

  it('creates and migrates both Temporal schemas, from the versioned directories, before the server starts', () => {
    const temporal = env('temporal');
    const script = commandText('temporal-schema');
    for (const [db, dir] of [
      [temporal.DBNAME, 'temporal'],
      [temporal.VISIBILITY_DBNAME, 'visibility'],
    ]) {
      expect(script).toContain(`--db ${db} create-database`);
      expect(script).toContain(`--db ${db} setup-schema -v 0.0`);
      expect(script).toContain(`--db ${db} update-schema -d /etc/temporal/schema/postgresql/v12/${dir}/versioned`);
    }
    expect(dependsOn('temporal')['temporal-schema']).toBe('service_completed_successfully');
    expect(service('temporal-schema').restart).toBe('no');
  });

  it('gives the server the dynamic config file it refuses to start without', () => {
    const path = env('temporal').DYNAMIC_CONFIG_FILE_PATH;
    const mount = (service('temporal').configs ?? []).find((c) => typeof c === 'object' && c.target === path);
    expect(mount).toBeDefined();
    const source = typeof mount === 'object' ? mount.source : '';
    expect(compose.configs?.[source]?.content).toBeTypeOf('string');
  });

  it('creates the namespace the engine and the worker use before either starts', () => {
    const namespace = env('temporal-namespace').TEMPORAL_NAMESPACE;
    expect(namespace).toBe('default');
    expect(env('engine').TEMPORAL_NAMESPACE).toBe(namespace);
    expect(env('worker').TEMPORAL_NAMESPACE).toBe(namespace);
    expect(commandText('temporal-namespace')).toContain('temporal operator namespace create');
    expect(dependsOn('engine')['temporal-namespace']).toBe('service_completed_successfully');
    expect(dependsOn('worker')['temporal-namespace']).toBe('service_completed_successfully');
    // the engine runs the migrations; the worker starts once it is healthy
    expect(dependsOn('worker').engine).toBe('service_healthy');
  });

  it('sets on the engine only variables engine/src/env.ts reads, and on the worker only ones workflows/src/env.ts reads', () => {
    const engineKeys = Object.keys(EngineEnvSchema.shape);
    const workerKeys = Object.keys(WorkerEnvSchema.shape);
    expect(Object.keys(env('engine')).filter((key) => !engineKeys.includes(key))).toEqual([]);
    expect(Object.keys(env('worker')).filter((key) => !workerKeys.includes(key))).toEqual([]);
  });

  it('gives the engine and the worker values their env schemas accept', () => {
    const engine = EngineEnvSchema.safeParse(env('engine'));
    expect(engine.error?.issues ?? []).toEqual([]);
    expect(engine.data?.YARDSTICK_DEMO).toBe(false);
    expect(engine.data?.YARDSTICK_ADMIN_PASSWORD).toBe(dotEnv.YARDSTICK_ADMIN_PASSWORD);
    expect(engine.data?.HOST).toBe('0.0.0.0');
    const worker = WorkerEnvSchema.safeParse(env('worker'));
    expect(worker.error?.issues ?? []).toEqual([]);
  });

  it('points DATABASE_URL at the postgres service and TEMPORAL_ADDRESS at the temporal service', () => {
    const postgres = env('postgres');
    for (const name of ['engine', 'worker']) {
      const url = new URL(env(name).DATABASE_URL ?? '');
      expect(url.protocol, name).toBe('postgres:');
      expect(url.hostname, name).toBe('postgres');
      expect(url.port, name).toBe('5432');
      expect(decodeURIComponent(url.username), name).toBe(postgres.POSTGRES_USER);
      expect(decodeURIComponent(url.password), name).toBe(postgres.POSTGRES_PASSWORD);
      expect(url.pathname, name).toBe(`/${postgres.POSTGRES_DB}`);
      expect(env(name).TEMPORAL_ADDRESS, name).toBe('temporal:7233');
    }
  });

  it('refuses to start without the admin password or the database password', () => {
    expect(() => interpolate(raw, { POSTGRES_PASSWORD: 'pg-secret-1' })).toThrow(/YARDSTICK_ADMIN_PASSWORD/);
    expect(() => interpolate(raw, { YARDSTICK_ADMIN_PASSWORD: 'admin-secret-1' })).toThrow(/POSTGRES_PASSWORD/);
  });

  it('publishes the engine on 8080 and the unauthenticated Temporal UI on loopback only', () => {
    const ports = (name: string) => (service(name).ports ?? []).map(String);
    expect(ports('engine')).toContain('8080:8080');
    expect(ports('temporal-ui').every((port) => port.startsWith('127.0.0.1:'))).toBe(true);
    for (const name of ['postgres', 'temporal', 'worker']) expect(ports(name), name).toEqual([]);
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');

  it('runs the engine by default; the worker service overrides the command with the worker', () => {
    const cmds = [...dockerfile.matchAll(/^CMD\s+(\[.*\])\s*$/gm)].map((match) => JSON.parse(match[1] ?? '[]'));
    expect(cmds.at(-1)).toEqual(['node', 'engine/src/main.ts']);
    expect(service('engine').command).toBeUndefined();
    expect(service('worker').command).toEqual(['node', 'workflows/src/main.ts']);
    expect(existsSync(`${root}engine/src/main.ts`)).toBe(true);
    expect(existsSync(`${root}workflows/src/main.ts`)).toBe(true);
    for (const name of ['engine', 'worker']) {
      expect(service(name).build, name).toBe('.');
      expect(service(name).image, name).toBe(service('engine').image);
    }
  });

  it('checks health on the route the engine serves; the worker, which serves no HTTP, opts out', () => {
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\/api\/health/ms);
    expect(read('engine/src/modules/health/health.index.ts')).toContain("path: '/api/health'");
    expect(service('worker').healthcheck?.disable).toBe(true);
  });

  it('runs as a non-root user and keeps host installs and local data out of the build context', () => {
    expect(dockerfile).toMatch(/^USER node$/m);
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['**/node_modules', '**/.data', '**/build', '.git']) expect(ignored).toContain(entry);
  });
});
