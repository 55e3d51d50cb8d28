import { createHmac, timingSafeEqual } from 'node:crypto';
import type { VerifyResult } from './types.ts';

/** HMAC of `payload` with `secret`, in the encoding the vendor uses. */
export function hmac(algorithm: 'sha1' | 'sha256', secret: string, payload: string, encoding: 'hex' | 'base64'): string {
  return createHmac(algorithm, secret).update(payload, 'utf8').digest(encoding);
}

/** Constant-time comparison of two signatures as text. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

export const missing = (message: string): VerifyResult => ({ ok: false, code: 'signature_missing', message });
export const invalid = (message: string): VerifyResult => ({ ok: false, code: 'signature_invalid', message });
export const stale = (message: string): VerifyResult => ({ ok: false, code: 'signature_stale', message });

/** The default tolerance for signed timestamps: five minutes either way. */
export const SIGNATURE_TOLERANCE_MS = 5 * 60 * 1000;
