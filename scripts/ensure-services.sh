#!/usr/bin/env bash
# Makes sure what `npm test` needs is here: Chromium, gcc and librdkafka-dev (the Kafka test broker),
# PostgreSQL and Redis reachable on 127.0.0.1. Installs what is missing with apt when run as root, and
# starts throwaway Postgres/Redis instances when none answers on the port. `ensure-services.sh stop`
# stops the throwaway instances it started (npm test calls it on exit).
#
# Ports: PGPORT (default 5432) and REDIS_PORT (default 6379).
set -euo pipefail

PGPORT="${PGPORT:-5432}"
REDIS_PORT="${REDIS_PORT:-6379}"
STATE_DIR="${TALLY_SERVICES_STATE:-/tmp/tally-test-services}"

say() { printf 'ensure-services: %s\n' "$*" >&2; }

if [ "${1:-}" = "stop" ]; then
  if [ -f "$STATE_DIR/pg.dir" ]; then
    dir=$(cat "$STATE_DIR/pg.dir")
    pgbin=$(cat "$STATE_DIR/pg.bin")
    runuser -u postgres -- "$pgbin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir" "$STATE_DIR/pg.dir" "$STATE_DIR/pg.bin"
    say "stopped the throwaway PostgreSQL"
  fi
  if [ -f "$STATE_DIR/redis.pid" ]; then
    kill "$(cat "$STATE_DIR/redis.pid")" 2>/dev/null || true
    rm -f "$STATE_DIR/redis.pid"
    say "stopped the throwaway Redis"
  fi
  exit 0
fi

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# 1. Packages.
missing=()
[ -x /usr/bin/chromium ] || [ -n "${CHROME_PATH:-}" ] || missing+=(chromium)
command -v gcc >/dev/null || missing+=(gcc)
[ -f /usr/include/librdkafka/rdkafka_mock.h ] || missing+=(librdkafka-dev)
if ! port_open "$PGPORT"; then
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
fi
if ! port_open "$REDIS_PORT"; then
  command -v redis-server >/dev/null || missing+=(redis-server)
fi

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    say "installing ${missing[*]} with apt"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    say "missing: ${missing[*]}. Install them, then run npm test again:"
    say "  sudo apt-get update && sudo apt-get install -y ${missing[*]}"
    exit 1
  fi
fi

mkdir -p "$STATE_DIR"

# 2. PostgreSQL on 127.0.0.1:$PGPORT (trust auth for the test user), or a throwaway one.
if ! port_open "$PGPORT"; then
  if [ "$(id -u)" != "0" ]; then
    say "nothing answers on 127.0.0.1:$PGPORT. Start PostgreSQL, for example:"
    say "  sudo pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start"
    exit 1
  fi
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  dir=$(mktemp -d /tmp/tally-pg.XXXXXX)
  chown postgres "$dir"
  say "starting a throwaway PostgreSQL on 127.0.0.1:$PGPORT in $dir"
  runuser -u postgres -- "$pgbin/initdb" -D "$dir" -A trust -U postgres >/dev/null
  runuser -u postgres -- "$pgbin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
    -o "-p $PGPORT -c listen_addresses=127.0.0.1 -k $dir -c fsync=off" start >/dev/null
  echo "$dir" > "$STATE_DIR/pg.dir"
  echo "$pgbin" > "$STATE_DIR/pg.bin"
fi

# 3. Redis on 127.0.0.1:$REDIS_PORT, or a throwaway one.
if ! port_open "$REDIS_PORT"; then
  if [ "$(id -u)" != "0" ] && ! command -v redis-server >/dev/null; then
    say "nothing answers on 127.0.0.1:$REDIS_PORT. Start Redis, for example:"
    say "  redis-server --daemonize yes --bind 127.0.0.1 --port $REDIS_PORT --save '' --appendonly no"
    exit 1
  fi
  say "starting a throwaway Redis on 127.0.0.1:$REDIS_PORT"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no \
    --pidfile "$STATE_DIR/redis.pid" --logfile "$STATE_DIR/redis.log" >/dev/null
  for _ in $(seq 1 50); do port_open "$REDIS_PORT" && break; sleep 0.1; done
fi

port_open "$PGPORT" || { say "PostgreSQL did not come up on $PGPORT"; exit 1; }
port_open "$REDIS_PORT" || { say "Redis did not come up on $REDIS_PORT"; exit 1; }
say "ready: PostgreSQL 127.0.0.1:$PGPORT, Redis 127.0.0.1:$REDIS_PORT"
