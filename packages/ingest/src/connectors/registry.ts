import { amplitudeConnector } from './amplitude.ts';
import { mixpanelConnector } from './mixpanel.ts';
import { posthogConnector } from './posthog.ts';
import { segmentConnector } from './segment.ts';
import { tallyConnector } from './tally.ts';
import type { Connector } from './types.ts';

/** Every built-in connector, by source name. */
export const CONNECTORS: ReadonlyMap<string, Connector> = new Map(
  [tallyConnector, segmentConnector, mixpanelConnector, amplitudeConnector, posthogConnector].map((c) => [c.name, c]),
);
