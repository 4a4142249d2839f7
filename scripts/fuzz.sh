#!/usr/bin/env bash
# Builds the libFuzzer targets (cmake preset `fuzz`, clang with ASan + UBSan) and runs each
# one in turn from its seed corpus fuzz/corpus/TARGET, at low priority. Fails on any crash,
# leak, timeout or out-of-memory, and prints the executions per target and in total.
# Usage: scripts/fuzz.sh [--seconds N] [--runs N] [--nice N] [--no-build] [TARGET...]
#   --seconds N  time per target (default 20)     --runs N  stop each target after N inputs
#   --nice N     scheduling priority of the targets (default 19: only what is left over)
#   TARGET       http_request form path multipart markdown vtt search_query course_package
#                ical framework id_token (default: all)
# Inputs found to crash are kept in $CITYSKILLS_FUZZ_WORK (default /tmp/cs-fuzz) as
# TARGET-crash-*, -leak-*, -timeout-*; new corpus entries in $CITYSKILLS_FUZZ_WORK/corpus/TARGET.
# Targets that write files per input (course_package, framework, search_query) use $TMPDIR
# (default /tmp): TMPDIR=/dev/shm makes them several times faster.
set -euo pipefail
[[ "${1:-}" == "--help" ]] && { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0; }
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

all=(http_request form path multipart markdown vtt search_query course_package ical framework id_token)
seconds=20 runs="" build=1 niceness=19 targets=()
while (( $# )); do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --nice) niceness=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
(( ${#targets[@]} )) || targets=("${all[@]}")

# Largest input per target: the header limit plus a body, a 64 KiB Markdown text, ...
max_len() {
  case "$1" in
    http_request) echo 20000 ;;
    markdown) echo 65536 ;;
    course_package|framework) echo 16384 ;;
    *) echo 4096 ;;
  esac
}

if (( build )); then
  cmake --preset fuzz >/dev/null
  nice cmake --build --preset fuzz
fi

work=${CITYSKILLS_FUZZ_WORK:-/tmp/cs-fuzz}
mkdir -p "$work"
# libFuzzer reports leaks itself; stop at the first sanitizer report.
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
total=0 failed=()
printf '%-16s %12s %10s  %s\n' target executions exec/s result
for t in "${targets[@]}"; do
  bin=build/fuzz/fuzz/fuzz_$t
  [[ -x $bin ]] || { echo "fuzz.sh: no target $t ($bin)" >&2; exit 2; }
  corpus=$work/corpus/$t
  mkdir -p "$corpus"
  log=$work/$t.log
  args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$(max_len "$t")"
        -print_final_stats=1 -artifact_prefix="$work/$t-" -close_fd_mask=1)
  [[ -n $runs ]] && args+=(-runs="$runs")
  [[ -f fuzz/$t.dict ]] && args+=(-dict="fuzz/$t.dict")
  status=0
  # New inputs go to the work corpus; the seeds in the repository stay as they are.
  nice -n "$niceness" "$bin" "${args[@]}" "$corpus" "fuzz/corpus/$t" >"$log" 2>&1 || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  execs=${execs:-0}
  total=$(( total + execs ))
  result=ok
  if (( status != 0 )); then
    result="FAILED (exit $status, log $log)"
    failed+=("$t")
  fi
  printf '%-16s %12s %10s  %s\n' "$t" "$execs" "${rate:-0}" "$result"
  if (( status != 0 )); then
    grep -E '^(==[0-9]+==ERROR|SUMMARY|property violated|.*runtime error|.*Test unit written)' "$log" | head -8 | sed 's/^/    /' || true
  fi
done
printf '%-16s %12s\n' total "$total"
if (( ${#failed[@]} )); then
  echo "fuzz.sh: failures in ${failed[*]}" >&2
  exit 1
fi
