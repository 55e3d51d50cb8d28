import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { TallyError } from '@tally/core';

/** A value encrypted with AES-256-GCM under a key derived from `TALLY_SECRET_KEY`. */
export interface SealedValue {
  sealed: 'A256GCM';
  iv: string;
  tag: string;
  data: string;
}

const keyOf = (secret: string) => createHash('sha256').update(`tally signing keys\0${secret}`).digest();

/** Encrypts a JSON value with the secret (authenticated: tampering is detected on open). */
export function seal(value: unknown, secret: string): SealedValue {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return { sealed: 'A256GCM', iv: iv.toString('base64url'), tag: cipher.getAuthTag().toString('base64url'), data: data.toString('base64url') };
}

/** True when `value` is a {@link SealedValue}. */
export function isSealed(value: unknown): value is SealedValue {
  return typeof value === 'object' && value !== null && (value as { sealed?: unknown }).sealed === 'A256GCM';
}

/** Decrypts a {@link seal}ed value; throws `config_invalid` when the secret is missing or wrong. */
export function open(value: SealedValue, secret: string | undefined): unknown {
  if (!secret) throw new TallyError('config_invalid', 'TALLY_SECRET_KEY: the signing key is encrypted; set the variable that encrypted it', { field: 'TALLY_SECRET_KEY' });
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), Buffer.from(value.iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(value.tag, 'base64url'));
    return JSON.parse(Buffer.concat([decipher.update(Buffer.from(value.data, 'base64url')), decipher.final()]).toString('utf8'));
  } catch (err) {
    throw new TallyError('config_invalid', 'TALLY_SECRET_KEY: does not decrypt the signing key (changed since it was written?)', { field: 'TALLY_SECRET_KEY', cause: err });
  }
}
