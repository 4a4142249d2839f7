#!/usr/bin/env bash
# Operator commands without a browser: --help, migrate, seed, user add / set-role /
# reset-password, course export / import, search reindex, and their error messages. Runs on SQLite, and on PostgreSQL when
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

for cmd in serve migrate seed user export import search; do
  if "$bin" "$cmd" --help | grep -q "Usage"; then ok; else fail "$cmd --help"; fi
done
if "$bin" --help | grep -q "Commands:"; then ok; else fail "--help"; fi
expect_fail "unknown command" "unknown command" "$bin" frobnicate

expect_ok "migrate" "$bin" migrate "${db[@]}"
if "$bin" migrate "${db[@]}" | grep -q "^0 migration"; then ok; else fail "second migrate is a no-op"; fi
expect_fail "seed without --demo" "needs --demo" "$bin" seed "${db[@]}"
expect_ok "seed --demo" "$bin" seed --demo --quiet "${db[@]}"
expect_ok "seed --demo twice" "$bin" seed --demo --quiet "${db[@]}"
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
expect_out "export course" "^\[1/4\] lesson 'Three signs of a scam message': video lesson, video file .* MB, captions en" \
  "$bin" export course 2 "$pkg" "${db[@]}"
if out=$("$bin" import course "$pkg" --org nordic-dln --public-url https://skills.example.org "${db[@]}" 2>&1) &&
  grep -q "^\[1/6\] package checked: 'Spotting phishing' (en), 1 module, 3 lessons, 1 video" <<<"$out" &&
  grep -q "^\[2/6\] lesson 'Three signs of a scam message': video .* MB stored, captions en" <<<"$out" &&
  grep -q "^\[3/6\] lesson 'What to do if you already click…': text" <<<"$out" &&
  grep -q "^\[4/6\] lesson 'Check: phishing': quiz, 4 questions" <<<"$out" &&
  grep -q "^\[5/6\] course [0-9]* created as an unpublished draft in" <<<"$out" &&
  grep -q "^\[6/6\] lesson 'Three signs of a scam message': video ready, 0:[0-9]*, poster made" <<<"$out" &&
  grep -q "^note: .*imported unlinked" <<<"$out" &&
  grep -q "review and publish it at https://skills.example.org/author/courses/[0-9]" <<<"$out"; then ok
else fail "import course: $out"; fi
expect_out "import re-links a translation" "linked as a translation of course 1 'Riconoscere il phishing' (it)" \
  "$bin" import course "$pkg" --org valverde "${db[@]}"
expect_fail "import without --org" "needs --org" "$bin" import course "$pkg" "${db[@]}"
expect_fail "import unknown org" "no organisation" "$bin" import course "$pkg" --org nowhere "${db[@]}"
printf '<html>not a package</html>' >"$work/fake.zip"
expect_fail "import not a zip" "as a zip file" "$bin" import course "$work/fake.zip" --org valverde "${db[@]}"
expect_fail "import bad translation" "must be a course ID" "$bin" import course "$pkg" --org valverde --translation-of x "${db[@]}"
expect_fail "export unknown course" "there is no course 999999" "$bin" export course 999999 "$work/none.zip" "${db[@]}"
expect_fail "export usage" "usage: cityskills export course ID FILE" "$bin" export "${db[@]}"
expect_fail "serve bad listen" "HOST:PORT" "$bin" serve --listen nonsense "${db[@]}"

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

echo "cli: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
