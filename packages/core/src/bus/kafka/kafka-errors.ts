import { TallyError } from '../../errors.ts';

/** Wraps a kafkajs failure as `bus_unavailable`, naming what was being done; TallyErrors pass through. */
export function busUnavailable(action: string, cause: unknown): TallyError {
  if (cause instanceof TallyError) return cause;
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new TallyError('bus_unavailable', `kafka: ${action}: ${reason}`, { cause });
}
