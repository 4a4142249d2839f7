#!/usr/bin/env bash
# A cluster on loopback ports for tests, benchmarks and a try-out: PostgreSQL, N `cityskills
# serve` nodes sharing one media folder, and nginx in front with deploy/nginx/cityskills.conf.
#
#   scripts/cluster.sh start DIR [--port BASE] [--nodes 3] [--build asan|release] [--demo]
#       nginx on BASE, nodes on BASE+1.., PostgreSQL on BASE+9 (default BASE 55440);
#       --demo seeds the demo city the first time. Prints the address.
#   scripts/cluster.sh stop DIR                   stop nginx, every node, PostgreSQL
#   scripts/cluster.sh node start|stop|kill DIR N start node N, stop it (SIGTERM: drain),
#                                                 or kill -9 it
#   scripts/cluster.sh nodes DIR N                send traffic to nodes 1..N only (nginx reload)
#   scripts/cluster.sh env DIR                    print URL, PG_URL, BASE, NODES, BIN
#
# Layout of DIR: pg/ (PostgreSQL), media/ (the shared media folder: every node's
# nodeK/media is a link to it, as an NFS mount would be), nodeK/ (data folder, server.log),
# nginx/ (configuration, access.log, error.log).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; }

load_env() {
  local dir=$1
  [[ -f $dir/cluster.env ]] || { echo "cluster.sh: no cluster in $dir" >&2; exit 1; }
  # shellcheck disable=SC1091
  source "$dir/cluster.env"
}

node_port() { echo $(( BASE + $1 )); }

start_node() {
  local dir=$1 n=$2 port; port=$(node_port "$n")
  local data=$dir/node$n
  mkdir -p "$data"
  [[ -e $data/media ]] || ln -s ../media "$data/media"
  if [[ -f $data/pid ]] && kill -0 "$(cat "$data/pid")" 2>/dev/null; then return 0; fi
  "$BIN" serve --data "$data" --database "$PG_URL" --listen "127.0.0.1:$port" --assets "$root/build/web" \
    --public-url "$URL" --trusted-proxy 127.0.0.1 --accel-redirect /_media --workers "${WORKERS:-0}" \
    >>"$data/server.log" 2>&1 &
  echo $! >"$data/pid"
  for _ in $(seq 300); do
    curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$(cat "$data/pid")" 2>/dev/null || break
    sleep 0.1
  done
  echo "cluster.sh: node $n did not start:" >&2
  tail -5 "$data/server.log" >&2
  exit 1
}

stop_node() {
  local dir=$1 n=$2 sig=${3:-TERM} pid
  [[ -f $dir/node$n/pid ]] || return 0
  pid=$(cat "$dir/node$n/pid")
  if kill -"$sig" "$pid" 2>/dev/null; then
    for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$dir/node$n/pid"
}

# deploy/nginx/cityskills.conf with the lines marked "cluster.sh:" rewritten for DIR.
write_nginx() {
  local dir=$1 active=$2
  mkdir -p "$dir/nginx"
  local servers="" n
  for n in $(seq "$active"); do
    servers+="    server 127.0.0.1:$(node_port "$n") max_fails=2 fail_timeout=5s;\n"
  done
  awk -v servers="$servers" -v base="$BASE" -v dir="$dir" -v web="$root/build/web" '
    /# cluster.sh: nodes/ { if (!done) { printf "%s", servers; done = 1 } next }
    /# cluster.sh: listen/ { print "    listen 127.0.0.1:" base ";"; next }
    /# cluster.sh: server_name/ { print "    server_name 127.0.0.1;"; next }
    /# cluster.sh: access_log/ { print "    access_log " dir "/nginx/access.log cityskills;"; next }
    /# cluster.sh: assets/ { print "        alias " web "/assets/;"; next }
    /# cluster.sh: media/ { print "        alias " dir "/media/;"; next }
    { print }' "$root/deploy/nginx/cityskills.conf" >"$dir/nginx/cityskills.conf"
  cat >"$dir/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $dir/nginx/nginx.pid;
error_log $dir/nginx/error.log warn;
events { worker_connections 4096; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  sendfile on;
  client_body_temp_path $dir/nginx/body;
  proxy_temp_path $dir/nginx/proxy;
  fastcgi_temp_path $dir/nginx/tmp; uwsgi_temp_path $dir/nginx/tmp; scgi_temp_path $dir/nginx/tmp;
  keepalive_requests 100000;
  include $dir/nginx/cityskills.conf;
}
CONF
}

nginx_running() { [[ -f $1/nginx/nginx.pid ]] && kill -0 "$(cat "$1/nginx/nginx.pid")" 2>/dev/null; }

cmd=${1:-}
case "$cmd" in
  start)
    [[ $# -ge 2 ]] || { usage; exit 2; }
    dir=$(realpath -m "$2"); shift 2
    base=55440; nodes=3; build=asan; demo=0
    while [[ $# -gt 0 ]]; do
      case "$1" in
        --port) base=$2; shift 2 ;;
        --nodes) nodes=$2; shift 2 ;;
        --build) build=$2; shift 2 ;;
        --demo) demo=1; shift ;;
        *) echo "cluster.sh: unknown option $1" >&2; exit 2 ;;
      esac
    done
    mkdir -p "$dir/media"
    chmod 755 "$dir"
    if [[ ! -f $dir/cluster.env ]]; then
      pg_url=$("$root/scripts/pg-cluster.sh" start "$dir/pg" $(( base + 9 )))
      cat >"$dir/cluster.env" <<ENV
BASE=$base
NODES=$nodes
BIN=$root/build/$build/cityskills
PG_URL=$pg_url
URL=http://127.0.0.1:$base
ENV
      load_env "$dir"
      for n in $(seq 9); do mkdir -p "$dir/node$n"; ln -sfn ../media "$dir/node$n/media"; done
      "$BIN" migrate --data "$dir/node1" --database "$PG_URL" >"$dir/migrate.log" 2>&1
      if [[ $demo == 1 ]]; then
        "$BIN" seed --demo --quiet --data "$dir/node1" --database "$PG_URL" >"$dir/seed.log" 2>&1
      fi
    else
      load_env "$dir"
      "$root/scripts/pg-cluster.sh" start "$dir/pg" $(( BASE + 9 )) >/dev/null
    fi
    for n in $(seq "$NODES"); do start_node "$dir" "$n"; done
    write_nginx "$dir" "$NODES"
    nginx_running "$dir" || nginx -c "$dir/nginx/nginx.conf" -p "$dir/nginx" 2>>"$dir/nginx/error.log"
    for _ in $(seq 50); do curl -fs "$URL/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
    curl -fs "$URL/readyz" >/dev/null || { echo "cluster.sh: nginx does not answer on $URL" >&2; exit 1; }
    echo "$URL"
    ;;
  stop)
    [[ $# -eq 2 ]] || { usage; exit 2; }
    dir=$(realpath -m "$2")
    [[ -f $dir/cluster.env ]] || exit 0
    load_env "$dir"
    nginx_running "$dir" && kill -QUIT "$(cat "$dir/nginx/nginx.pid")"
    for n in $(seq 9); do stop_node "$dir" "$n"; done
    "$root/scripts/pg-cluster.sh" stop "$dir/pg"
    ;;
  node)
    [[ $# -eq 4 ]] || { usage; exit 2; }
    dir=$(realpath -m "$3"); load_env "$dir"
    case "$2" in
      start) start_node "$dir" "$4" ;;
      stop) stop_node "$dir" "$4" TERM ;;
      kill) stop_node "$dir" "$4" KILL ;;
      *) usage; exit 2 ;;
    esac
    ;;
  nodes)
    [[ $# -eq 3 ]] || { usage; exit 2; }
    dir=$(realpath -m "$2"); load_env "$dir"
    write_nginx "$dir" "$3"
    nginx -c "$dir/nginx/nginx.conf" -p "$dir/nginx" -s reload 2>>"$dir/nginx/error.log"
    sleep 0.5  # old workers finish their requests
    ;;
  env)
    [[ $# -eq 2 ]] || { usage; exit 2; }
    cat "$(realpath -m "$2")/cluster.env"
    ;;
  -h|--help) usage ;;
  *) usage; exit 2 ;;
esac
