#!/usr/bin/env bash
# Benchmarks the search page with 100,000 documents (five languages, seven kinds; see
# bench/search_load.cpp) on SQLite and on PostgreSQL: a rare word, a common word (thousands of
# matches to rank), two words with a type filter, a phrase of two words found everywhere, and
# page 5 of the common word. Each against nginx serving a static file of the same size, in the
# same run: req/s, p50 and p99, and the server's figures as ratios to nginx.
#
# Usage: bench/search.sh [--duration 10s] [--connections 64] [--threads 2] [--documents 100000] [--port BASE] [--sqlite-only | --postgres-only]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source bench/lib.sh
documents=100000; base_port=$(( 35000 + RANDOM % 5000 )); row_width=48
while [[ $# -gt 0 ]]; do
  case "$1" in
    --documents) documents=$2; shift 2 ;;
    --port) base_port=$2; shift 2 ;;
    *) common_option "$@"; shift "$used" ;;
  esac
done

build_release search_load

work=$(mktemp -d /tmp/cityskills-search-bench.XXXXXX)
chmod 755 "$work"
# PostgreSQL on BASE, nginx on BASE+1, the server on BASE+2.
pg_port=$base_port; nginx_port=$(( base_port + 1 )); app_port=$(( base_port + 2 ))
cleanup() {
  [[ -n "${app_pid:-}" ]] && kill "$app_pid" 2>/dev/null || true
  [[ -f $work/nginx.pid ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  scripts/pg-cluster.sh stop "$work/pg" >/dev/null 2>&1 || true
  # The databases take about 1 GB; the logs stay.
  rm -rf "$work"/data-* "$work/pg"
}
trap cleanup EXIT

# Label and query string; the words are the ones search_load writes with known frequencies.
queries=(
  "rare word|q=cryptography"
  "common word|q=online"
  "two words, type event|q=library+workshop&type=event"
  "phrase|q=%22digital+skills%22"
  "common word, page 5|q=online&page=5"
)

# The search page is hundreds of times slower than a static file; lib.sh's two decimals would
# show 0.00x.
ratio3() { awk -v a="$1" -v b="$2" -v c="$3" -v d="$4" 'BEGIN { printf "%.3gx req/s, %.3gx p99", a/b, c/d }'; }


start_nginx "$work" "$nginx_port"

echo "search benchmark: $(nproc) cores, wrk -t$threads -c$connections -d$duration; $documents documents, English queries"

bench_backend() {  # label database-url
  local label=$1 url=$2 data="$work/data-$1"
  mkdir -p "$data"
  build/release/cityskills seed --demo --quiet --data "$data" --database "$url" >/dev/null 2>&1
  build/release/search_load --database "$url" --documents "$documents" 2> >(sed "s/^/  $label: /" >&2)
  build/release/cityskills serve --data "$data" --database "$url" --listen "127.0.0.1:$app_port" --assets build/web \
    >"$work/server-$label.log" 2>&1 &
  app_pid=$!
  wait_ready "$app_port" "$work/server-$label.log"
  echo
  table_header "$label"
  local i=0 entry name query
  for entry in "${queries[@]}"; do
    name=${entry%%|*}; query=${entry#*|}; i=$(( i + 1 ))
    local page="http://127.0.0.1:$app_port/search?$query" file="$label-$i.html"
    curl -fs -H 'Accept-Language: en' "$page" -o "$work/www/$file" || { echo "$label: $page failed" >&2; exit 1; }
    # The result count the page shows ("9764 results for ..."); none means the load failed.
    local found; found=$(grep -o 'role="status">[^<]*results for' "$work/www/$file" | sed 's/role="status">//; s/ results for//')
    [[ -n $found && $found != 0 ]] || { echo "no results for $query" >&2; exit 1; }
    local size; size=$(wc -c <"$work/www/$file")
    read -r n_rps n_p50 n_p99 < <(measure "http://127.0.0.1:$nginx_port/$file")
    # wrk leaves requests slower than its default 2 s out of the latencies: give them time.
    read -r a_rps a_p50 a_p99 < <(measure "$page" --timeout 30s)
    row "  nginx static ($size B)" "$n_rps" "$n_p50" "$n_p99" "reference"
    row "($i) $name: $found found" "$a_rps" "$a_p50" "$a_p99" "$(ratio3 "$a_rps" "$n_rps" "$a_p99" "$n_p99")"
  done
  kill "$app_pid"; wait "$app_pid" 2>/dev/null || true
  app_pid=""
}

for backend in $backends; do
  if [[ $backend == sqlite ]]; then
    bench_backend sqlite "sqlite:$work/data-sqlite/cityskills.db"
  else
    bench_backend postgres "$(scripts/pg-cluster.sh start "$work/pg" "$pg_port")"
  fi
done
