/**
 * Tiny helpers for the browser tests that web-test-runner runs with mocha in Chromium: typed access to mocha's
 * globals (no @types/mocha needed), a few assertions, and fixtures that are removed after each test.
 */
import type { LitElement } from 'lit';

type Body = () => void | Promise<void>;
interface MochaGlobals {
  describe(title: string, body: () => void): void;
  it(title: string, body: Body): void;
  afterEach(body: Body): void;
}
const mocha = (): MochaGlobals => globalThis as unknown as MochaGlobals;

/** mocha's `describe`. */
export const describe = (title: string, body: () => void): void => mocha().describe(title, body);
/** mocha's `it`. */
export const it = (title: string, body: Body): void => mocha().it(title, body);
/** mocha's `afterEach`. */
export const afterEach = (body: Body): void => mocha().afterEach(body);

/** Throws when `condition` is falsy. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

/** Throws unless `actual` and `expected` are equal as JSON (so arrays and plain objects compare by value). */
export function assertEqual(actual: unknown, expected: unknown, what = 'value'): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

/** Throws unless `text` matches `pattern`. */
export function assertMatch(text: string | null | undefined, pattern: RegExp, what = 'text'): void {
  if (text == null || !pattern.test(text)) throw new Error(`${what}: expected ${pattern}, got ${JSON.stringify(text)}`);
}

const mounted: Element[] = [];

/** Parses `markup`, appends its first element to the document and waits for its first render. */
export async function fixture<T extends LitElement>(markup: string, before?: (el: T) => void): Promise<T> {
  const template = document.createElement('template');
  template.innerHTML = markup.trim();
  const el = template.content.firstElementChild;
  assert(el !== null, `fixture markup has no element: ${markup}`);
  const adopted = document.importNode(el, true) as T;
  before?.(adopted);
  document.body.append(adopted);
  mounted.push(adopted);
  await adopted.updateComplete;
  return adopted;
}

/** Removes every element that {@link fixture} added; call from `afterEach`. */
export function cleanupFixtures(): void {
  for (const el of mounted.splice(0)) el.remove();
}

/** The element matching `selector` in `host`'s shadow root; throws when absent. */
export function shadowQuery<T extends Element = HTMLElement>(host: Element, selector: string): T {
  const found = host.shadowRoot?.querySelector<T>(selector);
  assert(found != null, `no ${selector} in <${host.localName}>'s shadow root`);
  return found;
}

/** Text content with whitespace collapsed. */
export const textOf = (el: Element | null | undefined): string => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
