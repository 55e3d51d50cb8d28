#!/usr/bin/env -S node --max-semi-space-size=64
// A larger young generation: ingest allocates many short-lived objects, and scavenges cost less this way.
// The `tally` CLI. Sources are TypeScript; tsx compiles them on load.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
