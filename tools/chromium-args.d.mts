// Types of chromium-args.mjs for TypeScript callers (test/support/demo-portal.ts).

/** Chromium flags that work as root with no network (see TOOLCHAIN.md). */
export const CHROMIUM_ARGS: readonly string[];
