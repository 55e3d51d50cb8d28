import { randomUUID } from 'node:crypto';
import type { Rejection } from '../connectors/types.ts';

/** A refused item on the dead-letter topic: the raw payload and why. Keyed `tenant:source` on the bus. */
export interface DeadLetter {
  id: string;
  tenant: string;
  source: string;
  receivedAt: string;
  code: Rejection['code'] | 'invalid_json';
  field: string;
  message: string;
  connectorVersion: number;
  /** The item as received (JSON text, or the raw body when it was not JSON). */
  payload: string;
}

/** Largest payload kept in a dead letter; longer ones are cut (and say so). */
export const MAX_DEAD_LETTER_PAYLOAD = 256 * 1024;

/** Builds a dead letter for a refused item. */
export function deadLetter(
  base: { tenant: string; source: string; receivedAt: Date; connectorVersion: number },
  rejection: { code: DeadLetter['code']; field: string; message: string },
  raw: unknown,
): DeadLetter {
  let payload = typeof raw === 'string' ? raw : JSON.stringify(raw) ?? 'null';
  if (payload.length > MAX_DEAD_LETTER_PAYLOAD) payload = `${payload.slice(0, MAX_DEAD_LETTER_PAYLOAD)}…[cut at ${MAX_DEAD_LETTER_PAYLOAD} characters]`;
  return {
    id: randomUUID(),
    tenant: base.tenant,
    source: base.source,
    receivedAt: base.receivedAt.toISOString(),
    code: rejection.code,
    field: rejection.field,
    message: rejection.message,
    connectorVersion: base.connectorVersion,
    payload,
  };
}
