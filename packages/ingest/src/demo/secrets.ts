/**
 * The demo tenant's source secrets. Fixed and public on purpose: they protect nothing but demo data, and
 * fixed values let a restarted demo keep signing what the server expects. Never reuse them for real sources.
 */
export interface DemoSecrets {
  /** Stripe endpoint signing secret (`Stripe-Signature`). */
  stripe: string;
  /** HubSpot app client secret (signature v3). */
  hubspot: string;
  /** Zendesk webhook signing secret. */
  zendesk: string;
  /** Intercom app client secret (`X-Hub-Signature`). */
  intercom: string;
  /** Chargebee webhook basic-auth pair. */
  chargebee: { username: string; password: string };
}

/** The documented demo values (docs/demo.md). */
export const DEMO_SECRETS: DemoSecrets = {
  stripe: 'whsec_tally_demo',
  hubspot: 'hubspot_tally_demo',
  zendesk: 'zendesk_tally_demo',
  intercom: 'intercom_tally_demo',
  chargebee: { username: 'tally-demo', password: 'chargebee_tally_demo' },
};
