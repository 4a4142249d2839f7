#!/usr/bin/env bash
# Benchmarks the REST API's list endpoints under load: 10,000 people, 200 courses, 1,000,000
# lesson-progress rows and the demo's events. Measures GET /api/v1/courses, /api/v1/events and
# /api/v1/people (an organisation's people) with bearer tokens, with wrk, each against nginx
# serving a static file of the same size in the same run, on SQLite and on PostgreSQL, and prints
# the ratios. Each request carries one of 1,000 tokens in turn, so the per-token rate limit
# (600 a minute) is counted as in production but not reached in a 10 s run.
#
# Usage: bench/api.sh [--duration 10s] [--connections 64] [--threads 2] [--progress N] [--sqlite-only | --postgres-only]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source bench/lib.sh
progress=1000000
while [[ $# -gt 0 ]]; do
  case "$1" in
    --progress) progress=$2; shift 2 ;;
    *) common_option "$@"; shift "$used" ;;
  esac
done
bin=build/${preset:-release}

build_release catalog_load
bench_setup api 45000

# 1,000 platform-administrator tokens with every read scope, written straight into the database
# (only their SHA-256 is stored, as the token pages do), and a wrk script that uses them in turn.
make_tokens() {
  local sql=$work/tokens-$1.sql lua=$work/tokens.lua now user
  now=$(date +%s)
  user=$(run_sql "SELECT MIN(id) FROM users WHERE platform_admin = 1")
  : >"$sql"
  echo "local tokens = {" >"$lua"
  for i in $(seq 1000); do
    local secret hash
    secret=$(printf 'cs_bench%035d' "$i")
    hash=$(printf '%s' "$secret" | sha256sum | cut -d' ' -f1)
    echo "INSERT INTO api_tokens (user_id, name, token_hash, prefix, scopes, expires_at, created_at, updated_at) VALUES ($user, 'bench', '$hash', 'cs_bench', 'courses:read events:read people:read', $(( now + 86400 )), $now, $now);" >>"$sql"
    echo "  \"$secret\"," >>"$lua"
  done
  cat >>"$lua" <<'LUA'
}
local n = 0
request = function()
  n = n + 1
  local headers = { ["Authorization"] = "Bearer " .. tokens[(n % #tokens) + 1], ["Accept-Language"] = "en" }
  return wrk.format("GET", nil, headers)
end
LUA
  run_sql_file "$sql"
}

run_sql() {
  if [[ $url == sqlite:* ]]; then sqlite3 "${url#sqlite:}" "$1"; else psql -qtAX "$url" -c "$1"; fi
}
run_sql_file() {
  if [[ $url == sqlite:* ]]; then { echo "BEGIN;"; cat "$1"; echo "COMMIT;"; } | sqlite3 "${url#sqlite:}"
  else psql -qX -v ON_ERROR_STOP=1 "$url" --single-transaction -f "$1" >/dev/null; fi
}

echo "API benchmark: $(nproc) cores, wrk -t$threads -c$connections -d$duration; 10000 people, 200 courses, $progress progress rows"
for backend in $backends; do
  backend_database "$backend"
  "$bin/cityskills" seed --demo --quiet --data "$data" --database "$url" >/dev/null 2>&1
  "$bin/catalog_load" --database "$url" --progress "$progress" 2> >(sed "s/^/  $backend: /" >&2) >/dev/null
  make_tokens "$backend"
  org=$(run_sql "SELECT org_id FROM memberships GROUP BY org_id ORDER BY COUNT(*) DESC, org_id LIMIT 1")
  serve "$bin" "$backend"
  token=$(printf 'cs_bench%035d' 1)
  for list in "courses?limit=20" "events?limit=20" "people?org=$org&limit=20"; do
    name=${list%%\?*}
    curl -fs -H 'Accept-Language: en' -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/$list" \
      -o "$work/www/$name-$backend.json"
    grep -q '"items":\[{' "$work/www/$name-$backend.json" || { echo "/api/v1/$list answered no items" >&2; exit 1; }
  done
  echo
  table_header "$backend"
  for list in "courses?limit=20" "events?limit=20" "people?org=$org&limit=20"; do
    name=${list%%\?*}
    compare "/api/v1/$list" "$name-$backend.json" "http://127.0.0.1:$port/api/v1/$list" -s "$work/tokens.lua"
  done
  port=$(( port + 1 ))
done
