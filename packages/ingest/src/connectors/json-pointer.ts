/**
 * RFC 6901 JSON Pointers: `/events/0/user~1id` → `["events", "0", "user/id"]`. Used by the generic webhook
 * connector to map any JSON body onto canonical fields.
 */

/**
 * The reference tokens of a pointer, or `undefined` when it is not a valid RFC 6901 pointer (it must be
 * empty or start with `/`, and `~` may only appear as `~0` or `~1`). `""` is the whole document.
 *
 * @example
 * parsePointer('/a~1b/m~0n') // ['a/b', 'm~n']
 */
export function parsePointer(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/') || /~(?![01])/.test(pointer)) return undefined;
  // ~1 before ~0, so that `~01` becomes `~1` and not `/` (RFC 6901 section 4).
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Whether `pointer` is a valid RFC 6901 pointer. */
export function isPointer(pointer: string): boolean {
  return parsePointer(pointer) !== undefined;
}

const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;

/** What a pointer points at: the value, or nothing (a missing member, an index out of range, `-`). */
export type Resolved = { found: true; value: unknown } | { found: false };

/**
 * Resolves a pointer (text or parsed tokens) in `document`. Only own members of objects are followed (never
 * `__proto__` or inherited names); array tokens must be decimal indices without leading zeros. An invalid
 * pointer resolves to nothing.
 *
 * @example
 * resolvePointer({ events: [{ id: 'e1' }] }, '/events/0/id') // { found: true, value: 'e1' }
 */
export function resolvePointer(document: unknown, pointer: string | readonly string[]): Resolved {
  const tokens = typeof pointer === 'string' ? parsePointer(pointer) : pointer;
  if (!tokens) return { found: false };
  let current: unknown = document;
  for (const token of tokens) {
    if (Array.isArray(current)) {
      if (!ARRAY_INDEX.test(token)) return { found: false };
      const index = Number(token);
      if (index >= current.length) return { found: false };
      current = current[index];
    } else if (typeof current === 'object' && current !== null && Object.hasOwn(current, token)) {
      current = (current as Record<string, unknown>)[token];
    } else {
      return { found: false };
    }
  }
  return { found: true, value: current };
}

/**
 * A pointer as a field path in the style of rejections (`events[0].user.id`), below `prefix`.
 *
 * @example
 * pointerToPath('/user/0/id', 'batch[2]') // 'batch[2].user[0].id'
 */
export function pointerToPath(pointer: string | readonly string[], prefix = ''): string {
  const tokens = typeof pointer === 'string' ? (parsePointer(pointer) ?? [pointer]) : pointer;
  let path = prefix;
  for (const token of tokens) {
    if (ARRAY_INDEX.test(token)) path = `${path}[${token}]`;
    else path = path ? `${path}.${token}` : token;
  }
  return path;
}
