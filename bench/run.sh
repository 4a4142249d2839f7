#!/usr/bin/env bash
# Benchmarks cityskills against nginx serving a static file of the same size, in the same
# run, on this machine: req/s, p50 and p99 for /, /healthz and the static file, and the
# server's figures as ratios to nginx. Then a registration storm (10,000 attempts for 500
# seats over HTTP) on SQLite and on PostgreSQL, with p50/p99 and outcome counts.
#
# Usage: bench/run.sh [--duration 10s] [--connections 64] [--threads 2]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source bench/lib.sh
duration=10s; connections=64; threads=2
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --help|-h) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

scripts/install-deps.sh >/dev/null
scripts/build-assets.sh >/dev/null
cmake --preset release >/dev/null
cmake --build --preset release --target cityskills registration_storm >/dev/null

work=$(mktemp -d /tmp/cityskills-bench.XXXXXX)
chmod 755 "$work"
app_port=$(( 30000 + RANDOM % 5000 )); nginx_port=$(( app_port + 1 ))
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

# nginx serves a file exactly as large as the home page.
mkdir -p "$work/www" "$work/nginx"
curl -fs -H 'Accept-Language: en' "http://127.0.0.1:$app_port/" -o "$work/www/home.html"
health_size=$(curl -fs "http://127.0.0.1:$app_port/healthz" | wc -c)
head -c "$health_size" /dev/zero | tr '\0' 'x' >"$work/www/health.txt"
start_nginx "$work" "$nginx_port"
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$nginx_port/home.html" >/dev/null && break; sleep 0.1; done

home_size=$(wc -c <"$work/www/home.html")
echo "cityskills benchmark: $(nproc) cores, wrk -t$threads -c$connections -d$duration, home page $home_size bytes"
printf '%-28s %12s %10s %10s   %s\n' "target" "req/s" "p50 ms" "p99 ms" "vs nginx (throughput, p99)"
read -r n_home_rps n_home_p50 n_home_p99 < <(measure "http://127.0.0.1:$nginx_port/home.html")
read -r n_h_rps n_h_p50 n_h_p99 < <(measure "http://127.0.0.1:$nginx_port/health.txt")
read -r a_home_rps a_home_p50 a_home_p99 < <(measure "http://127.0.0.1:$app_port/")
read -r a_h_rps a_h_p50 a_h_p99 < <(measure "http://127.0.0.1:$app_port/healthz")
row() { printf '%-28s %12.0f %10.2f %10.2f   %s\n' "$1" "$2" "$3" "$4" "$5"; }
row "nginx static ($home_size B)" "$n_home_rps" "$n_home_p50" "$n_home_p99" "reference"
row "cityskills /" "$a_home_rps" "$a_home_p50" "$a_home_p99" "$(ratio "$a_home_rps" "$n_home_rps" "$a_home_p99" "$n_home_p99")"
row "nginx static ($health_size B)" "$n_h_rps" "$n_h_p50" "$n_h_p99" "reference"
row "cityskills /healthz" "$a_h_rps" "$a_h_p50" "$a_h_p99" "$(ratio "$a_h_rps" "$n_h_rps" "$a_h_p99" "$n_h_p99")"

echo
build/release/registration_storm --port "$app_port" --database "sqlite:$work/data/cityskills.db" \
  --attempts 10000 --seats 500 --concurrency "$connections"

pg_port=$(( app_port + 2 )); pg_app_port=$(( app_port + 3 ))
pg_url=$(scripts/pg-cluster.sh start "$work/pg" "$pg_port")
build/release/cityskills seed --demo --quiet --data "$work/pgdata" --database "$pg_url"
build/release/cityskills serve --data "$work/pgdata" --database "$pg_url" --listen "127.0.0.1:$pg_app_port" \
  --assets build/web >"$work/pg-server.log" 2>&1 &
pg_app_pid=$!
wait_ready "$pg_app_port" "$work/pg-server.log"
echo
build/release/registration_storm --port "$pg_app_port" --database "$pg_url" \
  --attempts 10000 --seats 500 --concurrency "$connections"
