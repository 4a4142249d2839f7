#!/usr/bin/env bash
# Runs the whole test suite: builds with AddressSanitizer + UndefinedBehaviorSanitizer,
# starts a private PostgreSQL 15 cluster and an SMTP sink on loopback ports, runs every
# unit and HTTP test on SQLite and on PostgreSQL (CTest), each fuzz target for 10 seconds
# (scripts/fuzz.sh), then the browser tests in headless Chromium with axe-core: on SQLite,
# and on PostgreSQL after moving the seeded SQLite instance there, with a real OpenID Connect
# provider (npm oidc-provider, tests/support/oidc/provider.mjs) beside each server for the
# single-sign-on test. Stops everything it started, whatever happens.
#
# Usage: scripts/test.sh [--no-browser]
set -euo pipefail
[[ "${1:-}" == "--help" ]] && { sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0; }
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
browser=1
[[ "${1:-}" == "--no-browser" ]] && browser=0

scripts/install-deps.sh
scripts/build-assets.sh

work=$(mktemp -d /tmp/cityskills-test.XXXXXX)
chmod 755 "$work"
# A random loopback port in [FROM, FROM+10000) that nothing listens on yet.
free_port() {
  local p
  for _ in $(seq 50); do
    p=$(( $1 + RANDOM % 10000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
  done
  echo "test.sh: no free port from $1" >&2
  return 1
}
pg_port=$(free_port 40000)
smtp_port=$(free_port 50000)
cleanup() {
  [[ -n "${server_pid:-}" ]] && kill "$server_pid" 2>/dev/null || true
  [[ -n "${oidc_pid:-}" ]] && kill "$oidc_pid" 2>/dev/null || true
  scripts/smtp-sink.sh stop "$work/smtp" || true
  scripts/pg-cluster.sh stop "$work/pg" || true
}
trap cleanup EXIT

# Assigned apart from `export` so that a cluster that fails to start stops the run.
pg_url=$(scripts/pg-cluster.sh start "$work/pg" "$pg_port")
export CITYSKILLS_TEST_PG_URL=$pg_url
scripts/smtp-sink.sh start "$work/smtp" "$smtp_port"
export CITYSKILLS_TEST_SMTP_URL="smtp://127.0.0.1:$smtp_port"
export CITYSKILLS_TEST_MAILDIR="$work/smtp/mail"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

cmake --preset asan >/dev/null
cmake --build --preset asan
ctest --preset asan -j2

# Each libFuzzer target briefly from its seed corpus (docs/fuzzing.md); a crash, leak or
# timeout fails the run.
scripts/fuzz.sh --seconds 10

if (( browser )); then
  # The browser test drives the same sanitizer build, on SQLite and on PostgreSQL. The
  # PostgreSQL instance is the way an operator gets one: the demo seeded on SQLite, then moved
  # with `move-to`, so every browser test also runs on a moved database (seeding straight into
  # PostgreSQL is the CLI test's).
  for db in sqlite postgres; do
    data="$work/e2e-$db"
    mkdir -p "$data"
    url="sqlite:$data/cityskills.db"
    build/asan/cityskills seed --demo --quiet --data "$data" --database "$url"
    if [[ $db == postgres ]]; then
      scripts/pg-cluster.sh createdb "$work/pg" "$pg_port" e2e
      url="postgresql://cityskills@127.0.0.1:$pg_port/e2e"
      build/asan/cityskills move-to "$url" --data "$data" >"$data/move.log" || { cat "$data/move.log"; exit 1; }
      mv "$data/cityskills.db" "$data/moved-from.db"  # nothing may read the old database now
    fi
    port=$(free_port 20000)
    build/asan/cityskills serve --data "$data" --database "$url" --listen "127.0.0.1:$port" \
      --assets build/web --smtp "$CITYSKILLS_TEST_SMTP_URL" >"$data/server.log" 2>&1 &
    server_pid=$!
    # The OpenID provider the single-sign-on test signs in through, its client registered
    # with this server's callback.
    oidc_port=$(free_port 30000)
    node tests/support/oidc/provider.mjs "$oidc_port" "http://127.0.0.1:$port" >"$data/oidc.log" 2>&1 &
    oidc_pid=$!
    for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
    oidc_ready=""
    for _ in $(seq 100); do
      curl -fs "http://127.0.0.1:$oidc_port/.well-known/openid-configuration" >/dev/null && { oidc_ready=1; break; }
      sleep 0.1
    done
    [[ -n "$oidc_ready" ]] || { echo "the OpenID provider did not start:" >&2; tail -30 "$data/oidc.log" >&2; exit 1; }
    # Every tests/e2e/*.mjs but the shared lib.mjs is one browser test, run against the same server.
    for t in tests/e2e/*.mjs; do
      [[ $(basename "$t") == lib.mjs ]] && continue
      BASE_URL="http://127.0.0.1:$port" MAILDIR="$CITYSKILLS_TEST_MAILDIR" DB_LABEL="$db $(basename "$t" .mjs)" \
        OIDC_ISSUER="http://127.0.0.1:$oidc_port" node "$t" || { tail -30 "$data/server.log"; tail -10 "$data/oidc.log"; exit 1; }
    done
    # Each on its own: a provider that already died must not fail a passing run under set -e.
    kill -TERM "$server_pid" || true
    kill -TERM "$oidc_pid" 2>/dev/null || true
    wait "$server_pid" || true; wait "$oidc_pid" || true
    server_pid=""
    oidc_pid=""
  done
fi
