import { amplitudeConnector } from './amplitude.ts';
import { backfillConnector } from './backfill.ts';
import { chargebeeConnector } from './chargebee.ts';
import { customCrmConnector } from './custom-crm.ts';
import { genericWebhookConnector } from './generic-webhook.ts';
import { hubspotConnector } from './hubspot.ts';
import { intercomConnector } from './intercom.ts';
import { mixpanelConnector } from './mixpanel.ts';
import { posthogConnector } from './posthog.ts';
import { salesforceConnector } from './salesforce.ts';
import { segmentConnector } from './segment.ts';
import { stripeConnector } from './stripe.ts';
import { tallyConnector } from './tally.ts';
import type { Connector } from './types.ts';
import { zendeskConnector } from './zendesk.ts';

/** Every built-in connector, by source name: the 14 sources of the README's table. */
export const CONNECTORS: ReadonlyMap<string, Connector> = new Map(
  [
    tallyConnector,
    segmentConnector,
    mixpanelConnector,
    amplitudeConnector,
    posthogConnector,
    stripeConnector,
    chargebeeConnector,
    hubspotConnector,
    salesforceConnector,
    customCrmConnector,
    zendeskConnector,
    intercomConnector,
    genericWebhookConnector,
    backfillConnector,
  ].map((c) => [c.name, c]),
);
