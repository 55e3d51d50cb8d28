import { TallyError } from '../errors.ts';
import { CURRENT_SCHEMA_VERSION, canonicalEventSchema, type CanonicalEvent } from './canonical-event.ts';

/** Lifts an event of version `from` to version `from + 1`. Pure; receives a plain object. */
export type Upcaster = (event: Record<string, unknown>) => Record<string, unknown>;

/** Result of reading a stored or received event. */
export type ReadEventResult =
  | { ok: true; event: CanonicalEvent }
  | { ok: false; code: 'event_invalid' | 'event_version_unsupported'; message: string; field?: string };

/**
 * Reads events of any known schema version: applies the upcasters in order up to `targetVersion`, then
 * validates. Later versions register an upcaster from the previous one.
 *
 * @example
 * const registry = new UpcasterRegistry().register(1, (e) => ({ ...e, schemaVersion: 2, plan: null }));
 */
export class UpcasterRegistry {
  readonly #upcasters = new Map<number, Upcaster>();
  readonly #targetVersion: number;
  readonly #validate: (value: unknown) => ReadEventResult;

  /**
   * @param targetVersion the version reads are lifted to.
   * @default CURRENT_SCHEMA_VERSION
   */
  constructor(
    targetVersion: number = CURRENT_SCHEMA_VERSION,
    validate: (value: unknown) => ReadEventResult = validateCurrent,
  ) {
    this.#targetVersion = targetVersion;
    this.#validate = validate;
  }

  /** Registers the upcaster from `fromVersion` to `fromVersion + 1`. */
  register(fromVersion: number, upcaster: Upcaster): this {
    if (!Number.isInteger(fromVersion) || fromVersion < 1) {
      throw new TallyError('invalid_argument', `invalid fromVersion: ${fromVersion}`, { field: 'fromVersion' });
    }
    if (this.#upcasters.has(fromVersion)) {
      throw new TallyError('invalid_argument', `an upcaster from version ${fromVersion} is already registered`);
    }
    this.#upcasters.set(fromVersion, upcaster);
    return this;
  }

  /** Lifts and validates one event. Never throws for bad input. */
  read(value: unknown): ReadEventResult {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { ok: false, code: 'event_invalid', message: 'event: expected an object' };
    }
    let event = value as Record<string, unknown>;
    let version = event.schemaVersion;
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
      return { ok: false, code: 'event_invalid', message: 'schemaVersion: expected a positive integer', field: 'schemaVersion' };
    }
    if (version > this.#targetVersion) {
      return {
        ok: false,
        code: 'event_version_unsupported',
        message: `schemaVersion: ${version} is newer than this reader (${this.#targetVersion})`,
        field: 'schemaVersion',
      };
    }
    while (version < this.#targetVersion) {
      const upcaster = this.#upcasters.get(version);
      if (!upcaster) {
        return {
          ok: false,
          code: 'event_version_unsupported',
          message: `schemaVersion: no upcaster from version ${version}`,
          field: 'schemaVersion',
        };
      }
      event = { ...upcaster(event), schemaVersion: version + 1 };
      version += 1;
    }
    return this.#validate(event);
  }
}

/** Validates a value against the current canonical event schema. */
export function validateCurrent(value: unknown): ReadEventResult {
  const parsed = canonicalEventSchema.safeParse(value);
  if (parsed.success) return { ok: true, event: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || undefined;
  return { ok: false, code: 'event_invalid', message: `${field ?? 'event'}: ${issue?.message ?? 'invalid'}`, field };
}

/** The default registry: version 1 is current, so nothing to lift yet. */
export const defaultUpcasters = new UpcasterRegistry();
