// Pure domain rules shared by the engine and the worker: periods, time zones, working days.
export * from './calendar.ts';
export * from './period.ts';
