# Shared by the benchmark scripts (source it): nginx as the reference, wrk as the load, the
# options every script takes, the work directory and its cleanup, and the result tables.

# Starts nginx serving WORK/www on 127.0.0.1:PORT, with a pid file in WORK (stop it with
# kill "$(cat WORK/nginx.pid)").
start_nginx() {
  local work=$1 port=$2
  mkdir -p "$work/www" "$work/nginx"
  cat >"$work/nginx/nginx.conf" <<CONF
worker_processes $(nproc);
pid $work/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:$port reuseport;
    root $work/www;
    location / { default_type text/html; }
  }
}
CONF
  nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" 2>/dev/null
  for _ in $(seq 50); do [[ -s $work/nginx.pid ]] && break; sleep 0.1; done
}

# Runs wrk on URL (further arguments go to wrk, e.g. -H "Cookie: ...") and prints
# "req_per_s p50_ms p99_ms". Fails when wrk saw error responses.
measure() {
  local url=$1; shift
  local out rps p50 p99
  out=$(wrk --latency -t"$threads" -c"$connections" -d"$duration" -H 'Accept-Language: en' "$@" "$url")
  if grep -q "Non-2xx" <<<"$out"; then echo "wrk saw error responses for $url" >&2; return 1; fi
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  echo "$rps $(to_ms "$p50") $(to_ms "$p99")"
}

# wrk's "812.34us" / "3.2ms" / "1.1s" in milliseconds.
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us/,"",v); print v/1000 } else if (v ~ /ms$/) { sub(/ms/,"",v); print v } else { sub(/s/,"",v); print v*1000 } }'; }

# "0.12x req/s, 2.05x p99" of ours (rps, p99) against the reference (rps, p99).
ratio() { awk -v a="$1" -v b="$2" -v c="$3" -v d="$4" 'BEGIN { printf "%.2fx req/s, %.2fx p99", a/b, c/d }'; }

# Waits up to 10 s for the server on 127.0.0.1:PORT to answer /readyz; when it does not, prints
# the end of LOG and exits (a port already taken, a failed migration).
wait_ready() {
  local port=$1 log=$2
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && return 0; sleep 0.1; done
  echo "the server on port $port did not start:" >&2
  tail -3 "$log" >&2
  exit 1
}

# ---- the scaffolding every benchmark script shares ----------------------------------------

# The options every benchmark takes, with their defaults; a script sets its own after these.
duration=10s; connections=64; threads=2; backends="sqlite postgres"; row_width=44

# The calling script's header comment (line 2 up to the first line that is not a comment).
usage() { awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"; }

# One of the options every benchmark takes, at the start of "$@" (--duration, --connections,
# --threads, --sqlite-only, --postgres-only, --help); sets $used to the number of words it took. Any other
# option is unknown: the script stops with exit code 2.
common_option() {
  case "$1" in
    --duration) duration=$2; used=2 ;;
    --connections) connections=$2; used=2 ;;
    --threads) threads=$2; used=2 ;;
    --sqlite-only) backends="sqlite"; used=1 ;;
    --postgres-only) backends="postgres"; used=1 ;;
    --help|-h) usage; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
}

# Builds the front-end assets and the binary with the load tools named, in the CMake preset
# $preset (release unless the script set another).
build_release() {
  scripts/install-deps.sh >/dev/null
  scripts/build-assets.sh >/dev/null
  cmake --preset "${preset:-release}" >/dev/null
  cmake --build --preset "${preset:-release}" --target cityskills "$@" >/dev/null
}

# A work directory /tmp/cityskills-bench-NAME.*, ports from BASE + a random 0–4999 (nginx on
# $base_port, the servers from $port = $base_port + 1, PostgreSQL on $base_port + 9), and nginx
# started. Whatever the run starts is stopped on exit: the servers whose pids are in $pids,
# nginx and the PostgreSQL cluster in $work/pg.
bench_setup() {
  work=$(mktemp -d "/tmp/cityskills-bench-$1.XXXXXX")
  chmod 755 "$work"
  base_port=$(( $2 + RANDOM % 5000 ))
  nginx_port=$base_port
  port=$(( base_port + 1 ))
  pids=()
  trap bench_cleanup EXIT
  start_nginx "$work" "$nginx_port"
}

bench_cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [[ -f $work/nginx.pid ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  scripts/pg-cluster.sh stop "$work/pg" >/dev/null 2>&1 || true
}

# The database of BACKEND (sqlite or postgres) for this run: sets $data (a new data directory)
# and $url (the PostgreSQL cluster is started on $base_port + 9).
backend_database() {
  data="$work/data-$1"
  mkdir -p "$data"
  url="sqlite:$data/cityskills.db"
  if [[ $1 == postgres ]]; then url=$(scripts/pg-cluster.sh start "$work/pg" $(( base_port + 9 ))); fi
}

# Starts BIN/cityskills on $data and $url at 127.0.0.1:$port (its log $work/server-NAME.log)
# and waits until it answers.
serve() {
  local bin=$1 name=$2
  "$bin/cityskills" serve --data "$data" --database "$url" --listen "127.0.0.1:$port" --assets build/web \
    >"$work/server-$name.log" 2>&1 &
  pids+=($!)
  wait_ready "$port" "$work/server-$name.log"
}

# A table's heading and its rows, $row_width characters for the first column.
table_header() { printf "%-${row_width}s %10s %9s %9s   %s\n" "$1" "req/s" "p50 ms" "p99 ms" "vs nginx (throughput, p99)"; }
row() { printf "%-${row_width}s %10.0f %9.2f %9.2f   %s\n" "$1" "$2" "$3" "$4" "$5"; }

# Two rows: nginx serving FILE (in $work/www), then URL named NAME (further arguments go to
# wrk, e.g. -H "Cookie: ..."), with the ratios of the second to the first.
compare() {
  local name=$1 file=$2 target=$3 size n n50 n99 a a50 a99
  shift 3
  size=$(wc -c <"$work/www/$file")
  read -r n n50 n99 < <(measure "http://127.0.0.1:$nginx_port/$file")
  read -r a a50 a99 < <(measure "$target" "$@")
  row "nginx static ($size B)" "$n" "$n50" "$n99" "reference"
  row "$name" "$a" "$a50" "$a99" "$(ratio "$a" "$n" "$a99" "$n99")"
}

# SQL for one forum thread with REPLIES replies after its opening post ("Benchmark thread" in
# the demo's "information" category), written in statements that both databases accept; the
# posts are numbered 1..REPLIES+1 as the application numbers them.
forum_thread_sql() {
  local replies=$1
  cat <<SQL
INSERT INTO forum_threads (category_id, author_id, lang, title, last_seq, last_post_at, pinned, created_at, updated_at)
SELECT id, CAST(NULL AS BIGINT), 'en', 'Benchmark thread', $((replies + 1)), 1700000000, 0, 1700000000, 1700000000
FROM forum_categories WHERE slug = 'information';
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $((replies + 1)))
INSERT INTO forum_posts (thread_id, seq, author_id, body, created_at, updated_at)
SELECT (SELECT MAX(id) FROM forum_threads), i, (SELECT MIN(id) FROM users),
       'Reply number ' || i || ': a **few** words of advice, a [link](https://example.org/guide) and a question ' ||
       'about the homework of this week, long enough to look like a real paragraph in a forum.',
       1700000000 + i, 1700000000 + i
FROM n;
SQL
}

# Loads forum_thread_sql REPLIES into the database at $url and prints the new thread's id.
load_forum_thread() {
  if [[ $url == sqlite:* ]]; then
    forum_thread_sql "$1" | sqlite3 "${url#sqlite:}"
    sqlite3 "${url#sqlite:}" "SELECT MAX(id) FROM forum_threads"
  else
    forum_thread_sql "$1" | psql -q -v ON_ERROR_STOP=1 "$url" >/dev/null
    psql -qtA "$url" -c "SELECT MAX(id) FROM forum_threads"
  fi
}
