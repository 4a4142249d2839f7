#!/usr/bin/env bash
# Benchmarks certificates on SQLite and on PostgreSQL: 1,000 awards issued at once (each with
# its PDF drawn and its Open Badge signed) with p50/p99, then the public verification page with
# wrk against nginx serving a static file of the same size in the same run.
#
# Usage: bench/credentials.sh [--duration 10s] [--connections 64] [--threads 2] [--awards 1000] [--concurrency 16] [--sqlite-only | --postgres-only]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source bench/lib.sh
awards=1000; concurrency=16
while [[ $# -gt 0 ]]; do
  case "$1" in
    --awards) awards=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    *) common_option "$@"; shift "$used" ;;
  esac
done

build_release credentials_storm
bench_setup credentials 40000

echo "credentials benchmark: $(nproc) cores; $awards awards from $concurrency threads; wrk -t$threads -c$connections -d$duration"
for backend in $backends; do
  backend_database "$backend"
  echo
  code=$(build/release/credentials_storm --database "$url" --awards "$awards" --concurrency "$concurrency" 2> >(grep -v '"level"' >&2))
  serve build/release "$backend"
  curl -fs -H 'Accept-Language: en' "http://127.0.0.1:$port/verify/$code" -o "$work/www/verify-$backend.html"
  table_header "$backend"
  compare "/verify/{code}" "verify-$backend.html" "http://127.0.0.1:$port/verify/$code"
  port=$(( port + 1 ))
done
