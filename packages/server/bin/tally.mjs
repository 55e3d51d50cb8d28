#!/usr/bin/env node
// The `tally` CLI. Sources are TypeScript; tsx compiles them on load.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
