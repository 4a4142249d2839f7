#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a running cityskills with demo content:
# installs the Debian packages, builds the front-end and a release binary, loads the demo
# data into ./data and serves http://127.0.0.1:8080 (Ctrl-C stops it).
#
# Usage: scripts/start.sh [serve options...]   e.g. scripts/start.sh --listen 127.0.0.1:9090
set -euo pipefail
[[ "${1:-}" == "--help" ]] && { sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0; }
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/install-deps.sh
scripts/build-assets.sh
cmake --preset release >/dev/null
cmake --build --preset release
build/release/cityskills seed --demo
exec build/release/cityskills serve "$@"
