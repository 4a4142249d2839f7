#!/usr/bin/env bash
# Benchmarks every page named by the speed targets, each against nginx serving a static file of
# the same size in the same run, on SQLite and on PostgreSQL, with the benchmark data sets: the
# demo content, 10,000 people, 200 courses and 1,000,000 lesson-progress rows (the catalogue
# benchmark's loader), a forum thread of 10,000 replies, and self-tests finished over HTTP.
# Anonymous pages: home, /courses, a course, /events, an event, /news, an article, /practices,
# the thread's last page. Signed-in pages (a learner enrolled in 200 courses with progress): a
# course with progress, a lesson, "My learning", the self-test result, the thread's last page.
#
# Usage: bench/pages.sh [--duration 10s] [--connections 64] [--threads 2] [--progress N]
#                       [--replies N] [--preset release] [--bin DIR] [--sqlite-only | --postgres-only]
# --bin DIR uses the cityskills, catalog_load and assessment_storm already built in DIR.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source bench/lib.sh
progress=1000000; replies=10000; preset=release; bin=""; row_width=40
while [[ $# -gt 0 ]]; do
  case "$1" in
    --progress) progress=$2; shift 2 ;;
    --replies) replies=$2; shift 2 ;;
    --preset) preset=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    *) common_option "$@"; shift "$used" ;;
  esac
done

if [[ -z $bin ]]; then
  build_release catalog_load assessment_storm
  bin="build/$preset"
fi

bench_setup pages 40000

# The first link matching PATTERN (a grep -o expression) on the page at PATH.
first_link() {
  curl -fs -H 'Accept-Language: en' "${@:3}" "http://127.0.0.1:$port$1" | grep -o "$2" | head -1 | sed 's/^href="//; s/"$//'
}

# One page: fetched once (its size for nginx's file), then measured against nginx. Further
# arguments go to curl and wrk (a cookie).
page() {
  local name=$1 path=$2 file
  shift 2
  file="$backend-$(tr -c 'a-z0-9' '_' <<<"$name").html"
  curl -fs -H 'Accept-Language: en' "$@" "http://127.0.0.1:$port$path" -o "$work/www/$file" \
    || { echo "$path answered with an error" >&2; exit 1; }
  compare "$name" "$file" "http://127.0.0.1:$port$path" "$@"
}

echo "pages benchmark ($bin): $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), wrk -t$threads -c$connections -d$duration"
echo "data: demo content, 10000 people, 200 courses, $progress progress rows, a thread of $replies replies"
for backend in $backends; do
  backend_database "$backend"
  "$bin/cityskills" seed --demo --quiet --data "$data" --database "$url" >/dev/null 2>&1
  read -r learner course _ < <("$bin/catalog_load" --database "$url" --progress "$progress" \
                               2> >(sed "s/^/  $backend: /" >&2))
  thread=$(load_forum_thread "$replies")
  serve "$bin" "$backend"
  read -r result self_test < <("$bin/assessment_storm" --port "$port" --database "$url" --people 32 \
                                 --concurrency 8 | awk '$1 == "result" {print $2, $3}')
  event=$(first_link /events 'href="/events/[0-9]*"')
  article=$(first_link /news 'href="/news/[0-9]*"')
  lesson=$(first_link "/courses/$course" "href=\"/courses/$course/lessons/[0-9]*\"" -H "Cookie: $learner")
  for found in event article lesson result; do
    [[ -n ${!found} ]] || { echo "$backend: no $found to measure" >&2; exit 1; }
  done
  echo
  table_header "$backend, anonymous"
  page "/" /
  page "/courses" /courses
  page "a course" "/courses/$course"
  page "/events" /events
  page "an event" "$event"
  page "/news" /news
  page "an article" "$article"
  page "/practices" /practices
  page "thread of $replies, last page" "/forum/t/$thread?page=last"
  echo
  table_header "$backend, signed in"
  page "a course with progress" "/courses/$course" -H "Cookie: $learner"
  page "a lesson" "$lesson" -H "Cookie: $learner"
  page "/my/learning" /my/learning -H "Cookie: $learner"
  # The visitor's result first: measured signed in, the attempt becomes the learner's.
  page "self-test result, visitor" "$result" -H "Cookie: $self_test"
  page "self-test result, signed in" "$result" -H "Cookie: $learner; $self_test"
  page "thread, last page, signed in" "/forum/t/$thread?page=last" -H "Cookie: $learner"
  port=$(( port + 1 ))
done
