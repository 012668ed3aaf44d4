// Local Temporal for `npm start` and tests: binary discovery plus an ephemeral dev server.
export { type DevServer, type DevServerOptions, startDevServer } from './dev-server.ts';
export { binaries, cacheDir, type Executable, temporalCliExecutable, testServerExecutable } from './temporal-cli.ts';
