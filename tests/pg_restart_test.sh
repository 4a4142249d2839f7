#!/usr/bin/env bash
# PostgreSQL restarted under a running server: while it is down, pages answer 503 with
# Retry-After (never 500) and /readyz says 503; once it is back, pages, /readyz, signed-in
# requests and the job runner work again within seconds, without restarting cityskills.
# Starts its own PostgreSQL cluster (scripts/pg-cluster.sh) so that stopping it disturbs no
# other test. Usage: tests/pg_restart_test.sh PATH_TO_CITYSKILLS
set -uo pipefail
bin=$1
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/cs-pgrestart.XXXXXX)
chmod 755 "$work"
server=""
cleanup() {
  [[ -n $server ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  "$root/scripts/pg-cluster.sh" stop "$work/pg" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
passed=0; failed=0
ok()   { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

pg_port=$(free_port)
url=$("$root/scripts/pg-cluster.sh" start "$work/pg" "$pg_port") || { echo "FAIL: cannot start PostgreSQL"; exit 1; }
psql() { command psql "$url" -X -q -tA -v ON_ERROR_STOP=1 "$@"; }
port=$(free_port)
base="http://127.0.0.1:$port"
"$bin" serve --listen "127.0.0.1:$port" --data "$work/data" --database "$url" 2>"$work/server.log" &
server=$!
status() { curl -s -o /dev/null -w '%{http_code}' --max-time 10 -b "cs_session=$token" "$base$1"; }
ms() { echo $(( $(date +%s%N) / 1000000 )); }
wait_for() {  # PATH STATUS SECONDS: polls until PATH answers STATUS; prints the milliseconds it took
  local start; start=$(ms)
  while true; do
    [[ $(status "$1") == "$2" ]] && { echo $(( $(ms) - start )); return 0; }
    (( $(ms) - start > $3 * 1000 )) && return 1
    sleep 0.1
  done
}
token=""
wait_for /readyz 200 60 >/dev/null || { echo "FAIL: server not ready"; cat "$work/server.log"; exit 1; }

# A signed-in person, so that each request also reads the session from the database.
now=$(date +%s)
token=$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')
hash=$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)
psql -c "INSERT INTO users (email, password_hash, display_name, lang, email_verified_at, created_at, updated_at)
         VALUES ('restart@example.org', 'x', 'Restart', 'en', $now, $now, $now);
         INSERT INTO sessions (id_hash, user_id, expires_at, created_at, updated_at)
         SELECT '$hash', id, $now + 3600, $now, $now FROM users WHERE email = 'restart@example.org'" >/dev/null
pages=(/ /events /courses /forum /news /my/learning)
# Warm every pooled connection with prepared statements, as a running server has.
for i in 1 2 3; do for p in "${pages[@]}"; do [[ $(status "$p") == 200 ]] || fail "before: $p"; done; done

"$root/scripts/pg-cluster.sh" stop "$work/pg"
for p in "${pages[@]}"; do
  got=$(status "$p")
  [[ $got == 503 ]] && ok || fail "while down: $p answered $got, expected 503"
done
[[ $(status /readyz) == 503 ]] && ok || fail "while down: /readyz did not answer 503"
got=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$base/healthz")  # as a load balancer asks: no cookie
[[ $got == 200 ]] && ok || fail "while down: /healthz (process up) answered $got"
headers=$(curl -s -D - -o "$work/page.html" --max-time 10 -H 'Accept-Language: de' "$base/events")
grep -qi '^retry-after: [0-9]' <<<"$headers" && ok || fail "503 without Retry-After: $headers"
grep -q 'Bitte versuchen Sie es in einigen Sekunden erneut' "$work/page.html" && ok || fail "503 page not translated"

url=$("$root/scripts/pg-cluster.sh" start "$work/pg" "$pg_port") || { echo "FAIL: cannot restart PostgreSQL"; exit 1; }
if took=$(wait_for /readyz 200 5); then ok; echo "ready again ${took} ms after PostgreSQL was back"; else fail "/readyz not 200 within 5 s"; fi
for i in 1 2 3; do
  for p in "${pages[@]}"; do
    got=$(status "$p")
    [[ $got == 200 ]] && ok || fail "after restart (round $i): $p answered $got"
  done
done
# The job runner lived through the outage: a job queued now is done within seconds.
job=$(psql -c "INSERT INTO jobs (kind, payload, run_at, attempts, created_at, updated_at)
               VALUES ('mail', '{\"to\":\"restart@example.org\",\"subject\":\"After the restart\",\"text\":\"Hello\"}',
                       $(date +%s), 0, $(date +%s), $(date +%s)) RETURNING id")
for _ in $(seq 50); do
  [[ $(psql -c "SELECT done_at IS NOT NULL FROM jobs WHERE id = $job") == t ]] && break
  sleep 0.1
done
[[ $(psql -c "SELECT done_at IS NOT NULL FROM jobs WHERE id = $job") == t ]] && ok || fail "job $job not run after the restart"
kill -0 "$server" 2>/dev/null && ok || fail "server died"
n500=$(grep -c '"status":500' "$work/server.log")
[[ $n500 == 0 ]] && ok || fail "$n500 requests answered 500"

echo "pg_restart: $passed passed, $failed failed"
[[ $failed == 0 ]]
