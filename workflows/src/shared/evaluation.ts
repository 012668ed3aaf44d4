// The pure scheme evaluation, apart from the rest of `shared` (which declares Temporal signals and
// queries): what the studio imports to run a scheme in the browser without the Temporal SDK.
export * from './scheme-definition.ts';
export * from './scheme-evaluation.ts';
