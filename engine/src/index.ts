// What other packages use from the engine: the boot function, configuration and the database layer.
export { type RunningEngine, startEngine } from './engine.ts';
export { type EngineEnv, loadEngineEnv } from './env.ts';
