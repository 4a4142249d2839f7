#!/usr/bin/env bash
# Benchmarks "How digital are you?": 5,000 people submitting and finishing the test at the
# same time over HTTP (answers lost must be 0, every attempt scored once) on SQLite and on
# PostgreSQL, and the throughput of a result page against nginx serving a static file of
# the same size, in the same run.
#
# Usage: bench/assessment.sh [--people 5000] [--areas 1] [--duration 10s] [--connections 64] [--threads 2] [--sqlite-only | --postgres-only]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source bench/lib.sh
people=5000; areas=1; row_width=28
while [[ $# -gt 0 ]]; do
  case "$1" in
    --people) people=$2; shift 2 ;;
    --areas) areas=$2; shift 2 ;;
    *) common_option "$@"; shift "$used" ;;
  esac
done

build_release assessment_storm
bench_setup assessment 35000

backend_database sqlite
build/release/cityskills seed --demo --quiet --data "$data" --database "$url"
serve build/release sqlite
build/release/assessment_storm --port "$port" --database "$url" \
  --people "$people" --areas "$areas" --concurrency "$connections" | tee "$work/storm.txt"
read -r result_path cookie < <(awk '$1 == "result" {print $2, $3}' "$work/storm.txt")

# nginx serves a file exactly as large as that result page.
curl -fs -H 'Accept-Language: en' -H "Cookie: $cookie" "http://127.0.0.1:$port$result_path" -o "$work/www/result.html"
echo
echo "result page: $(nproc) cores, wrk -t$threads -c$connections -d$duration, $(wc -c <"$work/www/result.html") bytes"
table_header "target"
compare "cityskills result page" result.html "http://127.0.0.1:$port$result_path" -H "Cookie: $cookie"

if [[ $backends == *postgres* ]]; then
  port=$(( port + 1 ))
  backend_database postgres
  build/release/cityskills seed --demo --quiet --data "$data" --database "$url"
  serve build/release postgres
  echo
  build/release/assessment_storm --port "$port" --database "$url" \
    --people "$people" --areas "$areas" --concurrency "$connections"
fi
