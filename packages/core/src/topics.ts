/** Bus topics. Versioned names: a breaking change to a topic's messages gets a new topic. */
export const TOPICS = {
  /** Canonical events accepted by ingest, keyed `tenant:customerId`. */
  events: 'tally.events.v1',
  /** Items ingest rejected, with the raw payload and the reason. */
  deadLetters: 'tally.deadletter.v1',
} as const;
