/** A bearer token, or a function that returns a fresh one before each request (for short-lived embed tokens). */
export type TokenSource = string | (() => Promise<string>);

/** Options of {@link createTallyClient}. Bad options throw a `TypeError` naming the option when the client is created. */
export interface TallyClientOptions {
  /**
   * Base URL of the Tally API, for example `https://tally.example.com` or `https://example.com/tally`.
   * In a browser a path such as `/tally` resolves against the page's URL.
   */
  baseUrl: string;
  /**
   * The `fetch` to use, for tests or custom transports.
   * @default globalThis.fetch
   */
  fetch?: typeof fetch;
  /**
   * Sent as `Authorization: Bearer <token>`. A function is called before every request, so it can return a
   * cached token and refresh it when it nears expiry.
   * @default undefined (no Authorization header)
   */
  token?: TokenSource;
}

/** Options after validation, as the request layer uses them. */
export interface ResolvedClientOptions {
  /** Absolute base URL without a trailing slash. */
  baseUrl: string;
  fetch: typeof fetch;
  token: TokenSource | undefined;
}

const describe = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value) : String(value));

/** Validates a base URL option (`name` is the option's name in the message) and returns it absolute, without a trailing slash. */
export function resolveBaseUrl(value: unknown, name = 'baseUrl'): string {
  const invalid = (why: string): TypeError => new TypeError(`invalid ${name}: ${why}, got ${describe(value)}`);
  if (typeof value !== 'string' || value.trim() === '') throw invalid('expected a non-empty string');
  const pageUrl = (globalThis as { location?: { href?: unknown } }).location?.href;
  let url: URL;
  try {
    url = new URL(value, typeof pageUrl === 'string' ? pageUrl : undefined);
  } catch {
    throw invalid('expected an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid('expected an http: or https: URL');
  if (url.search !== '' || url.hash !== '') throw invalid('expected no query or fragment');
  return url.href.replace(/\/+$/, '');
}

/** Validates {@link TallyClientOptions}; throws a `TypeError` that names the bad option. */
export function resolveClientOptions(options: TallyClientOptions): ResolvedClientOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`invalid options: expected an object with a baseUrl, got ${describe(options)}`);
  }
  const baseUrl = resolveBaseUrl(options.baseUrl);
  const fetchImpl: unknown = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') {
    throw new TypeError('invalid fetch: expected a function (this runtime has no global fetch; pass one)');
  }
  const { token } = options;
  if (token !== undefined && typeof token !== 'function' && (typeof token !== 'string' || token === '')) {
    throw new TypeError('invalid token: expected a non-empty string or a function returning a Promise<string>');
  }
  return { baseUrl, fetch: fetchImpl as typeof fetch, token };
}
