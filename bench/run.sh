#!/usr/bin/env bash
# Benchmarks cityskills against nginx serving a static file of the same size, in the same
# run, on this machine: req/s, p50 and p99 for /, /healthz and the static file, and the
# server's figures as ratios to nginx. Then a registration storm (10,000 attempts for 500
# seats over HTTP) on SQLite and on PostgreSQL, with p50/p99 and outcome counts.
#
# Usage: bench/run.sh [--duration 10s] [--connections 64] [--threads 2] [--sqlite-only | --postgres-only]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source bench/lib.sh
row_width=28
while [[ $# -gt 0 ]]; do common_option "$@"; shift "$used"; done

build_release registration_storm
bench_setup run 30000

backend_database sqlite
build/release/cityskills seed --demo --quiet --data "$data" --database "$url"
serve build/release sqlite

# nginx serves files exactly as large as the home page and /healthz.
curl -fs -H 'Accept-Language: en' "http://127.0.0.1:$port/" -o "$work/www/home.html"
health_size=$(curl -fs "http://127.0.0.1:$port/healthz" | wc -c)
head -c "$health_size" /dev/zero | tr '\0' 'x' >"$work/www/health.txt"

echo "cityskills benchmark: $(nproc) cores, wrk -t$threads -c$connections -d$duration, home page $(wc -c <"$work/www/home.html") bytes"
table_header "target"
compare "cityskills /" home.html "http://127.0.0.1:$port/"
compare "cityskills /healthz" health.txt "http://127.0.0.1:$port/healthz"

echo
build/release/registration_storm --port "$port" --database "$url" --attempts 10000 --seats 500 --concurrency "$connections"

if [[ $backends == *postgres* ]]; then
  port=$(( port + 1 ))
  backend_database postgres
  build/release/cityskills seed --demo --quiet --data "$data" --database "$url"
  serve build/release postgres
  echo
  build/release/registration_storm --port "$port" --database "$url" --attempts 10000 --seats 500 --concurrency "$connections"
fi
