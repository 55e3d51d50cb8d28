// Flags of the system Chromium that work as root with no network (see TOOLCHAIN.md). Shared by the browser
// tests (web-test-runner.config.mjs) and everything that drives Chromium through playwright-core
// (test/support/demo-portal.ts: the end-to-end and script-tag tests, the portal bench).

/** Chromium flags that work as root with no network. */
export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]);
