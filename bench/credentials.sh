#!/usr/bin/env bash
# Benchmarks certificates on SQLite and on PostgreSQL: 1,000 awards issued at once (each with
# its PDF drawn and its Open Badge signed) with p50/p99, then the public verification page with
# wrk against nginx serving a static file of the same size in the same run.
#
# Usage: bench/credentials.sh [--duration 10s] [--connections 64] [--threads 2] [--awards 1000] [--concurrency 16] [--sqlite-only]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source bench/lib.sh
duration=10s; connections=64; threads=2; awards=1000; concurrency=16; backends="sqlite postgres"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --awards) awards=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    --sqlite-only) backends="sqlite"; shift ;;
    --help|-h) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

scripts/install-deps.sh >/dev/null
scripts/build-assets.sh >/dev/null
cmake --preset release >/dev/null
cmake --build --preset release --target cityskills credentials_storm >/dev/null

work=$(mktemp -d /tmp/cityskills-bench-credentials.XXXXXX)
chmod 755 "$work"
base_port=$(( 40000 + RANDOM % 5000 ))
nginx_port=$base_port
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [[ -f $work/nginx.pid ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  scripts/pg-cluster.sh stop "$work/pg" >/dev/null 2>&1 || true
}
trap cleanup EXIT

start_nginx "$work" "$nginx_port"
row() { printf '%-44s %10.0f %9.2f %9.2f   %s\n' "$1" "$2" "$3" "$4" "$5"; }

echo "credentials benchmark: $(nproc) cores; $awards awards from $concurrency threads; wrk -t$threads -c$connections -d$duration"
port=$(( base_port + 1 ))
for backend in $backends; do
  data="$work/data-$backend"
  mkdir -p "$data"
  url="sqlite:$data/cityskills.db"
  if [[ $backend == postgres ]]; then
    url=$(scripts/pg-cluster.sh start "$work/pg" $(( base_port + 9 )))
  fi
  echo
  code=$(build/release/credentials_storm --database "$url" --awards "$awards" --concurrency "$concurrency" 2> >(grep -v '"level"' >&2))
  build/release/cityskills serve --data "$data" --database "$url" --listen "127.0.0.1:$port" --assets build/web \
    >"$work/server-$backend.log" 2>&1 &
  pids+=($!)
  wait_ready "$port" "$work/server-$backend.log"
  curl -fs -H 'Accept-Language: en' "http://127.0.0.1:$port/verify/$code" -o "$work/www/verify-$backend.html"
  size=$(wc -c <"$work/www/verify-$backend.html")
  printf '%-44s %10s %9s %9s   %s\n' "$backend" "req/s" "p50 ms" "p99 ms" "vs nginx (throughput, p99)"
  read -r n1 n1p50 n1p99 < <(measure "http://127.0.0.1:$nginx_port/verify-$backend.html")
  read -r a1 a1p50 a1p99 < <(measure "http://127.0.0.1:$port/verify/$code")
  row "nginx static ($size B)" "$n1" "$n1p50" "$n1p99" "reference"
  row "/verify/{code}" "$a1" "$a1p50" "$a1p99" "$(ratio "$a1" "$n1" "$a1p99" "$n1p99")"
  port=$(( port + 1 ))
done
