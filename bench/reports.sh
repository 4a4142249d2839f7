#!/usr/bin/env bash
# Benchmarks the pages of people who run the platform under load: 10,000 people, 200 courses,
# 1,000,000 lesson-progress rows (the catalogue benchmark's data), and one course with all
# 10,000 people enrolled, each with progress and a quiz attempt. Measures that course's report
# (first page of 100 people, figures over all 10,000), its CSV (every person) and the
# administrator's dashboard with wrk, each against nginx serving a static file of the same size
# in the same run, on SQLite and on PostgreSQL, and prints the ratios.
#
# Usage: bench/reports.sh [--duration 10s] [--connections 64] [--threads 2] [--progress N]
#                         [--enrolled N] [--preset release] [--bin DIR] [--sqlite-only | --postgres-only]
# --bin DIR uses the cityskills and catalog_load already built in DIR (no build step).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source bench/lib.sh
progress=1000000; enrolled=10000; preset=release; bin=""; row_width=46
while [[ $# -gt 0 ]]; do
  case "$1" in
    --progress) progress=$2; shift 2 ;;
    --enrolled) enrolled=$2; shift 2 ;;
    --preset) preset=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    *) common_option "$@"; shift "$used" ;;
  esac
done

if [[ -z $bin ]]; then
  build_release catalog_load
  bin="build/$preset"
fi

bench_setup reports 45000

# One page: nginx with a file of the page's size, then the page, signed in as the staff member.
page() { compare "$1" "$3" "http://127.0.0.1:$port$2" -H "Cookie: $staff"; }

echo "reports benchmark ($bin): $(nproc) cores, wrk -t$threads -c$connections -d$duration; 10000 people, 200 courses, $progress progress rows, one course with $enrolled people enrolled"
for backend in $backends; do
  backend_database "$backend"
  "$bin/cityskills" seed --demo --quiet --data "$data" --database "$url" >/dev/null 2>&1
  read -r _ _ _ course staff < <("$bin/catalog_load" --database "$url" --progress "$progress" \
                                  --report-course "$enrolled" 2> >(sed "s/^/  $backend: /" >&2))
  serve "$bin" "$backend"
  get() { curl -fs -H 'Accept-Language: en' -H "Cookie: $staff" "http://127.0.0.1:$port$1" -o "$work/www/$2"; }
  get "/author/courses/$course/report" "report-$backend.html"
  get "/author/courses/$course/report.csv" "report-$backend.csv"
  get "/admin" "admin-$backend.html"
  grep -q ">$enrolled<" "$work/www/report-$backend.html" || { echo "the report does not count $enrolled people" >&2; exit 1; }
  lines=$(wc -l <"$work/www/report-$backend.csv")
  (( lines == enrolled + 1 )) || { echo "the CSV has $lines lines, not $(( enrolled + 1 ))" >&2; exit 1; }
  grep -q 'href="/admin/audit"' "$work/www/admin-$backend.html" || { echo "no platform dashboard" >&2; exit 1; }
  echo
  table_header "$backend"
  page "course report ($enrolled enrolled, page 1)" "/author/courses/$course/report" "report-$backend.html"
  page "course report CSV ($enrolled rows)" "/author/courses/$course/report.csv" "report-$backend.csv"
  page "/admin dashboard" "/admin" "admin-$backend.html"
  port=$(( port + 1 ))
done
