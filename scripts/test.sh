#!/usr/bin/env bash
# `npm test`: the whole suite. Type check, vitest (unit + integration against real Postgres, Redis and the
# Kafka test broker), web-test-runner in Chromium, the browser bundles, and the Storybook static build.
set -euo pipefail
cd "$(dirname "$0")/.."

PGPORT="${PGPORT:-5432}"
REDIS_PORT="${REDIS_PORT:-6379}"
export TALLY_TEST_PG_ADMIN_URL="${TALLY_TEST_PG_ADMIN_URL:-postgres://postgres@127.0.0.1:$PGPORT/postgres}"
export TALLY_TEST_REDIS_URL="${TALLY_TEST_REDIS_URL:-redis://127.0.0.1:$REDIS_PORT}"

bash scripts/ensure-services.sh
trap 'bash scripts/ensure-services.sh stop' EXIT

step() { printf '\n== %s ==\n' "$*"; }
bin=node_modules/.bin

step "type check"
"$bin/tsc" -p tsconfig.json --noEmit

step "vitest: unit and integration"
"$bin/vitest" run

step "web-test-runner: widgets in Chromium"
"$bin/web-test-runner"

step "rollup: browser bundles"
"$bin/rollup" -c rollup.config.mjs

step "storybook: static build"
STORYBOOK_DISABLE_TELEMETRY=1 "$bin/storybook" build --disable-telemetry --quiet -c .storybook -o storybook-static

printf '\nnpm test: all steps passed\n'
