#!/usr/bin/env bash
# Benchmarks the catalogue under load: 10,000 people, 200 courses and 1,000,000 lesson-progress
# rows, on SQLite and on PostgreSQL. Measures the anonymous catalogue (/courses) and a signed-in
# course page (with the learner's progress) with wrk, each against nginx serving a static file
# of the same size in the same run, and prints the ratios.
#
# Usage: bench/catalog.sh [--duration 10s] [--connections 64] [--threads 2] [--users N] [--courses N] [--progress N] [--sqlite-only]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source bench/lib.sh
duration=10s; connections=64; threads=2; users=10000; courses=200; progress=1000000; backends="sqlite postgres"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --users) users=$2; shift 2 ;;
    --courses) courses=$2; shift 2 ;;
    --progress) progress=$2; shift 2 ;;
    --sqlite-only) backends="sqlite"; shift ;;
    --help|-h) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

scripts/install-deps.sh >/dev/null
scripts/build-assets.sh >/dev/null
cmake --preset release >/dev/null
cmake --build --preset release --target cityskills catalog_load >/dev/null

work=$(mktemp -d /tmp/cityskills-bench-catalog.XXXXXX)
chmod 755 "$work"
base_port=$(( 35000 + RANDOM % 5000 ))
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

echo "catalogue benchmark: $(nproc) cores, wrk -t$threads -c$connections -d$duration; $users people, $courses courses, $progress progress rows"
port=$(( base_port + 1 ))
for backend in $backends; do
  data="$work/data-$backend"
  mkdir -p "$data"
  url="sqlite:$data/cityskills.db"
  if [[ $backend == postgres ]]; then
    url=$(scripts/pg-cluster.sh start "$work/pg" $(( base_port + 9 )))
  fi
  build/release/cityskills seed --demo --quiet --data "$data" --database "$url" >/dev/null 2>&1
  read -r cookie course _ < <(build/release/catalog_load --database "$url" --users "$users" --courses "$courses" \
                             --progress "$progress" 2> >(sed "s/^/  $backend: /" >&2))
  build/release/cityskills serve --data "$data" --database "$url" --listen "127.0.0.1:$port" --assets build/web \
    >"$work/server-$backend.log" 2>&1 &
  pids+=($!)
  wait_ready "$port" "$work/server-$backend.log"
  curl -fs -H 'Accept-Language: en' "http://127.0.0.1:$port/courses" -o "$work/www/courses-$backend.html"
  curl -fs -H 'Accept-Language: en' -H "Cookie: $cookie" "http://127.0.0.1:$port/courses/$course" -o "$work/www/course-$backend.html"
  grep -q '% done' "$work/www/course-$backend.html" || { echo "the signed-in course page shows no progress" >&2; exit 1; }
  list_size=$(wc -c <"$work/www/courses-$backend.html"); page_size=$(wc -c <"$work/www/course-$backend.html")
  echo
  printf '%-44s %10s %9s %9s   %s\n' "$backend" "req/s" "p50 ms" "p99 ms" "vs nginx (throughput, p99)"
  read -r n1 n1p50 n1p99 < <(measure "http://127.0.0.1:$nginx_port/courses-$backend.html")
  read -r a1 a1p50 a1p99 < <(measure "http://127.0.0.1:$port/courses")
  row "nginx static ($list_size B)" "$n1" "$n1p50" "$n1p99" "reference"
  row "/courses, anonymous" "$a1" "$a1p50" "$a1p99" "$(ratio "$a1" "$n1" "$a1p99" "$n1p99")"
  read -r n2 n2p50 n2p99 < <(measure "http://127.0.0.1:$nginx_port/course-$backend.html")
  read -r a2 a2p50 a2p99 < <(measure "http://127.0.0.1:$port/courses/$course" -H "Cookie: $cookie")
  row "nginx static ($page_size B)" "$n2" "$n2p50" "$n2p99" "reference"
  row "/courses/$course, signed in with progress" "$a2" "$a2p50" "$a2p99" "$(ratio "$a2" "$n2" "$a2p99" "$n2p99")"
  port=$(( port + 1 ))
done
