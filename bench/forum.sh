#!/usr/bin/env bash
# Benchmarks the last page of a forum thread of 10,000 replies against nginx serving a static
# file of the same size, in the same run, on SQLite and on PostgreSQL: req/s, p50 and p99, and
# the server's figures as ratios to nginx. Also the full page before the last and page 1, to
# show that the page number does not change the cost (a page is a range of the per-thread post
# number, never an OFFSET scan); the last page of 10,001 posts holds one post.
#
# Usage: bench/forum.sh [--duration 10s] [--connections 64] [--threads 2] [--replies 10000]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source bench/lib.sh
duration=10s; connections=64; threads=2; replies=10000
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --replies) replies=$2; shift 2 ;;
    --help|-h) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

scripts/install-deps.sh >/dev/null
scripts/build-assets.sh >/dev/null
cmake --preset release >/dev/null
cmake --build --preset release --target cityskills >/dev/null

work=$(mktemp -d /tmp/cityskills-forum-bench.XXXXXX)
chmod 755 "$work"
app_port=$(( 35000 + RANDOM % 5000 )); nginx_port=$(( app_port + 1 )); pg_port=$(( app_port + 2 ))
cleanup() {
  [[ -n "${app_pid:-}" ]] && kill "$app_pid" 2>/dev/null || true
  [[ -f $work/nginx.pid ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  scripts/pg-cluster.sh stop "$work/pg" >/dev/null 2>&1 || true
}
trap cleanup EXIT

# One thread with `replies` replies after its opening post, written in one statement that
# both databases accept; the posts are numbered 1..replies+1 as the application numbers them.
load_sql() {
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

row() { printf '%-34s %12.0f %10.2f %10.2f   %s\n' "$1" "$2" "$3" "$4" "$5"; }

start_nginx "$work" "$nginx_port"

echo "cityskills forum benchmark: $(nproc) cores, wrk -t$threads -c$connections -d$duration, a thread of $replies replies"
printf '%-34s %12s %10s %10s   %s\n' "target" "req/s" "p50 ms" "p99 ms" "vs nginx (throughput, p99)"

bench_backend() {  # label database-url
  local label=$1 url=$2 data="$work/data-$1"
  build/release/cityskills seed --demo --quiet --data "$data" --database "$url" 2>/dev/null
  local thread
  if [[ $url == sqlite:* ]]; then
    load_sql | sqlite3 "${url#sqlite:}"
    thread=$(sqlite3 "${url#sqlite:}" "SELECT MAX(id) FROM forum_threads")
  else
    load_sql | psql -q -v ON_ERROR_STOP=1 "$url" >/dev/null
    thread=$(psql -qtA "$url" -c "SELECT MAX(id) FROM forum_threads")
  fi
  build/release/cityskills serve --data "$data" --database "$url" --listen "127.0.0.1:$app_port" --assets build/web \
    >"$work/server-$label.log" 2>&1 &
  app_pid=$!
  wait_ready "$app_port" "$work/server-$label.log"
  local pages=$(( (replies + 1 + 19) / 20 ))
  local last_page
  last_page=$(curl -fs -H 'Accept-Language: en' "http://127.0.0.1:$app_port/forum/t/$thread?page=last")
  [[ $last_page == *"Reply number $((replies + 1)):"* ]] || { echo "the last page is wrong" >&2; exit 1; }
  # The last page, a full page next to it, and the first page: each against nginx serving
  # a file of exactly its size.
  for page in last $(( pages > 1 ? pages - 1 : 1 )) 1; do
    local url="http://127.0.0.1:$app_port/forum/t/$thread?page=$page" file="$label-$page.html"
    curl -fs -H 'Accept-Language: en' "$url" -o "$work/www/$file"
    local size; size=$(wc -c <"$work/www/$file")
    read -r n_rps n_p50 n_p99 < <(measure "http://127.0.0.1:$nginx_port/$file")
    read -r a_rps a_p50 a_p99 < <(measure "$url")
    row "  nginx static ($size B)" "$n_rps" "$n_p50" "$n_p99" "reference"
    row "$label: page $page of $pages" "$a_rps" "$a_p50" "$a_p99" "$(ratio "$a_rps" "$n_rps" "$a_p99" "$n_p99")"
  done
  kill "$app_pid"; wait "$app_pid" 2>/dev/null || true
  app_pid=""
}

bench_backend sqlite "sqlite:$work/data-sqlite/cityskills.db"
pg_url=$(scripts/pg-cluster.sh start "$work/pg" "$pg_port")
bench_backend postgres "$pg_url"
