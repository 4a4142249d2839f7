#!/usr/bin/env bash
# Crash test: kill -9 of the server during a registration storm and forum posting, restarted
# N times; then every acknowledged write must be present and nothing half-written.
#
#   scripts/crash-test.sh [--db sqlite|postgres] [--rounds N] [--build asan|release] [--port PORT]
#                         [--pg-port PORT] [--restart-pg]
#
# --restart-pg (PostgreSQL): instead of killing the server, restart PostgreSQL under the same load
# each round; the server must answer only 303 or 503 and take writes again without a restart.
#
# PostgreSQL: uses CITYSKILLS_TEST_PG_URL's server (a fresh database in it) when set, else starts
# a private cluster (scripts/pg-cluster.sh) on --pg-port. Takes a few minutes for 100 rounds;
# not part of CI (scripts/test.sh). The client is scripts/crash_test.py (Python 3, no packages).
set -euo pipefail
cd "$(dirname "$0")/.."
db=sqlite rounds=100 build=asan port=25580 pg_port=45580 restart_pg=0 extra=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --db) db=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --pg-port) pg_port=$2; shift 2 ;;
    --restart-pg) restart_pg=1 db=postgres; shift ;;
    --seed|--people|--clients) extra+=("$1" "$2"); shift 2 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "crash-test: unknown option $1" >&2; exit 2 ;;
  esac
done
bin=build/$build/cityskills
[[ -x $bin ]] || { echo "crash-test: $bin not built (cmake --build --preset $build)" >&2; exit 1; }
work=$(mktemp -d /tmp/cs-crash.XXXXXX)
chmod 755 "$work"
own_pg=""
cleanup() {
  [[ -n $own_pg ]] && scripts/pg-cluster.sh stop "$work/pg"
  [[ ${KEEP:-0} == 1 ]] || rm -rf "$work"
}
trap cleanup EXIT
pg_url=""
if [[ $db == postgres ]]; then
  base=${CITYSKILLS_TEST_PG_URL:-}
  [[ $restart_pg == 1 ]] && base=""  # a cluster of its own to restart
  if [[ -z $base ]]; then
    own_pg=1
    base=$(scripts/pg-cluster.sh start "$work/pg" "$pg_port")
  fi
  name="crash_$$"
  psql "$base" -X -qc "CREATE DATABASE $name" >/dev/null
  pg_url="${base%/*}/$name"
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}
status=0
[[ $restart_pg == 1 ]] && extra+=(--restart-pg "$work/pg:$pg_port")
python3 scripts/crash_test.py --bin "$bin" --work "$work" --port "$port" --rounds "$rounds" ${pg_url:+--pg-url "$pg_url"} \
  "${extra[@]}" || status=$?
if grep -q "ERROR: AddressSanitizer\|runtime error:" "$work/server.log"; then
  echo "crash-test: the sanitizers reported an error; see the server log" >&2
  grep -m5 "ERROR: AddressSanitizer\|runtime error:" "$work/server.log" >&2
  status=1
fi
[[ -n $pg_url && -z $own_pg ]] && psql "$base" -X -qc "DROP DATABASE $name" >/dev/null
exit $status
