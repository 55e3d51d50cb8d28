import type { EventDraft } from './types.ts';

/**
 * An event draft with the optional fields only when present and `properties` without undefined values
 * (the billing connectors build many of these from sparse vendor objects).
 */
export function draft(
  base: Pick<EventDraft, 'id' | 'occurredAt'>,
  type: EventDraft['type'],
  customerId: string | undefined,
  properties: Record<string, unknown>,
  revenue?: EventDraft['revenue'],
): EventDraft {
  const props = Object.fromEntries(Object.entries(properties).filter(([, v]) => v !== undefined));
  return { ...base, type, ...(customerId ? { customerId } : {}), properties: props, ...(revenue ? { revenue } : {}) };
}
