#!/usr/bin/env bash
# Builds the front-end (Bootstrap Italia + our CSS/JS) into build/web with npm and esbuild.
# Usage: scripts/build-assets.sh [OUT_DIR]
set -euo pipefail
[[ "${1:-}" == "--help" ]] && { sed -n '2,3p' "$0" | sed 's/^# //'; exit 0; }
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/build/web}
cd "$root/web"
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
node build.mjs "$out"
