// `npm run bench -w @yardstick/studio [-- landing|preview]`: builds the studio, then runs the named
// benchmarks, or both.
import { spawnSync } from 'node:child_process';
import { STUDIO_ROOT } from '../scripts/bundle-report.ts';

const ALL = ['landing', 'preview'];
const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !ALL.includes(name));
if (unknown.length > 0) throw new Error(`Unknown benchmark ${unknown.join(', ')}; choose from ${ALL.join(', ')}`);

console.log('▸ building the studio');
const build = spawnSync('npm', ['run', 'build'], { cwd: STUDIO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) process.exit(build.status ?? 1);

for (const name of asked.length > 0 ? asked : ALL) {
  console.log(`\n▸ bench/${name}.ts`);
  await import(`./${name}.ts`);
}
