#!/usr/bin/env bash
# Benchmarks the pages of people who run the platform under load: 10,000 people, 200 courses,
# 1,000,000 lesson-progress rows (the catalogue benchmark's data), and one course with all
# 10,000 people enrolled, each with progress and a quiz attempt. Measures that course's report
# (first page of 100 people, figures over all 10,000), its CSV (every person) and the
# administrator's dashboard with wrk, each against nginx serving a static file of the same size
# in the same run, on SQLite and on PostgreSQL, and prints the ratios.
#
# Usage: bench/reports.sh [--duration 10s] [--connections 64] [--threads 2] [--progress N]
#                         [--enrolled N] [--preset release] [--bin DIR] [--sqlite-only]
# --bin DIR uses the cityskills and catalog_load already built in DIR (no build step).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source bench/lib.sh
duration=10s; connections=64; threads=2; progress=1000000; enrolled=10000; preset=release; bin=""
backends="sqlite postgres"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --progress) progress=$2; shift 2 ;;
    --enrolled) enrolled=$2; shift 2 ;;
    --preset) preset=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    --sqlite-only) backends="sqlite"; shift ;;
    --help|-h) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

if [[ -z $bin ]]; then
  scripts/install-deps.sh >/dev/null
  scripts/build-assets.sh >/dev/null
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" --target cityskills catalog_load >/dev/null
  bin="build/$preset"
fi

work=$(mktemp -d /tmp/cityskills-bench-reports.XXXXXX)
chmod 755 "$work"
base_port=$(( 45000 + RANDOM % 5000 ))
nginx_port=$base_port
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [[ -f $work/nginx.pid ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  scripts/pg-cluster.sh stop "$work/pg" >/dev/null 2>&1 || true
}
trap cleanup EXIT

start_nginx "$work" "$nginx_port"

row() { printf '%-46s %10.0f %9.2f %9.2f   %s\n' "$1" "$2" "$3" "$4" "$5"; }
# One page: nginx with a file of the page's size, then the page, signed in as the staff member.
compare() {
  local name=$1 path=$2 file=$3 size
  size=$(wc -c <"$work/www/$file")
  read -r n n50 n99 < <(measure "http://127.0.0.1:$nginx_port/$file")
  read -r a a50 a99 < <(measure "http://127.0.0.1:$port$path" -H "Cookie: $staff")
  row "nginx static ($size B)" "$n" "$n50" "$n99" "reference"
  row "$name" "$a" "$a50" "$a99" "$(ratio "$a" "$n" "$a99" "$n99")"
}

echo "reports benchmark ($bin): $(nproc) cores, wrk -t$threads -c$connections -d$duration; 10000 people, 200 courses, $progress progress rows, one course with $enrolled people enrolled"
port=$(( base_port + 1 ))
for backend in $backends; do
  data="$work/data-$backend"
  mkdir -p "$data"
  url="sqlite:$data/cityskills.db"
  if [[ $backend == postgres ]]; then
    url=$(scripts/pg-cluster.sh start "$work/pg" $(( base_port + 9 )))
  fi
  "$bin/cityskills" seed --demo --quiet --data "$data" --database "$url" >/dev/null 2>&1
  read -r _ _ _ course staff < <("$bin/catalog_load" --database "$url" --progress "$progress" \
                                  --report-course "$enrolled" 2> >(sed "s/^/  $backend: /" >&2))
  "$bin/cityskills" serve --data "$data" --database "$url" --listen "127.0.0.1:$port" --assets build/web \
    >"$work/server-$backend.log" 2>&1 &
  pids+=($!)
  wait_ready "$port" "$work/server-$backend.log"
  get() { curl -fs -H 'Accept-Language: en' -H "Cookie: $staff" "http://127.0.0.1:$port$1" -o "$work/www/$2"; }
  get "/author/courses/$course/report" "report-$backend.html"
  get "/author/courses/$course/report.csv" "report-$backend.csv"
  get "/admin" "admin-$backend.html"
  grep -q ">$enrolled<" "$work/www/report-$backend.html" || { echo "the report does not count $enrolled people" >&2; exit 1; }
  lines=$(wc -l <"$work/www/report-$backend.csv")
  (( lines == enrolled + 1 )) || { echo "the CSV has $lines lines, not $(( enrolled + 1 ))" >&2; exit 1; }
  grep -q 'href="/admin/audit"' "$work/www/admin-$backend.html" || { echo "no platform dashboard" >&2; exit 1; }
  echo
  printf '%-46s %10s %9s %9s   %s\n' "$backend" "req/s" "p50 ms" "p99 ms" "vs nginx (throughput, p99)"
  compare "course report ($enrolled enrolled, page 1)" "/author/courses/$course/report" "report-$backend.html"
  compare "course report CSV ($enrolled rows)" "/author/courses/$course/report.csv" "report-$backend.csv"
  compare "/admin dashboard" "/admin" "admin-$backend.html"
  port=$(( port + 1 ))
done
