import { TOPICS, type Bus, type Store, type Subscription } from '@tally/core';
import type { DeadLetter } from './dead-letter.ts';
import { saveDeadLetters } from './dead-letter-store.ts';

/** The consumer group that indexes the dead-letter topic into the `dead_letters` table. */
export const DEAD_LETTER_GROUP = 'tally-dead-letter-index';

/** Starts indexing dead letters so the admin API can list and replay them. */
export function startDeadLetterIndexer(bus: Bus, store: Store): Promise<Subscription> {
  return bus.subscribe<DeadLetter>(TOPICS.deadLetters, DEAD_LETTER_GROUP, async (batch) => {
    await saveDeadLetters(store, batch.messages.map((m) => m.value));
  });
}
