#!/usr/bin/env bash
# Benchmarks a cluster on this machine (scripts/cluster.sh: PostgreSQL, nodes, nginx in front)
# with 1, 2 and 3 nodes in one run: throughput and latency of /courses, a signed-in course page
# and registration (a storm of --attempts people for 500 seats), all through nginx, on the
# catalogue benchmark's data set (10,000 people, 200 courses, 1,000,000 progress rows). Then a
# 1 MiB media file sent by a node itself against the same file sent by nginx after the node's
# access check (X-Accel-Redirect). Each line also gives the CPU time one request cost the whole
# machine (cores x seconds / requests), which docs/operations-cluster.md scales to a city.
#
# Usage: bench/cluster.sh [--duration 10s] [--connections 64] [--threads 2] [--users N]
#                         [--courses N] [--progress N] [--attempts N] [--port BASE]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source bench/lib.sh
users=10000; courses=200; progress=1000000; attempts=2000; base=55450
while [[ $# -gt 0 ]]; do
  case "$1" in
    --users) users=$2; shift 2 ;;
    --courses) courses=$2; shift 2 ;;
    --progress) progress=$2; shift 2 ;;
    --attempts) attempts=$2; shift 2 ;;
    --port) base=$2; shift 2 ;;
    --sqlite-only) echo "unknown option $1: a cluster runs on PostgreSQL" >&2; exit 2 ;;
    *) common_option "$@"; shift "$used" ;;
  esac
done

build_release catalog_load registration_storm

work=$(mktemp -d /tmp/cityskills-bench-cluster.XXXXXX)
chmod 755 "$work"
plain_pid=""
cleanup() {
  [[ -n $plain_pid ]] && kill "$plain_pid" 2>/dev/null || true
  scripts/cluster.sh stop "$work/cluster" >/dev/null 2>&1 || true
}
trap cleanup EXIT

url=$(scripts/cluster.sh start "$work/cluster" --port "$base" --build release --nodes 3 --demo)
source <(scripts/cluster.sh env "$work/cluster")
read -r cookie course _ < <(build/release/catalog_load --database "$PG_URL" --users "$users" --courses "$courses" \
                           --progress "$progress" 2> >(sed 's/^/  /' >&2))
cores=$(nproc)
db_mb=$(psql "$PG_URL" -X -tA -c "SELECT pg_database_size(current_database()) / 1048576")
echo "cluster benchmark: $cores cores shared by nginx, the nodes and PostgreSQL; wrk -t$threads -c$connections -d$duration"
echo "through nginx at $url; $users people, $courses courses, $progress progress rows ($db_mb MiB in PostgreSQL); release build"
row() { printf '%-6s %-34s %9.0f %8.2f %8.2f %9.2f\n' "$@"; }
cpu_ms() { awk -v c="$cores" -v r="$1" 'BEGIN { printf "%.2f", c * 1000 / r }'; }
printf '%-6s %-34s %9s %8s %8s %9s\n' nodes target req/s "p50 ms" "p99 ms" "cpu ms/req"
for n in 1 2 3; do
  scripts/cluster.sh nodes "$work/cluster" "$n"
  read -r r p50 p99 < <(measure "$url/courses")
  row "$n" "/courses, anonymous" "$r" "$p50" "$p99" "$(cpu_ms "$r")"
  read -r r p50 p99 < <(measure "$url/courses/$course" -H "Cookie: $cookie")
  row "$n" "/courses/$course, signed in" "$r" "$p50" "$p99" "$(cpu_ms "$r")"
  out=$(build/release/registration_storm --port "$BASE" --database "$PG_URL" --attempts "$attempts" --seats 500 \
        --concurrency "$connections")
  grep -q "seats given exactly once: yes" <<<"$out" || { echo "$out" >&2; exit 1; }
  r=$(sed -n 's/^ *\([0-9.]*\) registrations\/s.*/\1/p' <<<"$out")
  p50=$(sed -n 's/.*p50 \([0-9.]*\) ms.*/\1/p' <<<"$out"); p99=$(sed -n 's/.*p99 \([0-9.]*\) ms.*/\1/p' <<<"$out")
  row "$n" "registration ($attempts for 500 seats)" "$r" "$p50" "$p99" "$(cpu_ms "$r")"
done

# A 1 MiB file: an author's resource, uploaded through nginx.
now=$(date +%s)
token=$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')
psql "$PG_URL" -X -q -v ON_ERROR_STOP=1 <<SQL
INSERT INTO users (email, password_hash, display_name, lang, email_verified_at, created_at, updated_at)
VALUES ('bench-author@example.org', 'x', 'Bench', 'en', $now, $now, $now);
INSERT INTO memberships (user_id, org_id, role, created_at, updated_at)
SELECT u.id, (SELECT MIN(id) FROM organisations), 'author', $now, $now FROM users u WHERE email = 'bench-author@example.org';
INSERT INTO sessions (id_hash, user_id, expires_at, created_at, updated_at)
SELECT '$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)', id, $now + 3600, $now, $now FROM users WHERE email = 'bench-author@example.org';
SQL
secret=$(psql "$PG_URL" -X -tA -c "SELECT value FROM settings WHERE name = 'secret'")
csrf=$(python3 -c 'import hashlib, hmac, sys
print(hmac.new(hashlib.sha256(sys.argv[1].encode()).digest(), ("csrf|s|" + sys.argv[2]).encode(), hashlib.sha256).hexdigest())' "$secret" "$token")
org=$(psql "$PG_URL" -X -tA -c "SELECT MIN(id) FROM organisations")
python3 -c 'import sys; sys.stdout.write("".join(f"row {i:07d},{i * 31 % 1000:03d}\n" for i in range(1 << 16))[: 1 << 20])' >"$work/file.csv"
loc=$(curl -s -o /dev/null -w '%{redirect_url}' -b "cs_session=$token" -F "_csrf=$csrf" -F "org_id=$org" -F lang=en \
  -F kind=dataset -F title=Bench -F description=Bench -F licence=CC0-1.0 -F format=csv -F url= \
  -F "file=@$work/file.csv;type=text/csv" "$url/resources/new")
id=$(sed -n 's|.*/resources/\([0-9]*\).*|\1|p' <<<"$loc")
[[ -n $id ]] || { echo "the upload failed" >&2; exit 1; }
# A node without --accel-redirect, on the same data, sends the file itself.
plain_port=$(( BASE + 8 ))
mkdir -p "$work/cluster/node8"; ln -sfn ../media "$work/cluster/node8/media"
build/release/cityskills serve --data "$work/cluster/node8" --database "$PG_URL" --listen "127.0.0.1:$plain_port" \
  --assets build/web >"$work/plain.log" 2>&1 &
plain_pid=$!
wait_ready "$plain_port" "$work/plain.log"
curl -fs "http://127.0.0.1:$plain_port/resources/$id/file" | cmp - "$work/file.csv"
curl -fs "$url/resources/$id/file" | cmp - "$work/file.csv"
read -r r p50 p99 < <(measure "http://127.0.0.1:$plain_port/resources/$id/file")
row 1 "1 MiB file, sent by the node" "$r" "$p50" "$p99" "$(cpu_ms "$r")"
read -r r p50 p99 < <(measure "$url/resources/$id/file")
row 3 "1 MiB file, nginx after the check" "$r" "$p50" "$p99" "$(cpu_ms "$r")"
