/** Helpers for connector fixture tests. */
import { readFileSync } from 'node:fs';

export type Json = Record<string, unknown>;

/** Reads `fixtures/<source>/<name>.json` beside the connectors. */
export function loadFixture(source: string, name: string): Json {
  return JSON.parse(readFileSync(new URL(`../fixtures/${source}/${name}.json`, import.meta.url), 'utf8')) as Json;
}

/** A copy of `value` with the dotted `path` set to `next`, or removed when `next` is undefined. */
export function edit(value: Json, path: string, next: unknown): Json {
  const copy = structuredClone(value);
  const keys = path.split('.');
  let at = copy;
  for (const key of keys.slice(0, -1)) at = at[key] as Json;
  const last = keys[keys.length - 1]!;
  if (next === undefined) delete at[last];
  else at[last] = next;
  return copy;
}
