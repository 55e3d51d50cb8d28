/**
 * The demo data generator: a seeded, believable SaaS company whose product usage, billing, CRM and support
 * events go through Tally's real ingest endpoints in each vendor's own format. See docs/demo.md.
 */
export { prepareDemoTenant } from './setup.ts';
export type { DemoSetup, PrepareDemoOptions } from './setup.ts';
export { runDemo } from './runner.ts';
export type { DemoProgress, DemoReport, RunDemoOptions } from './runner.ts';
export { DEMO_SECRETS } from './secrets.ts';
export type { DemoSecrets } from './secrets.ts';
export { DEMO_VENDORS } from './model.ts';
export type { DemoVendor } from './model.ts';
export type { FetchLike, SendStats, ItemCounts, RejectionSample } from './sender.ts';
export { buildCompany, HISTORY_DAYS } from './company.ts';
export type { Company, CompanyOptions } from './company.ts';
export { productEventsOn } from './activity.ts';
export { Rng, derive, mix } from './random.ts';
