#!/usr/bin/env bash
# Benchmarks the catalogue under load: 10,000 people, 200 courses and 1,000,000 lesson-progress
# rows, on SQLite and on PostgreSQL. Measures the anonymous catalogue (/courses) and a signed-in
# course page (with the learner's progress) with wrk, each against nginx serving a static file
# of the same size in the same run, and prints the ratios.
#
# Usage: bench/catalog.sh [--duration 10s] [--connections 64] [--threads 2] [--users N] [--courses N] [--progress N] [--sqlite-only | --postgres-only]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source bench/lib.sh
users=10000; courses=200; progress=1000000
while [[ $# -gt 0 ]]; do
  case "$1" in
    --users) users=$2; shift 2 ;;
    --courses) courses=$2; shift 2 ;;
    --progress) progress=$2; shift 2 ;;
    *) common_option "$@"; shift "$used" ;;
  esac
done

build_release catalog_load
bench_setup catalog 35000

echo "catalogue benchmark: $(nproc) cores, wrk -t$threads -c$connections -d$duration; $users people, $courses courses, $progress progress rows"
for backend in $backends; do
  backend_database "$backend"
  build/release/cityskills seed --demo --quiet --data "$data" --database "$url" >/dev/null 2>&1
  read -r cookie course _ < <(build/release/catalog_load --database "$url" --users "$users" --courses "$courses" \
                             --progress "$progress" 2> >(sed "s/^/  $backend: /" >&2))
  serve build/release "$backend"
  curl -fs -H 'Accept-Language: en' "http://127.0.0.1:$port/courses" -o "$work/www/courses-$backend.html"
  curl -fs -H 'Accept-Language: en' -H "Cookie: $cookie" "http://127.0.0.1:$port/courses/$course" -o "$work/www/course-$backend.html"
  grep -q '% done' "$work/www/course-$backend.html" || { echo "the signed-in course page shows no progress" >&2; exit 1; }
  echo
  table_header "$backend"
  compare "/courses, anonymous" "courses-$backend.html" "http://127.0.0.1:$port/courses"
  compare "/courses/$course, signed in with progress" "course-$backend.html" "http://127.0.0.1:$port/courses/$course" \
    -H "Cookie: $cookie"
  port=$(( port + 1 ))
done
