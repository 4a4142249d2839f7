#!/usr/bin/env bash
# Operator commands without a browser: --help, migrate, seed, user add / set-role /
# reset-password, course export / import, search reindex, move-to, and their error messages. Runs on SQLite, and on PostgreSQL when
# CITYSKILLS_TEST_DB=postgres (CITYSKILLS_TEST_PG_URL set by scripts/test.sh).
# Usage: tests/cli_test.sh PATH_TO_CITYSKILLS
set -uo pipefail
bin=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0; failed=0
ok()   { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
expect_ok()   { local what=$1; shift; if out=$("$@" 2>&1); then ok; else fail "$what: $out"; fi; }
expect_out()  { local what=$1 pattern=$2; shift 2; if ! out=$("$@" 2>&1); then fail "$what: failed: $out"; elif grep -q -- "$pattern" <<<"$out"; then ok; else fail "$what: '$out' lacks '$pattern'"; fi; }
expect_fail() { local what=$1 pattern=$2; shift 2; if out=$("$@" 2>&1); then fail "$what: succeeded"; elif grep -q -- "$pattern" <<<"$out"; then ok; else fail "$what: '$out' lacks '$pattern'"; fi; }

db=(--data "$work/data")
if [[ ${CITYSKILLS_TEST_DB:-sqlite} == postgres ]]; then
  [[ -n ${CITYSKILLS_TEST_PG_URL:-} ]] || { echo "FAIL: CITYSKILLS_TEST_PG_URL is not set"; exit 1; }
  schema="cli_$$"
  PGOPTIONS=--client-min-messages=warning psql "$CITYSKILLS_TEST_PG_URL" -qc "DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema" >/dev/null
  db+=(--database "$CITYSKILLS_TEST_PG_URL?options=-csearch_path%3D$schema")
fi

# One SQL query on the test database, one value per line.
sql() {
  if [[ ${CITYSKILLS_TEST_DB:-sqlite} == postgres ]]; then
    PGOPTIONS="-csearch_path=$schema" psql "$CITYSKILLS_TEST_PG_URL" -qAt -c "$1"
  else
    sqlite3 "$work/data/cityskills.db" "$1"
  fi
}

# The demo catalogue: in every language, every course has a text lesson, a quiz with
# questions and a video lesson with captions in its language; every video is ready, the
# length the catalogue states (the media row and the lesson's minutes) matches the file
# (ffprobe) within 5 %, and the captions end before the video does.
check_demo_courses() {
  local lang n
  for lang in it en de sv fi; do
    n=$(sql "SELECT COUNT(*) FROM courses WHERE lang = '$lang' AND published = 1")
    if (( n >= 13 )); then ok; else fail "demo courses in $lang: $n"; fi
  done
  n=$(sql "SELECT COUNT(*) FROM courses co WHERE
      NOT EXISTS (SELECT 1 FROM lessons l WHERE l.course_id = co.id AND l.kind = 'text' AND LENGTH(l.body) > 500)
      OR NOT EXISTS (SELECT 1 FROM lessons l JOIN quiz_questions q ON q.lesson_id = l.id WHERE l.course_id = co.id AND l.kind = 'quiz')
      OR NOT EXISTS (SELECT 1 FROM lessons l JOIN lesson_captions lc ON lc.lesson_id = l.id AND lc.lang = co.lang
                     WHERE l.course_id = co.id AND l.kind = 'video')")
  if [[ $n == 0 ]]; then ok; else fail "$n demo courses lack a text lesson, a quiz or captions in their language"; fi
  local rows bad=0 checked=0 id secs minutes sha real cap
  rows=$(sql "SELECT l.id, m.duration_seconds, l.minutes, m.sha256 FROM lessons l JOIN media m ON m.id = l.video_id
              WHERE l.kind = 'video' AND m.status = 'ready' ORDER BY l.id")
  n=$(sql "SELECT COUNT(*) FROM lessons WHERE kind = 'video'")
  while IFS='|' read -r id secs minutes sha; do
    [[ -n $id ]] || continue
    checked=$((checked + 1))
    real=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$work/data/media/${sha:0:2}/${sha:2}")
    cap=$(sql "SELECT vtt FROM lesson_captions WHERE lesson_id = $id" | grep -o -- '--> [0-9:.]*' | tail -1 | cut -c5-)
    if ! awk -v r="$real" -v s="$secs" -v m="$minutes" -v c="$cap" 'BEGIN {
        split(c, t, ":"); end = t[1] * 3600 + t[2] * 60 + t[3];
        exit !(r > 10 && s >= r * 0.95 && s <= r * 1.05 && m == (int((r + 30) / 60) > 0 ? int((r + 30) / 60) : 1) && end <= r) }'; then
      bad=$((bad + 1)); echo "lesson $id: video ${real}s, stated ${secs}s / ${minutes} min, captions end $cap"
    fi
  done <<<"$rows"
  if (( checked == n && n >= 65 && bad == 0 )); then ok; else fail "videos: $checked of $n ready, $bad with a wrong length"; fi
}

for cmd in serve migrate seed user export import search; do
  if "$bin" "$cmd" --help | grep -q "Usage"; then ok; else fail "$cmd --help"; fi
done
if "$bin" --help | grep -q "Commands:"; then ok; else fail "--help"; fi
expect_fail "unknown command" "unknown command" "$bin" frobnicate

expect_ok "migrate" "$bin" migrate "${db[@]}"
if "$bin" migrate "${db[@]}" | grep -q "^0 migration"; then ok; else fail "second migrate is a no-op"; fi
expect_fail "seed without --demo" "needs --demo" "$bin" seed "${db[@]}"
expect_ok "seed --demo" "$bin" seed --demo --quiet "${db[@]}"
# Every table the demo fills, counted: a second seed adds nothing to any of them.
demo_counts() {
  local t
  for t in users organisations courses lessons media events event_sessions news_articles practices ideas \
           forum_categories forum_threads forum_posts paths course_images news_images site_settings; do
    printf '%s=%s ' "$t" "$(sql "SELECT COUNT(*) FROM $t")"
  done
}
courses=$(sql "SELECT COUNT(*) FROM courses")
lessons=$(sql "SELECT COUNT(*) FROM lessons")
before=$(demo_counts)
expect_out "seed --demo twice leaves the catalogue alone" "already has courses, so no demo course was added" \
  "$bin" seed --demo "${db[@]}"
if [[ $(sql "SELECT COUNT(*) FROM courses") == "$courses" && $(sql "SELECT COUNT(*) FROM lessons") == "$lessons" ]]; then ok
else fail "second seed changed the catalogue ($courses courses before)"; fi
after=$(demo_counts)
if [[ $after == "$before" ]]; then ok; else fail "second seed added rows: before $before, after $after"; fi
# Pictures: every demo course version and every demo article has a cover described in its own
# language, and the city's crest (a PNG) fills the site's logo slot.
n=$(sql "SELECT COUNT(*) FROM courses WHERE cover_media_id IS NULL OR cover_alt = ''")
if [[ $n == 0 ]]; then ok; else fail "$n demo courses without a described cover"; fi
n=$(sql "SELECT COUNT(*) FROM courses WHERE (lang = 'it' AND cover_alt NOT LIKE 'Illustrazione:%')
         OR (lang = 'fi' AND cover_alt NOT LIKE 'Kuvitus:%') OR (lang = 'de' AND cover_alt NOT LIKE '%über den Dächern%')")
if [[ $n == 0 ]]; then ok; else fail "$n course covers described in another language"; fi
n=$(sql "SELECT COUNT(*) FROM news_articles a WHERE a.cover_media_id IS NULL OR NOT EXISTS (SELECT 1 FROM news_images i
         WHERE i.article_id = a.id AND i.media_id = a.cover_media_id AND i.alt <> '')")
if [[ $n == 0 ]]; then ok; else fail "$n demo articles without a described cover"; fi
logo=$(sql "SELECT m.mime FROM site_settings s JOIN media m ON m.id = CAST(s.value AS BIGINT) WHERE s.name = 'logo_id'")
if [[ $logo == image/png ]]; then ok; else fail "the crest is not in the logo slot: '$logo'"; fi
# A reader in each partner language finds upcoming events, published news and practices, ideas
# and the forum categories in that language; the bootcamp has a session hosted from each country.
now=$(date +%s)
for lang in it en de sv fi; do
  for what in "events WHERE status = 'published' AND starts_at > $now" "news_articles WHERE status = 'published' AND publish_at <= $now" \
              "practices WHERE status = 'published'" "ideas WHERE 1 = 1"; do
    n=$(sql "SELECT COUNT(*) FROM ${what} AND lang = '$lang'")
    if (( n >= 1 )); then ok; else fail "demo ${what%% *} in $lang: $n"; fi
  done
  n=$(sql "SELECT COUNT(*) FROM forum_category_translations WHERE lang = '$lang'")
  if [[ $lang == en ]] || (( n >= 6 )); then ok; else fail "forum categories translated into $lang: $n"; fi
done
zones=$(sql "SELECT COUNT(DISTINCT s.time_zone) FROM event_sessions s JOIN events e ON e.id = s.event_id
             WHERE e.title = 'Smart City Bootcamp: three days across five countries'")
if [[ $zones == 5 ]]; then ok; else fail "bootcamp sessions in $zones time zones"; fi
check_demo_courses
expect_out "search reindex" "search index rebuilt: [1-9][0-9]* document" "$bin" search reindex "${db[@]}"
expect_fail "search without reindex" "search reindex" "$bin" search "${db[@]}"
expect_fail "search unknown subcommand" "search reindex" "$bin" search rebuild-everything "${db[@]}"

expect_ok "user add" bash -c "printf 'quiet-river-orchard\n' | '$bin' user add --email Ops@Example.org --name 'Ops Person' --password-stdin ${db[*]}"
expect_fail "user add duplicate" "already exists" bash -c "printf 'quiet-river-orchard\n' | '$bin' user add --email ops@example.org --name Ops --password-stdin ${db[*]}"
expect_fail "user add weak password" "too common" bash -c "printf 'password1\n' | '$bin' user add --email weak@example.org --name Weak --password-stdin ${db[*]}"
expect_fail "user add bad e-mail" "--email" bash -c "printf 'quiet-river-orchard\n' | '$bin' user add --email nope --name X --password-stdin ${db[*]}"
expect_fail "user add bidi name" "writing direction" bash -c "printf 'quiet-river-orchard\n' | '$bin' user add --email b@example.org --name \$'a\u202eb' --password-stdin ${db[*]}"
expect_ok "set-role author" "$bin" user set-role --email ops@example.org --role author --org valverde "${db[@]}"
expect_ok "set-role platform_admin" "$bin" user set-role --email ops@example.org --role platform_admin "${db[@]}"
expect_fail "set-role unknown org" "no organisation" "$bin" user set-role --email ops@example.org --role author --org nowhere "${db[@]}"
expect_fail "set-role bad role" "must be" "$bin" user set-role --email ops@example.org --role emperor --org valverde "${db[@]}"
expect_fail "set-role unknown user" "no user" "$bin" user set-role --email ghost@example.org --role author --org valverde "${db[@]}"
expect_ok "revoke role" "$bin" user set-role --email ops@example.org --role author --org valverde --revoke "${db[@]}"
expect_ok "reset-password" bash -c "printf 'another-quiet-river\n' | '$bin' user reset-password --email ops@example.org --password-stdin ${db[*]}"
# Course packages: the demo's "Spotting phishing" (course 2, a translation of course 1) out
# of the database and into another organisation, with a line per step.
pkg="$work/phishing.zip"
# The demo course has its cover picture among its images, so the package carries one image.
expect_out "export course" "^\[1/5\] lesson 'Three signs of a scam message': video lesson, video file .* [KM]B, captions en" \
  "$bin" export course 2 "$pkg" "${db[@]}"
if out=$("$bin" import course "$pkg" --org nordic-dln --public-url https://skills.example.org "${db[@]}" 2>&1) &&
  grep -q "^\[1/7\] package checked: 'Spotting phishing' (en), 1 module, 3 lessons, 1 video.*, 1 image" <<<"$out" &&
  grep -q "^\[2/7\] 1 image stored" <<<"$out" &&
  grep -q "^\[3/7\] lesson 'Three signs of a scam message': video .* [KM]B stored, captions en" <<<"$out" &&
  grep -q "^\[4/7\] lesson 'What to do if you already click…': text" <<<"$out" &&
  grep -q "^\[5/7\] lesson 'Check: phishing': quiz, 4 questions" <<<"$out" &&
  grep -q "^\[6/7\] course [0-9]* created as an unpublished draft in" <<<"$out" &&
  grep -q "^\[7/7\] lesson 'Three signs of a scam message': video ready, 0:[0-9]*, poster made" <<<"$out" &&
  grep -q "^note: .*imported unlinked" <<<"$out" &&
  grep -q "review and publish it at https://skills.example.org/author/courses/[0-9]" <<<"$out"; then ok
else fail "import course: $out"; fi
# The cover travels with the package: the copy's cover is its imported image, with its description.
if [[ $(sql "SELECT COUNT(*) FROM courses c WHERE c.id = (SELECT MAX(id) FROM courses) AND c.cover_alt <> '' AND
             c.cover_media_id IN (SELECT media_id FROM course_images i WHERE i.course_id = c.id)") == 1 ]]; then ok
else fail "import course: the cover was not restored"; fi
expect_out "import re-links a translation" "linked as a translation of course 1 'Riconoscere il phishing' (it)" \
  "$bin" import course "$pkg" --org valverde "${db[@]}"
# A course someone imported (here a copy of a demo course, with the same titles) loses its
# video: another seed must neither fill it in nor add courses.
copy=$(sql "SELECT MAX(id) FROM courses")
sql "UPDATE lessons SET video_id = NULL WHERE course_id = $copy AND kind = 'video'" >/dev/null
courses=$(sql "SELECT COUNT(*) FROM courses")
expect_ok "seed --demo on a catalogue with imported courses" "$bin" seed --demo --quiet "${db[@]}"
if [[ $(sql "SELECT COUNT(*) FROM lessons WHERE course_id = $copy AND kind = 'video' AND video_id IS NULL") == 1 &&
      $(sql "SELECT COUNT(*) FROM courses") == "$courses" ]]; then ok
else fail "seed touched an imported course or added courses"; fi
expect_fail "import without --org" "needs --org" "$bin" import course "$pkg" "${db[@]}"
expect_fail "import unknown org" "no organisation" "$bin" import course "$pkg" --org nowhere "${db[@]}"
printf '<html>not a package</html>' >"$work/fake.zip"
expect_fail "import not a zip" "as a zip file" "$bin" import course "$work/fake.zip" --org valverde "${db[@]}"
expect_fail "import bad translation" "must be a course ID" "$bin" import course "$pkg" --org valverde --translation-of x "${db[@]}"
expect_fail "export unknown course" "there is no course 999999" "$bin" export course 999999 "$work/none.zip" "${db[@]}"
expect_fail "export usage" "usage: cityskills export course ID FILE" "$bin" export "${db[@]}"
expect_fail "serve bad listen" "HOST:PORT" "$bin" serve --listen nonsense "${db[@]}"
expect_fail "serve with a one-second job lease" "job-lease must be a number of seconds from 2 to 3600" "$bin" serve --job-lease 1 "${db[@]}"
expect_fail "serve with a job lease that is not a number" "job-lease must be a number of seconds" "$bin" serve --job-lease soon "${db[@]}"

# A competence framework from a file: loaded, then updated in place; bad files say where.
cat >"$work/fw.json" <<'JSON'
{"code": "cli-fw", "version": "1", "name": {"en": "CLI framework"}, "description": {"en": "Test"},
 "areas": [{"code": "A", "name": {"en": "Area"}, "competences": [{"code": "A.1", "name": {"en": "One"},
   "questions": [{"key": "a1", "level": "foundation", "kind": "self", "prompt": {"en": "I can."}}]}]}]}
JSON
if "$bin" framework load "$work/fw.json" --org valverde "${db[@]}" | grep -q "cli-fw loaded: 1 areas, 1 competences, 1 questions"; then ok; else fail "framework load"; fi
if "$bin" framework load "$work/fw.json" --default "${db[@]}" | grep -q "cli-fw updated"; then ok; else fail "framework load again updates"; fi
sed 's/"foundation"/"expert"/' "$work/fw.json" >"$work/bad.json"
expect_fail "framework bad level" "areas\[0\].competences\[0\].questions\[0\].level" "$bin" framework load "$work/bad.json" "${db[@]}"
expect_fail "framework missing file" "cannot read" "$bin" framework load "$work/none.json" "${db[@]}"
expect_fail "framework unknown org" "no organisation" "$bin" framework load "$work/fw.json" --org nowhere "${db[@]}"
if "$bin" framework --help | grep -q "Usage"; then ok; else fail "framework --help"; fi

# Backup and restore drill (SQLite): the seeded instance backed up while it could serve, restored
# into a new folder with the same rows and media; a damaged backup or a used folder refused.
if [[ ${CITYSKILLS_TEST_DB:-sqlite} == sqlite ]]; then
  expect_out "backup" "Backed up the database" "$bin" backup "$work/backup" "${db[@]}"
  expect_fail "backup into a used folder" "is not empty" "$bin" backup "$work/backup" "${db[@]}"
  expect_out "restore" "Restored the database" "$bin" restore "$work/backup" --data "$work/restored"
  for table in users courses lessons media paths path_steps events; do
    if [[ $(sqlite3 "$work/restored/cityskills.db" "SELECT COUNT(*) FROM $table") == $(sql "SELECT COUNT(*) FROM $table") ]]; then ok
    else fail "restore: $table differs"; fi
  done
  media_files=$(find "$work/data/media" -type f | wc -l)
  if [[ $(find "$work/restored/media" -type f | wc -l) -ge 1 && $media_files -ge 1 ]]; then ok; else fail "restore: no media"; fi
  expect_fail "restore over a database" "already holds a database" "$bin" restore "$work/backup" --data "$work/restored"
  one=$(find "$work/backup/media" -type f | head -1)
  printf 'x' >>"$one"
  expect_fail "restore a damaged backup" "does not match its checksum" "$bin" restore "$work/backup" --data "$work/restored2"
  if [[ ! -e $work/restored2/cityskills.db ]]; then ok; else fail "a damaged restore wrote a database"; fi
  expect_fail "restore without a backup" "is not a backup" "$bin" restore "$work/nothing" --data "$work/restored3"
else
  expect_fail "backup on PostgreSQL" "use pg_dump" "$bin" backup "$work/backup" "${db[@]}"
fi

# move-to: the SQLite instance into an empty PostgreSQL schema; a second run into it is refused.
if [[ ${CITYSKILLS_TEST_DB:-sqlite} == sqlite ]]; then
  if [[ -n ${CITYSKILLS_TEST_PG_URL:-} ]]; then
    target="move_$$"
    PGOPTIONS=--client-min-messages=warning psql "$CITYSKILLS_TEST_PG_URL" -qc "DROP SCHEMA IF EXISTS $target CASCADE; CREATE SCHEMA $target" >/dev/null
    url="$CITYSKILLS_TEST_PG_URL?options=-csearch_path%3D$target"
    expect_out "move-to" "checksum .* matches" "$bin" move-to "$url" "${db[@]}"
    users=$(PGOPTIONS="-csearch_path=$target" psql "$CITYSKILLS_TEST_PG_URL" -qAt -c "SELECT COUNT(*) FROM users")
    if [[ $users == $(sql "SELECT COUNT(*) FROM users") ]]; then ok; else fail "move-to users: $users"; fi
    expect_fail "move-to a non-empty target" "is not empty" "$bin" move-to "$url" "${db[@]}"
    PGOPTIONS=--client-min-messages=warning psql "$CITYSKILLS_TEST_PG_URL" -qc "DROP SCHEMA $target CASCADE" >/dev/null
  fi
  expect_fail "move-to without address" "needs the PostgreSQL address" "$bin" move-to "${db[@]}"
  expect_fail "move-to a SQLite target" "must be a postgresql" "$bin" move-to "sqlite:$work/other.db" "${db[@]}"
else
  expect_fail "move-to from PostgreSQL" "copies a SQLite instance" "$bin" move-to "$CITYSKILLS_TEST_PG_URL" "${db[@]}"
fi

echo "cli: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
