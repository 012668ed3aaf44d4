// What the browser must download before a studio route can show: the JavaScript of SvelteKit's
// start and app entries, the route's layouts and page, and every chunk they import statically
// (dynamic imports such as the chart library load later, so they are not counted). Sizes are
// measured gzipped, as they travel. `npm run build` prints the landing route's figure; the studio
// benchmark and an end-to-end test hold it to the 250 KB budget.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const STUDIO_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The budget of the issue: the landing route's initial JavaScript, gzipped. */
export const LANDING_BUDGET_BYTES = 250 * 1024;
/** Opening the studio at `/` signed in: the root page redirects to the dashboard. */
export const LANDING_ROUTES = ['/', '/(app)/dashboard'];

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
}

export interface BundleFile {
  file: string;
  bytes: number;
  gzip: number;
}

export interface RouteBundle {
  routes: string[];
  files: BundleFile[];
  bytes: number;
  gzip: number;
}

const GENERATED = '.svelte-kit/generated/build/client-optimized';

function readBuild(root: string) {
  const output = join(root, '.svelte-kit/output/client');
  const manifest = JSON.parse(readFileSync(join(output, '.vite/manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const app = readFileSync(join(root, GENERATED, 'app.js'), 'utf8');
  return { output, manifest, app };
}

/** The node indices a route loads: the root layout, its layouts and its page. */
function routeNodes(app: string, route: string): number[] {
  const entry = new RegExp(`"${route.replace(/[()[\]]/g, '\\$&')}":\\s*\\[(\\d+)(?:,\\[([\\d,]*)\\])?`).exec(app);
  if (!entry) throw new Error(`The build has no route ${route}`);
  const layouts = (entry[2] ?? '').split(',').filter(Boolean).map(Number);
  return [0, ...layouts, Number(entry[1])];
}

/** The initial JavaScript of `routes` (their union) in the build under `root`. */
export function routeBundle(routes: string[] = LANDING_ROUTES, root = STUDIO_ROOT): RouteBundle {
  const { output, manifest, app } = readBuild(root);
  const entries = Object.entries(manifest)
    .filter(([key, chunk]) => chunk.isEntry && /client\/entry\.js$|client-optimized\/app\.js$/.test(key))
    .map(([key]) => key);
  const nodes = [...new Set(routes.flatMap((route) => routeNodes(app, route)))].map(
    (node) => `${GENERATED}/nodes/${node}.js`,
  );
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`The build manifest has no ${key}`);
    seen.add(key);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  for (const key of [...entries, ...nodes]) visit(key);

  const files = [...seen]
    .map((key) => (manifest[key] as ManifestChunk).file)
    .filter((file) => file.endsWith('.js'))
    .map((file) => {
      const content = readFileSync(join(output, file));
      return { file, bytes: content.length, gzip: gzipSync(content, { level: 9 }).length };
    })
    .sort((a, b) => b.gzip - a.gzip);
  return {
    routes,
    files,
    bytes: files.reduce((sum, f) => sum + f.bytes, 0),
    gzip: files.reduce((sum, f) => sum + f.gzip, 0),
  };
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function describeLanding(bundle = routeBundle()): string {
  const verdict = bundle.gzip <= LANDING_BUDGET_BYTES ? 'within' : 'OVER';
  return (
    `Landing route (${bundle.routes.join(' → ')}) initial JavaScript: ${kb(bundle.gzip)} gzipped ` +
    `(${kb(bundle.bytes)} raw, ${bundle.files.length} files), ${verdict} the ${kb(LANDING_BUDGET_BYTES)} budget`
  );
}

if (import.meta.main) {
  const bundle = routeBundle();
  console.log(`\n${describeLanding(bundle)}`);
  for (const f of bundle.files.slice(0, 5)) console.log(`  ${kb(f.gzip).padStart(9)}  ${f.file}`);
}
