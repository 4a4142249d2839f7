#!/usr/bin/env bash
# Benchmarks the learner's journey pages under load: 10,000 people, 200 courses, 1,000,000
# lesson-progress rows, and one person with 50 courses and 20 learning paths. Measures a path
# page with that person's progress and "My learning" with wrk, each against nginx serving a
# static file of the same size in the same run, on SQLite and on PostgreSQL, and prints the
# ratios.
#
# Usage: bench/paths.sh [--duration 10s] [--connections 64] [--threads 2] [--progress N] [--sqlite-only]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source bench/lib.sh
duration=10s; connections=64; threads=2; progress=1000000; backends="sqlite postgres"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --progress) progress=$2; shift 2 ;;
    --sqlite-only) backends="sqlite"; shift ;;
    --help|-h) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

scripts/install-deps.sh >/dev/null
scripts/build-assets.sh >/dev/null
cmake --preset release >/dev/null
cmake --build --preset release --target cityskills catalog_load >/dev/null

work=$(mktemp -d /tmp/cityskills-bench-paths.XXXXXX)
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

echo "paths benchmark: $(nproc) cores, wrk -t$threads -c$connections -d$duration; 10000 people, 200 courses, $progress progress rows, one person with 50 courses and 20 paths"
port=$(( base_port + 1 ))
for backend in $backends; do
  data="$work/data-$backend"
  mkdir -p "$data"
  url="sqlite:$data/cityskills.db"
  if [[ $backend == postgres ]]; then
    url=$(scripts/pg-cluster.sh start "$work/pg" $(( base_port + 9 )))
  fi
  build/release/cityskills seed --demo --quiet --data "$data" --database "$url" >/dev/null 2>&1
  read -r cookie _ path < <(build/release/catalog_load --database "$url" --progress "$progress" --paths 20 \
                             --person-courses 50 2> >(sed "s/^/  $backend: /" >&2))
  build/release/cityskills serve --data "$data" --database "$url" --listen "127.0.0.1:$port" --assets build/web \
    >"$work/server-$backend.log" 2>&1 &
  pids+=($!)
  wait_ready "$port" "$work/server-$backend.log"
  curl -fs -H 'Accept-Language: en' -H "Cookie: $cookie" "http://127.0.0.1:$port/paths/$path" -o "$work/www/path-$backend.html"
  curl -fs -H 'Accept-Language: en' -H "Cookie: $cookie" "http://127.0.0.1:$port/my/learning" -o "$work/www/my-$backend.html"
  grep -q 'steps done' "$work/www/path-$backend.html" || { echo "the path page shows no progress" >&2; exit 1; }
  grep -q 'My learning paths' "$work/www/my-$backend.html" || { echo "My learning shows no paths" >&2; exit 1; }
  path_size=$(wc -c <"$work/www/path-$backend.html"); my_size=$(wc -c <"$work/www/my-$backend.html")
  echo
  printf '%-44s %10s %9s %9s   %s\n' "$backend" "req/s" "p50 ms" "p99 ms" "vs nginx (throughput, p99)"
  read -r n1 n1p50 n1p99 < <(measure "http://127.0.0.1:$nginx_port/path-$backend.html")
  read -r a1 a1p50 a1p99 < <(measure "http://127.0.0.1:$port/paths/$path" -H "Cookie: $cookie")
  row "nginx static ($path_size B)" "$n1" "$n1p50" "$n1p99" "reference"
  row "/paths/$path, signed in with progress" "$a1" "$a1p50" "$a1p99" "$(ratio "$a1" "$n1" "$a1p99" "$n1p99")"
  read -r n2 n2p50 n2p99 < <(measure "http://127.0.0.1:$nginx_port/my-$backend.html")
  read -r a2 a2p50 a2p99 < <(measure "http://127.0.0.1:$port/my/learning" -H "Cookie: $cookie")
  row "nginx static ($my_size B)" "$n2" "$n2p50" "$n2p99" "reference"
  row "/my/learning (50 courses, 20 paths)" "$a2" "$a2p50" "$a2p99" "$(ratio "$a2" "$n2" "$a2p99" "$n2p99")"
  port=$(( port + 1 ))
done
