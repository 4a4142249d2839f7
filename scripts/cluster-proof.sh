#!/usr/bin/env bash
# Proofs that three nodes behind nginx on one PostgreSQL behave as one, with figures:
# a registration storm through nginx, kill -9 of a node mid-storm, PostgreSQL restarted under
# load, a rolling restart under a GET load, media uploaded on one node served by the others,
# a session ended on one node refused by another (scripts/cluster_proof.py says what each
# checks). Starts its own cluster (scripts/cluster.sh) in a new folder and stops it after.
#
# Usage: scripts/cluster-proof.sh [--build asan|release] [--port BASE] [--people N] [--seats S]
#                                 [--keep] [PROOF...]   (storm kill pg rolling media session)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
build=asan; base=55440; keep=0; extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --port) base=$2; shift 2 ;;
    --people|--seats|--clients) extra+=("$1" "$2"); shift 2 ;;
    --keep) keep=1; shift ;;
    --help|-h) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) extra+=("$1"); shift ;;
  esac
done
[[ -x build/$build/cityskills ]] || { echo "build/$build/cityskills is missing: cmake --build --preset $build" >&2; exit 2; }
work=$(mktemp -d /tmp/cityskills-cluster-proof.XXXXXX)
chmod 755 "$work"
cleanup() {
  scripts/cluster.sh stop "$work/cluster" >/dev/null 2>&1 || true
  if [[ $keep == 0 ]]; then rm -rf "$work"; else echo "kept $work"; fi
}
trap cleanup EXIT
echo "cluster proof: $(nproc) cores, $build build, $(date -u +%Y-%m-%dT%H:%MZ)"
scripts/cluster.sh start "$work/cluster" --port "$base" --build "$build" >/dev/null
python3 scripts/cluster_proof.py "$work/cluster" "${extra[@]}"
