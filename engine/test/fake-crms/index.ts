// Fake CRM REST APIs on 127.0.0.1, one per CRM, backed by records the test controls: the only thing the CRM
// tests mock. Each speaks the CRM's documented request, answer and error shapes for what Yardstick calls.
export * from './amocrm.fake.ts';
export * from './bitrix24.fake.ts';
export * from './harness.ts';
export * from './hubspot.fake.ts';
export * from './pipedrive.fake.ts';
export * from './twenty.fake.ts';
