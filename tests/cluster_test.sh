#!/usr/bin/env bash
# Two nodes on one PostgreSQL sharing one media folder, as behind nginx: a file uploaded
# through node A is served by node B (and handed to nginx by A with X-Accel-Redirect); a
# session ended on A is refused by B at once; a request id from a trusted proxy is kept; a
# media file gone from the folder is logged as the 404 it was, not as 200 with its size.
# Starts its own PostgreSQL cluster. Usage: tests/cluster_test.sh PATH_TO_CITYSKILLS
set -uo pipefail
bin=$1
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/cs-cluster-test.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
  "$root/scripts/pg-cluster.sh" stop "$work/pg" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
passed=0; failed=0
ok()   { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
check() { if [[ $1 == "$2" ]]; then ok; else fail "$3: got '$1', expected '$2'"; fi; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

url=$("$root/scripts/pg-cluster.sh" start "$work/pg" "$(free_port)") || { echo "FAIL: cannot start PostgreSQL"; exit 1; }
psql() { command psql "$url" -X -q -tA -v ON_ERROR_STOP=1 "$@"; }
mkdir -p "$work/media" "$work/a" "$work/b"
ln -s ../media "$work/a/media"
ln -s ../media "$work/b/media"
"$bin" migrate --data "$work/a" --database "$url" >/dev/null 2>&1 || { echo "FAIL: migrate"; exit 1; }
pa=$(free_port); pb=$(free_port)
"$bin" serve --listen "127.0.0.1:$pa" --data "$work/a" --database "$url" --accel-redirect /_media 2>"$work/a.log" &
pids+=($!)
"$bin" serve --listen "127.0.0.1:$pb" --data "$work/b" --database "$url" --trusted-proxy 127.0.0.1 2>"$work/b.log" &
pids+=($!)
a="http://127.0.0.1:$pa"; b="http://127.0.0.1:$pb"
for port in "$pa" "$pb"; do
  for _ in $(seq 300); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
  curl -fs "http://127.0.0.1:$port/readyz" >/dev/null || { echo "FAIL: node on $port not ready"; cat "$work"/*.log; exit 1; }
done

# An author of an organisation with a session, and the CSRF token the server derives from it.
now=$(date +%s)
token=$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')
hash=$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)
psql -c "INSERT INTO organisations (name, slug, kind, country, created_at, updated_at) VALUES ('Two', 'two', 'city', 'IT', $now, $now);
         INSERT INTO users (email, password_hash, display_name, lang, email_verified_at, created_at, updated_at)
         VALUES ('author@two.example.org', 'x', 'Author', 'en', $now, $now, $now);
         INSERT INTO memberships (user_id, org_id, role, created_at, updated_at)
         SELECT u.id, o.id, 'author', $now, $now FROM users u, organisations o WHERE o.slug = 'two';
         INSERT INTO sessions (id_hash, user_id, expires_at, created_at, updated_at)
         SELECT '$hash', id, $now + 3600, $now, $now FROM users WHERE email = 'author@two.example.org'" >/dev/null
secret=$(psql -c "SELECT value FROM settings WHERE name = 'secret'")
csrf=$(python3 -c 'import hashlib, hmac, sys
print(hmac.new(hashlib.sha256(sys.argv[1].encode()).digest(), ("csrf|s|" + sys.argv[2]).encode(), hashlib.sha256).hexdigest())' "$secret" "$token")
org=$(psql -c "SELECT id FROM organisations WHERE slug = 'two'")

# Upload on A.
python3 -c 'import sys
sys.stdout.write("district,people\n" + "".join(f"d{i},{i * 7}\n" for i in range(40000)))' >"$work/upload.csv"
sha=$(sha256sum "$work/upload.csv" | cut -d' ' -f1)
loc=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -b "cs_session=$token" -F "_csrf=$csrf" -F "org_id=$org" \
  -F lang=en -F kind=dataset -F title=Districts -F description=Sizes -F licence=CC0-1.0 -F format=csv -F url= \
  -F "file=@$work/upload.csv;type=text/csv" "$a/resources/new")
check "${loc%% *}" 303 "upload through A"
id=$(sed -n 's|.*/resources/\([0-9]*\).*|\1|p' <<<"$loc")

# B serves the bytes A stored; A hands the same file to nginx.
got=$(curl -s "$b/resources/$id/file" | sha256sum | cut -d' ' -f1)
check "$got" "$sha" "the file served by B"
range=$(curl -s -H 'Range: bytes=0-14' "$b/resources/$id/file")
check "$range" "district,people" "a range served by B"
accel=$(curl -s -D - -o "$work/a-body" "$a/resources/$id/file" | tr -d '\r' | sed -n 's/^x-accel-redirect: //Ip')
check "$accel" "/_media/${sha:0:2}/${sha:2}" "X-Accel-Redirect from A"
check "$(wc -c <"$work/a-body")" 0 "A sends no body with X-Accel-Redirect"
check "$(sha256sum "$work/media/${sha:0:2}/${sha:2}" | cut -d' ' -f1)" "$sha" "the shared file"

# A request id from the trusted proxy is kept by B; A (no trusted proxy) makes its own.
rid=$(curl -s -D - -o /dev/null -H 'X-Request-Id: 0f3c9a77e1d2-proxy' "$b/healthz" | tr -d '\r' | sed -n 's/^x-request-id: //Ip')
check "$rid" 0f3c9a77e1d2-proxy "request id kept from a trusted proxy"
rid=$(curl -s -D - -o /dev/null -H 'X-Request-Id: 0f3c9a77e1d2-proxy' "$a/healthz" | tr -d '\r' | sed -n 's/^x-request-id: //Ip')
[[ -n $rid && $rid != 0f3c9a77e1d2-proxy ]] && ok || fail "A kept a request id from an untrusted peer: '$rid'"

# A file gone from the folder: 404, and logged as 404 with 0 bytes.
mv "$work/media/${sha:0:2}/${sha:2}" "$work/moved"
check "$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Request-Id: gone-file-1' "$b/resources/$id/file")" 404 "a missing file"
sleep 0.2
line=$(grep '"request_id":"gone-file-1"' "$work/b.log" | grep '"msg":"request"')
grep -q '"status":404,"bytes":0' <<<"$line" && ok || fail "access log for the missing file: $line"
mv "$work/moved" "$work/media/${sha:0:2}/${sha:2}"

# A session ended on A is refused by B at once.
check "$(curl -s -o /dev/null -w '%{http_code}' -b "cs_session=$token" "$b/profile")" 200 "B, signed in"
check "$(curl -s -o /dev/null -w '%{http_code}' -b "cs_session=$token" -d "_csrf=$csrf" "$a/logout")" 303 "sign-out on A"
got=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -b "cs_session=$token" "$b/profile")
[[ $got == 303\ */login* ]] && ok || fail "B after sign-out on A: $got"

# SIGTERM: /readyz is 503 while draining, the node stops cleanly.
kill -TERM "${pids[0]}"
wait "${pids[0]}"; rc=$?
check "$rc" 0 "A's exit status after SIGTERM"
grep -q '"msg":"cityskills stopped"' "$work/a.log" && ok || fail "A did not stop cleanly"
pids=("${pids[1]}")

echo "cluster: $passed passed, $failed failed"
[[ $failed == 0 ]]
