/**
 * The demo company's fixed catalogue: its plans and prices, its product's features (a few used by nearly
 * everyone, a long tail), the staff who own accounts and answer tickets, and word lists for names.
 */

/** A plan a customer can be on. */
export type PlanId = 'starter' | 'growth' | 'enterprise';

/** Billing interval of a subscription. */
export type Interval = 'month' | 'year';

/** List prices in cents. Enterprise is priced per contract (see `enterpriseMonthlyMinor` on the account). */
export const PLANS: Readonly<Record<PlanId, { name: string; monthlyMinor: number; annualMinor: number }>> = {
  starter: { name: 'Starter', monthlyMinor: 4_900, annualMinor: 49_000 },
  growth: { name: 'Growth', monthlyMinor: 19_900, annualMinor: 199_000 },
  enterprise: { name: 'Enterprise', monthlyMinor: 0, annualMinor: 0 },
};

/** Plan rank, for telling upgrades from downgrades. */
export const PLAN_RANK: Readonly<Record<PlanId, number>> = { starter: 1, growth: 2, enterprise: 3 };

/** A product feature: how likely an account is to adopt it, and how much adopters use it. */
export interface Feature {
  name: string;
  /** The page where it lives. */
  path: string;
  adoption: number;
  weight: number;
}

/** Uneven adoption on purpose: dashboards and reports are everywhere, forecasting is rare. */
export const FEATURES: readonly Feature[] = [
  { name: 'dashboards', path: '/dashboards', adoption: 0.97, weight: 10 },
  { name: 'reports', path: '/reports', adoption: 0.88, weight: 7 },
  { name: 'search', path: '/search', adoption: 0.8, weight: 4 },
  { name: 'sharing', path: '/dashboards', adoption: 0.6, weight: 2 },
  { name: 'alerts', path: '/alerts', adoption: 0.44, weight: 3 },
  { name: 'exports', path: '/reports', adoption: 0.36, weight: 2 },
  { name: 'integrations', path: '/settings/integrations', adoption: 0.26, weight: 1.5 },
  { name: 'api', path: '/settings/api', adoption: 0.15, weight: 4 },
  { name: 'embedded_widgets', path: '/embed', adoption: 0.09, weight: 2 },
  { name: 'custom_metrics', path: '/metrics', adoption: 0.08, weight: 2 },
  { name: 'sso', path: '/settings/security', adoption: 0.06, weight: 0.3 },
  { name: 'annotations', path: '/dashboards', adoption: 0.05, weight: 1 },
  { name: 'forecasting', path: '/forecasts', adoption: 0.035, weight: 1 },
  { name: 'anomaly_detection', path: '/alerts', adoption: 0.025, weight: 1 },
  { name: 'audit_log', path: '/settings/audit', adoption: 0.02, weight: 0.5 },
];

/** Pages with a title, for page views that are not a feature's. */
export const PAGES: readonly { name: string; path: string }[] = [
  { name: 'Home', path: '/' },
  { name: 'Dashboards', path: '/dashboards' },
  { name: 'Reports', path: '/reports' },
  { name: 'Settings', path: '/settings' },
  { name: 'Alerts', path: '/alerts' },
  { name: 'Search', path: '/search' },
];

/** The product's web app, for page URLs. */
export const APP_ORIGIN = 'https://app.northwind-metrics.example';

/** Sales reps: they own accounts while on trial. */
export const SALES_REPS: readonly { name: string; hubspotId: string; salesforceId: string }[] = [
  { name: 'Priya Raman', hubspotId: '71623401', salesforceId: '0055e000003ABCdAAO' },
  { name: 'Marcus Webb', hubspotId: '71623402', salesforceId: '0055e000003ABCeAAO' },
  { name: 'Sofia Lindqvist', hubspotId: '71623403', salesforceId: '0055e000003ABCfAAO' },
];
/** Customer success managers: they own accounts from conversion on. */
export const CSMS: readonly { name: string; hubspotId: string; salesforceId: string }[] = [
  { name: 'Dana Okafor', hubspotId: '71623411', salesforceId: '0055e000003ABDaAAO' },
  { name: 'Tom Reyes', hubspotId: '71623412', salesforceId: '0055e000003ABDbAAO' },
  { name: 'Lena Fischer', hubspotId: '71623413', salesforceId: '0055e000003ABDcAAO' },
  { name: 'Arjun Mehta', hubspotId: '71623414', salesforceId: '0055e000003ABDdAAO' },
  { name: 'Chloe Martin', hubspotId: '71623415', salesforceId: '0055e000003ABDeAAO' },
];

/** Support agents (Zendesk user ids and Intercom admin ids). */
export const AGENTS: readonly { zendeskId: string; intercomId: string; name: string }[] = [
  { zendeskId: '8447388090123', intercomId: '991267893', name: 'Ciaran Lee' },
  { zendeskId: '8447388090124', intercomId: '991267894', name: 'Maya Cohen' },
  { zendeskId: '8447388090125', intercomId: '991267895', name: 'Jonas Berg' },
  { zendeskId: '8447388090126', intercomId: '991267896', name: 'Aisha Bello' },
];

/** Ticket topics, with how a requester might phrase them. */
export const TICKET_TOPICS: readonly { topic: string; subject: string; priority: 'low' | 'normal' | 'high' | 'urgent'; type: 'question' | 'incident' | 'problem' | 'task' }[] = [
  { topic: 'how_to', subject: 'How do I share a dashboard with my team?', priority: 'low', type: 'question' },
  { topic: 'how_to', subject: 'Question about report filters', priority: 'normal', type: 'question' },
  { topic: 'bug', subject: 'Chart does not load on the reports page', priority: 'high', type: 'incident' },
  { topic: 'bug', subject: 'Numbers in export do not match the dashboard', priority: 'normal', type: 'problem' },
  { topic: 'data', subject: 'Data looks delayed since yesterday', priority: 'high', type: 'incident' },
  { topic: 'integration', subject: 'Integration keeps disconnecting', priority: 'normal', type: 'problem' },
  { topic: 'billing', subject: 'Question about our latest invoice', priority: 'normal', type: 'question' },
  { topic: 'account', subject: 'Please add a new admin to our workspace', priority: 'low', type: 'task' },
  { topic: 'feature_request', subject: 'Can we schedule reports by email?', priority: 'low', type: 'question' },
];

/** Word lists for names: industries, company name parts, people's names. */
export const INDUSTRIES: readonly string[] = [
  'Software', 'Retail', 'Healthcare', 'Financial Services', 'Education', 'Logistics', 'Media', 'Manufacturing', 'Travel', 'Real Estate',
];

/** See {@link INDUSTRIES}. */
export const NAME_HEADS: readonly string[] = [
  'Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Soylent', 'Stark', 'Wayne', 'Tyrell', 'Cyberdyne', 'Wonka',
  'Pied Piper', 'Aperture', 'Gringotts', 'Monarch', 'Oscorp', 'Nakatomi', 'Duff', 'Blue Harbor', 'Northwind', 'Contoso',
  'Fabrikam', 'Tailspin', 'Woodgrove', 'Litware', 'Adatum', 'Proseware', 'Lucerne', 'Margie', 'Alpine', 'Coho',
  'Fourth Coffee', 'Wide World', 'Bluebird', 'Redwood', 'Silverline', 'Brightside', 'Keystone', 'Summit', 'Evergreen',
  'Ironclad', 'Lumen', 'Helix', 'Quantum', 'Orbit', 'Beacon', 'Cobalt', 'Juniper', 'Maple', 'Cedar', 'Atlas', 'Nimbus',
];
/** See {@link INDUSTRIES}. */
export const NAME_TAILS: readonly string[] = [
  'Labs', 'Inc.', 'Corp', 'Group', 'Health', 'Logistics', 'Systems', 'Analytics', 'Retail', 'Media', 'Partners', 'GmbH',
  'Ltd', 'Studio', 'Works', 'Foods', 'Travel', 'Capital', 'Software', 'Energy',
];
/** See {@link INDUSTRIES}. */
export const FIRST_NAMES: readonly string[] = [
  'Ada', 'Ben', 'Carla', 'Dev', 'Elena', 'Finn', 'Grace', 'Hiro', 'Ines', 'Jamal', 'Kira', 'Liam', 'Mina', 'Noah', 'Olga',
  'Pedro', 'Quinn', 'Rosa', 'Sam', 'Tara', 'Uma', 'Victor', 'Wen', 'Xavi', 'Yara', 'Zoe', 'Amir', 'Bea', 'Chen', 'Dara',
];
/** See {@link INDUSTRIES}. */
export const LAST_NAMES: readonly string[] = [
  'Smith', 'Garcia', 'Chen', 'Okafor', 'Novak', 'Rossi', 'Kim', 'Patel', 'Muller', 'Silva', 'Dubois', 'Tanaka', 'Ivanova',
  'Haddad', 'Nguyen', 'Larsen', 'Costa', 'Moreau', 'Schmidt', 'Lopez', 'Khan', 'Wright', 'Ahmed', 'Berg', 'Sato',
];

/** Where accounts are: the UTC offset of their working day, in hours. */
export const REGIONS: readonly { country: string; utcOffset: number; weight: number }[] = [
  { country: 'US', utcOffset: -5, weight: 30 },
  { country: 'US', utcOffset: -8, weight: 20 },
  { country: 'GB', utcOffset: 0, weight: 12 },
  { country: 'DE', utcOffset: 1, weight: 14 },
  { country: 'FR', utcOffset: 1, weight: 8 },
  { country: 'IN', utcOffset: 5.5, weight: 6 },
  { country: 'AU', utcOffset: 10, weight: 5 },
  { country: 'SG', utcOffset: 8, weight: 5 },
];
