#!/usr/bin/env bash
# A private PostgreSQL 15 cluster on a loopback port, for tests and benchmarks.
#
#   scripts/pg-cluster.sh start DIR PORT    initdb (first time) and start; prints the URL
#   scripts/pg-cluster.sh stop DIR          stop it (quiet when not running)
#   scripts/pg-cluster.sh createdb DIR PORT NAME
#
# DIR must be reachable by the 'postgres' user when run as root (e.g. under /tmp).
set -euo pipefail

usage() { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; }
PGBIN=/usr/lib/postgresql/15/bin

ensure_installed() {
  if [[ ! -x $PGBIN/initdb ]]; then
    echo "pg-cluster: installing postgresql-15" >&2
    local sudo=""; [[ $(id -u) -ne 0 ]] && sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql-15 >/dev/null
  fi
}

# Runs a PostgreSQL tool as the cluster owner: 'postgres' when we are root.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cmd=${1:-}
case "$cmd" in
  start)
    [[ $# -eq 3 ]] || { usage; exit 2; }
    dir=$(realpath -m "$2"); port=$3
    ensure_installed
    mkdir -p "$dir"
    if [[ $(id -u) -eq 0 ]]; then
      chown postgres: "$dir"
      if ! runuser -u postgres -- test -w "$dir"; then
        echo "pg-cluster: $dir is not reachable by the postgres user; use a folder under /tmp" >&2
        exit 1
      fi
    fi
    if [[ -f $dir/data/postmaster.pid ]]; then
      as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || rm -f "$dir/data/postmaster.pid"
    fi
    if [[ ! -f $dir/data/PG_VERSION ]]; then
      as_owner "$PGBIN/initdb" -D "$dir/data" -U cityskills --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    as_owner mkdir -p "$dir/sock"
    as_owner "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
      -o "-p $port -k $dir/sock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
      start >/dev/null || { tail -20 "$dir/log" >&2; exit 1; }
    psql="$PGBIN/psql -h 127.0.0.1 -p $port -U cityskills -v ON_ERROR_STOP=1 -q"
    if ! $psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'cityskills_test'" | grep -q 1; then
      $psql -d postgres -c "CREATE DATABASE cityskills_test"
    fi
    echo "postgresql://cityskills@127.0.0.1:$port/cityskills_test"
    ;;
  stop)
    [[ $# -eq 2 ]] || { usage; exit 2; }
    dir=$(realpath -m "$2")
    if [[ -f $dir/data/postmaster.pid ]]; then
      as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    ;;
  createdb)
    [[ $# -eq 4 ]] || { usage; exit 2; }
    "$PGBIN/psql" -h 127.0.0.1 -p "$3" -U cityskills -d postgres -qc "CREATE DATABASE \"$4\""
    ;;
  -h|--help) usage ;;
  *) usage; exit 2 ;;
esac
