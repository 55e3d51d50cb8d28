import type { ResolvedClientOptions } from './client-options.ts';
import { TallyApiError, isApiErrorBody } from './wire/errors.ts';

/** One API call: method, path under the base URL, and the guard its successful answer must pass. */
export interface RequestSpec<T> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** Type guard for a 2xx body; a body that fails it is an `internal` error. */
  accept: (body: unknown) => body is T;
  body?: unknown;
  /** Extra request headers (e.g. the widget header). */
  headers?: Record<string, string>;
  /** Aborts the fetch; the call then rejects with `signal.reason`. */
  signal?: AbortSignal;
}

/** Statuses that mean "a proxy or the server is not serving right now" rather than "the server failed". */
const UNAVAILABLE_STATUSES = new Set([408, 502, 503, 504]);

function networkReason(err: unknown): string {
  const cause: unknown = err instanceof Error ? err.cause : undefined;
  const code = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
  const message = err instanceof Error ? err.message : String(err);
  return typeof code === 'string' ? `${message} (${code})` : message;
}

async function authorization(token: ResolvedClientOptions['token']): Promise<string | undefined> {
  if (token === undefined) return undefined;
  if (typeof token === 'string') return `Bearer ${token}`;
  let value: unknown;
  try {
    value = await token();
  } catch (err) {
    throw new TallyApiError('unauthorized', `token provider failed: ${networkReason(err)}`, { cause: err });
  }
  if (typeof value !== 'string' || value === '') {
    throw new TallyApiError('unauthorized', 'token provider returned no token: expected a non-empty string');
  }
  return `Bearer ${value}`;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * Sends one request and returns its typed answer. Every failure becomes a {@link TallyApiError}: the server's
 * own error body keeps its code; no answer or a gateway status is `unavailable`; anything else is `internal`.
 */
export async function request<T>(options: ResolvedClientOptions, spec: RequestSpec<T>): Promise<T> {
  const url = `${options.baseUrl}${spec.path}`;
  const what = `${spec.method} ${url}`;
  const headers: Record<string, string> = { ...spec.headers, accept: 'application/json' };
  const auth = await authorization(options.token);
  if (auth !== undefined) headers.authorization = auth;
  if (spec.body !== undefined) headers['content-type'] = 'application/json';

  let response: Response;
  let text: string;
  try {
    const fetchImpl = options.fetch;
    response = await fetchImpl(url, {
      method: spec.method,
      headers,
      body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
      signal: spec.signal,
    });
    text = await response.text();
  } catch (err) {
    if (spec.signal?.aborted === true) throw spec.signal.reason;
    throw new TallyApiError('unavailable', `could not reach ${what}: ${networkReason(err)}`, { cause: err });
  }

  const parsed = parseJson(text);
  const { status } = response;
  if (!response.ok) {
    if (parsed.ok && isApiErrorBody(parsed.value)) {
      const { code, message, field, requestId } = parsed.value.error;
      throw new TallyApiError(code, message, { status, field, requestId });
    }
    const code = UNAVAILABLE_STATUSES.has(status) ? 'unavailable' : 'internal';
    const type = response.headers.get('content-type') ?? 'no content-type';
    throw new TallyApiError(code, `${what} answered ${status} without a Tally error body (${type})`, { status });
  }
  if (!parsed.ok) {
    const type = response.headers.get('content-type') ?? 'no content-type';
    throw new TallyApiError('internal', `${what} answered ${status} with a body that is not JSON (${type})`, { status });
  }
  if (!spec.accept(parsed.value)) {
    throw new TallyApiError('internal', `${what} answered ${status} with an unexpected body shape`, { status });
  }
  return parsed.value;
}
