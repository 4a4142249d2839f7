#!/usr/bin/env bash
# Benchmarks the learner's journey pages under load: 10,000 people, 200 courses, 1,000,000
# lesson-progress rows, and one person with 50 courses and 20 learning paths. Measures a path
# page with that person's progress and "My learning" with wrk, each against nginx serving a
# static file of the same size in the same run, on SQLite and on PostgreSQL, and prints the
# ratios.
#
# Usage: bench/paths.sh [--duration 10s] [--connections 64] [--threads 2] [--progress N] [--sqlite-only | --postgres-only]
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

build_release catalog_load
bench_setup paths 40000

echo "paths benchmark: $(nproc) cores, wrk -t$threads -c$connections -d$duration; 10000 people, 200 courses, $progress progress rows, one person with 50 courses and 20 paths"
for backend in $backends; do
  backend_database "$backend"
  build/release/cityskills seed --demo --quiet --data "$data" --database "$url" >/dev/null 2>&1
  read -r cookie _ path < <(build/release/catalog_load --database "$url" --progress "$progress" --paths 20 \
                             --person-courses 50 2> >(sed "s/^/  $backend: /" >&2))
  serve build/release "$backend"
  curl -fs -H 'Accept-Language: en' -H "Cookie: $cookie" "http://127.0.0.1:$port/paths/$path" -o "$work/www/path-$backend.html"
  curl -fs -H 'Accept-Language: en' -H "Cookie: $cookie" "http://127.0.0.1:$port/my/learning" -o "$work/www/my-$backend.html"
  grep -q 'steps done' "$work/www/path-$backend.html" || { echo "the path page shows no progress" >&2; exit 1; }
  grep -q 'My learning paths' "$work/www/my-$backend.html" || { echo "My learning shows no paths" >&2; exit 1; }
  echo
  table_header "$backend"
  compare "/paths/$path, signed in with progress" "path-$backend.html" "http://127.0.0.1:$port/paths/$path" -H "Cookie: $cookie"
  compare "/my/learning (50 courses, 20 paths)" "my-$backend.html" "http://127.0.0.1:$port/my/learning" -H "Cookie: $cookie"
  port=$(( port + 1 ))
done
