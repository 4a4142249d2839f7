#!/usr/bin/env bash
# Benchmarks the last page of a forum thread of 10,000 replies against nginx serving a static
# file of the same size, in the same run, on SQLite and on PostgreSQL: req/s, p50 and p99, and
# the server's figures as ratios to nginx. Also the full page before the last and page 1, to
# show that the page number does not change the cost (a page is a range of the per-thread post
# number, never an OFFSET scan); the last page of 10,001 posts holds one post.
#
# Usage: bench/forum.sh [--duration 10s] [--connections 64] [--threads 2] [--replies 10000] [--sqlite-only | --postgres-only]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source bench/lib.sh
replies=10000; row_width=34
while [[ $# -gt 0 ]]; do
  case "$1" in
    --replies) replies=$2; shift 2 ;;
    *) common_option "$@"; shift "$used" ;;
  esac
done

build_release
bench_setup forum 35000

echo "cityskills forum benchmark: $(nproc) cores, wrk -t$threads -c$connections -d$duration, a thread of $replies replies"
table_header "target"

for backend in $backends; do
  backend_database "$backend"
  build/release/cityskills seed --demo --quiet --data "$data" --database "$url" 2>/dev/null
  thread=$(load_forum_thread "$replies")
  serve build/release "$backend"
  pages=$(( (replies + 1 + 19) / 20 ))
  last_page=$(curl -fs -H 'Accept-Language: en' "http://127.0.0.1:$port/forum/t/$thread?page=last")
  [[ $last_page == *"Reply number $((replies + 1)):"* ]] || { echo "the last page is wrong" >&2; exit 1; }
  # The last page, a full page next to it, and the first page: each against nginx serving
  # a file of exactly its size.
  for page in last $(( pages > 1 ? pages - 1 : 1 )) 1; do
    target="http://127.0.0.1:$port/forum/t/$thread?page=$page"
    curl -fs -H 'Accept-Language: en' "$target" -o "$work/www/$backend-$page.html"
    compare "$backend: page $page of $pages" "$backend-$page.html" "$target"
  done
  port=$(( port + 1 ))
done
