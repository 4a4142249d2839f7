#!/usr/bin/env bash
# Three nodes on one PostgreSQL sharing one media folder, as behind nginx: a file uploaded
# through node A is served by node B (and handed to nginx by A with X-Accel-Redirect); a
# session ended on A is refused by B at once; a request id from a trusted proxy is kept; a
# media file gone from the folder is logged as the 404 it was, not as 200 with its size; a
# video uploaded through A (which runs no jobs) is processed by another node; a mail job held
# by node C when C is killed (kill -9, in the middle of an SMTP conversation) is taken over by
# B once C's lease runs out, and delivered once; a site setting and the cookie policy changed
# through A's administration pages show on B within a second (each node's settings cache).
# Starts its own PostgreSQL cluster and SMTP sink. Usage: tests/cluster_test.sh PATH_TO_CITYSKILLS
set -uo pipefail
bin=$1
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/cs-cluster-test.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
  "$root/scripts/pg-cluster.sh" stop "$work/pg" >/dev/null 2>&1
  "$root/scripts/smtp-sink.sh" stop "$work/smtp" >/dev/null 2>&1
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
mkdir -p "$work/media" "$work/a" "$work/b" "$work/c"
for n in a b c; do ln -s ../media "$work/$n/media"; done
"$bin" migrate --data "$work/a" --database "$url" >/dev/null 2>&1 || { echo "FAIL: migrate"; exit 1; }
# The SMTP sink that B delivers to, and a server that accepts C's connections and never answers.
sink=$(free_port); hang=$(free_port)
"$root/scripts/smtp-sink.sh" start "$work/smtp" "$sink" >/dev/null || { echo "FAIL: cannot start the SMTP sink"; exit 1; }
python3 -c 'import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(8); held = []
while True: held.append(s.accept()[0])' "$hang" &
pids+=($!)
pa=$(free_port); pb=$(free_port); pc=$(free_port)
"$bin" serve --listen "127.0.0.1:$pa" --data "$work/a" --database "$url" --accel-redirect /_media --no-jobs 2>"$work/a.log" &
pids+=($!); pid_a=$!
"$bin" serve --listen "127.0.0.1:$pb" --data "$work/b" --database "$url" --trusted-proxy 127.0.0.1 \
  --smtp "smtp://127.0.0.1:$sink" --job-lease 2 2>"$work/b.log" &
pids+=($!); pid_b=$!
"$bin" serve --listen "127.0.0.1:$pc" --data "$work/c" --database "$url" \
  --smtp "smtp://127.0.0.1:$hang" --job-lease 2 2>"$work/c.log" &
pids+=($!); pid_c=$!
a="http://127.0.0.1:$pa"; b="http://127.0.0.1:$pb"
for port in "$pa" "$pb" "$pc"; do
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

# A video uploaded through A, which runs no jobs: another node reads it from the shared folder,
# measures it with ffmpeg and marks it ready.
ffmpeg -nostdin -v error -f lavfi -i testsrc=duration=2:size=160x120:rate=10 -f lavfi -i sine=duration=2 \
  -c:v libx264 -pix_fmt yuv420p -c:a aac -shortest "$work/clip.mp4" || fail "ffmpeg could not make the clip"
course=$(psql -c "INSERT INTO courses (org_id, lang, title, summary, description, outcomes, level, audience, created_at, updated_at)
                  VALUES ($org, 'en', 'Clips', 'Short clips', '', '', 'foundation', 'all', $now, $now) RETURNING id" | head -1)
module=$(psql -c "INSERT INTO course_modules (course_id, position, title, created_at, updated_at)
                  VALUES ($course, 1, 'One', $now, $now) RETURNING id" | head -1)
lesson=$(psql -c "INSERT INTO lessons (course_id, module_id, position, kind, title, body, created_at, updated_at)
                  SELECT course_id, id, 1, 'video', 'A clip', '', $now, $now FROM course_modules WHERE id = $module
                  RETURNING id" | head -1)
got=$(curl -s -o /dev/null -w '%{http_code}' -b "cs_session=$token" -F "_csrf=$csrf" \
  -F "video=@$work/clip.mp4;type=video/mp4" "$a/author/lessons/$lesson/video")
check "$got" 303 "video upload through A"
state=""
for _ in $(seq 150); do
  state=$(psql -c "SELECT m.status FROM lessons l JOIN media m ON m.id = l.video_id WHERE l.id = $lesson")
  [[ $state == processing ]] || break
  sleep 0.2
done
check "$state" ready "the video job, run by another node"
grep -q '"msg":"lesson video uploaded"' "$work/a.log" && ok || fail "A did not log the upload"
check "$(psql -c "SELECT COUNT(*) FROM jobs WHERE kind = 'catalog_video' AND done_at IS NOT NULL
                  AND (lease_owner LIKE '%:$pid_b:%' OR lease_owner LIKE '%:$pid_c:%')")" 1 "the video job, done once by B or C"

# A mail job held by C, stuck in an SMTP conversation that never answers. B is paused while the
# job is queued, so C takes it; C keeps renewing its 2-second lease while it waits; then C is
# killed, and B takes the job over once the lease runs out and delivers it, once.
kill -STOP "$pid_b"
job=$(psql -c "INSERT INTO jobs (kind, payload, run_at, attempts, created_at, updated_at)
               VALUES ('mail', '{\"to\":\"takeover@two.example.org\",\"subject\":\"Lease taken over\",\"text\":\"Sent once.\"}',
                       $now, 0, $now, $now) RETURNING id" | head -1)
held=""
for _ in $(seq 100); do
  held=$(psql -c "SELECT attempts || ' ' || lease_owner FROM jobs WHERE id = $job AND locked_until IS NOT NULL")
  [[ -n $held ]] && break
  sleep 0.1
done
[[ $held == "1 "*":$pid_c:"* ]] && ok || fail "C did not take the mail job: '$held'"
sleep 3  # longer than one lease: C renews it while its SMTP conversation hangs
check "$(psql -c "SELECT attempts || ' ' || (locked_until >= EXTRACT(EPOCH FROM now())::bigint) FROM jobs WHERE id = $job")" \
  "1 true" "C's lease renewed while the job runs"
kill -9 "$pid_c"; wait "$pid_c" 2>/dev/null
kill -CONT "$pid_b"
done_by=""
for _ in $(seq 100); do
  done_by=$(psql -c "SELECT attempts || ' ' || lease_owner FROM jobs WHERE id = $job AND done_at IS NOT NULL")
  [[ -n $done_by ]] && break
  sleep 0.1
done
[[ $done_by == "2 "*":$pid_b:"* ]] && ok || fail "B did not take the job over: '$done_by'"
check "$(grep -l '^To: .*takeover@two.example.org' "$work/smtp/mail"/*.eml 2>/dev/null | wc -l)" 1 "the taken-over mail, delivered once"

# Settings changed through A show on B within one second: each node keeps the site and privacy
# settings at most a second (decision note 0029). B is asked first, so it holds a copy.
admin_token=$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')
admin_hash=$(printf '%s' "$admin_token" | sha256sum | cut -d' ' -f1)
psql -c "INSERT INTO users (email, password_hash, display_name, lang, platform_admin, email_verified_at, created_at, updated_at)
         VALUES ('admin@two.example.org', 'x', 'Admin', 'en', 1, $now, $now, $now);
         INSERT INTO sessions (id_hash, user_id, expires_at, created_at, updated_at)
         SELECT '$admin_hash', id, $now + 3600, $now, $now FROM users WHERE email = 'admin@two.example.org'" >/dev/null
admin_csrf=$(python3 -c 'import hashlib, hmac, sys
print(hmac.new(hashlib.sha256(sys.argv[1].encode()).digest(), ("csrf|s|" + sys.argv[2]).encode(), hashlib.sha256).hexdigest())' "$secret" "$admin_token")
# Polls B's page $1 for the text $2 for up to 1.5 s; prints the milliseconds it took, or "never".
seen_on_b() {
  local start=$(date +%s%N) body
  while :; do
    body=$(curl -s -H 'Accept-Language: en' ${3:+-b "$3"} "$b$1")
    if grep -q "$2" <<<"$body"; then echo $(( ($(date +%s%N) - start) / 1000000 )); return; fi
    (( $(date +%s%N) - start > 1500000000 )) && { echo never; return; }
    sleep 0.05
  done
}
curl -s "$b/" | grep -q 'Lighthouse Skills' && fail "the new site name on B before it was set"
got=$(curl -s -o /dev/null -w '%{http_code}' -b "cs_session=$admin_token" --data-urlencode "_csrf=$admin_csrf" \
  --data-urlencode 'site_name=Lighthouse Skills' -d primary_colour= -d footer_links= -d contact_email= -d contact_phone= \
  -d contact_address= -d mail_from_name= -d mail_from_address= -d default_language= -d time_zone=Europe/Rome \
  -d signup=open -d signup_domains= "$a/admin/settings")
check "$got" 303 "site settings saved through A"
# A drops its own copy when it saves; under a loaded run the page is polled like B's.
seen_on_a=$(b=$a seen_on_b / 'Lighthouse Skills')
[[ $seen_on_a != never ]] && ok || fail "A does not show its own change: $seen_on_a ms"
ms=$(seen_on_b / 'Lighthouse Skills')
[[ $ms != never ]] && ok || fail "the site name on B: $ms ms"
echo "cluster: the site name changed on A showed on B after $ms ms"
# A visitor of B who chose cookies under the policy's version 1 sees no notice; once A raises the
# version, B asks again.
visitor=$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')
vhash=$(printf 'consent|%s' "$visitor" | sha256sum | cut -d' ' -f1)
psql -c "INSERT INTO consent_records (visitor_hash, policy_version, analytics, profiling, created_at, updated_at)
         VALUES ('$vhash', 1, 0, 0, $now, $now)" >/dev/null
curl -s -b "cs_consent=$visitor" "$b/" | grep -q 'consent-notice-title' && fail "B asks a visitor who has chosen"
got=$(curl -s -o /dev/null -w '%{http_code}' -b "cs_session=$admin_token" --data-urlencode "_csrf=$admin_csrf" \
  "$a/admin/privacy/policy-version")
check "$got" 303 "cookie policy version raised through A"
ms=$(seen_on_b / 'consent-notice-title' "cs_consent=$visitor")
[[ $ms != never ]] && ok || fail "the cookie notice on B after the new policy: $ms ms"
echo "cluster: the cookie policy raised on A asked again on B after $ms ms"

# A session ended on A is refused by B at once.
check "$(curl -s -o /dev/null -w '%{http_code}' -b "cs_session=$token" "$b/profile")" 200 "B, signed in"
check "$(curl -s -o /dev/null -w '%{http_code}' -b "cs_session=$token" -d "_csrf=$csrf" "$a/logout")" 303 "sign-out on A"
got=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -b "cs_session=$token" "$b/profile")
[[ $got == 303\ */login* ]] && ok || fail "B after sign-out on A: $got"

# SIGTERM: /readyz is 503 while draining, the node stops cleanly.
kill -TERM "$pid_a"
wait "$pid_a"; rc=$?
check "$rc" 0 "A's exit status after SIGTERM"
grep -q '"msg":"cityskills stopped"' "$work/a.log" && ok || fail "A did not stop cleanly"

echo "cluster: $passed passed, $failed failed"
[[ $failed == 0 ]]
