#!/usr/bin/env bash
# Benchmarks "How digital are you?": 5,000 people submitting and finishing the test at the
# same time over HTTP (answers lost must be 0, every attempt scored once) on SQLite and on
# PostgreSQL, and the throughput of a result page against nginx serving a static file of
# the same size, in the same run.
#
# Usage: bench/assessment.sh [--people 5000] [--areas 1] [--duration 10s] [--connections 64] [--threads 2]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source bench/lib.sh
people=5000; areas=1; duration=10s; connections=64; threads=2
while [[ $# -gt 0 ]]; do
  case "$1" in
    --people) people=$2; shift 2 ;;
    --areas) areas=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --help|-h) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

scripts/install-deps.sh >/dev/null
scripts/build-assets.sh >/dev/null
cmake --preset release >/dev/null
cmake --build --preset release --target cityskills assessment_storm >/dev/null

work=$(mktemp -d /tmp/cityskills-bench.XXXXXX)
chmod 755 "$work"
app_port=$(( 35000 + RANDOM % 5000 )); nginx_port=$(( app_port + 1 ))
cleanup() {
  [[ -n "${app_pid:-}" ]] && kill "$app_pid" 2>/dev/null || true
  [[ -n "${pg_app_pid:-}" ]] && kill "$pg_app_pid" 2>/dev/null || true
  [[ -f $work/nginx.pid ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  scripts/pg-cluster.sh stop "$work/pg" >/dev/null 2>&1 || true
}
trap cleanup EXIT

build/release/cityskills seed --demo --quiet --data "$work/data"
build/release/cityskills serve --data "$work/data" --listen "127.0.0.1:$app_port" --assets build/web \
  >"$work/server.log" 2>&1 &
app_pid=$!
wait_ready "$app_port" "$work/server.log"

build/release/assessment_storm --port "$app_port" --database "sqlite:$work/data/cityskills.db" \
  --people "$people" --areas "$areas" --concurrency "$connections" | tee "$work/storm.txt"
read -r result_path cookie < <(awk '$1 == "result" {print $2, $3}' "$work/storm.txt")

# nginx serves a file exactly as large as that result page.
mkdir -p "$work/www" "$work/nginx"
curl -fs -H 'Accept-Language: en' -H "Cookie: $cookie" "http://127.0.0.1:$app_port$result_path" -o "$work/www/result.html"
start_nginx "$work" "$nginx_port"
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$nginx_port/result.html" >/dev/null && break; sleep 0.1; done

size=$(wc -c <"$work/www/result.html")
echo
echo "result page: $(nproc) cores, wrk -t$threads -c$connections -d$duration, $size bytes"
printf '%-28s %12s %10s %10s   %s\n' "target" "req/s" "p50 ms" "p99 ms" "vs nginx (throughput, p99)"
read -r n_rps n_p50 n_p99 < <(measure "http://127.0.0.1:$nginx_port/result.html" -H "Cookie: $cookie")
read -r a_rps a_p50 a_p99 < <(measure "http://127.0.0.1:$app_port$result_path" -H "Cookie: $cookie")
printf '%-28s %12.0f %10.2f %10.2f   %s\n' "nginx static ($size B)" "$n_rps" "$n_p50" "$n_p99" "reference"
printf '%-28s %12.0f %10.2f %10.2f   %s\n' "cityskills result page" "$a_rps" "$a_p50" "$a_p99" \
  "$(awk -v a="$a_rps" -v b="$n_rps" -v c="$a_p99" -v d="$n_p99" 'BEGIN { printf "%.2fx req/s, %.2fx p99", a/b, c/d }')"

pg_port=$(( app_port + 2 )); pg_app_port=$(( app_port + 3 ))
pg_url=$(scripts/pg-cluster.sh start "$work/pg" "$pg_port")
build/release/cityskills seed --demo --quiet --data "$work/pgdata" --database "$pg_url"
build/release/cityskills serve --data "$work/pgdata" --database "$pg_url" --listen "127.0.0.1:$pg_app_port" \
  --assets build/web >"$work/pg-server.log" 2>&1 &
pg_app_pid=$!
wait_ready "$pg_app_port" "$work/pg-server.log"
echo
build/release/assessment_storm --port "$pg_app_port" --database "$pg_url" \
  --people "$people" --areas "$areas" --concurrency "$connections"
