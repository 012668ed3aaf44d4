// `npm run bench -w @yardstick/engine [-- progress|ingest|alert-latency|close ...]`: runs the named benchmarks, or all
// of them.
const ALL = ['progress', 'ingest', 'alert-latency', 'close'];
const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !ALL.includes(name));
if (unknown.length > 0) throw new Error(`Unknown benchmark ${unknown.join(', ')}; choose from ${ALL.join(', ')}`);
for (const name of asked.length > 0 ? asked : ALL) {
  console.log(`\n▸ bench/${name}.ts`);
  await import(`./${name}.ts`);
}
