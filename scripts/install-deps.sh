#!/usr/bin/env bash
# Installs every Debian 12 package cityskills needs to build, test and benchmark.
# Usage: scripts/install-deps.sh [--help]
set -euo pipefail
if [[ "${1:-}" == "--help" ]]; then
  sed -n '2,3p' "$0" | sed 's/^# //'
  exit 0
fi

packages=(
  # build
  build-essential cmake ninja-build ccache pkg-config
  libboost1.81-dev libboost-json1.81-dev libsqlite3-dev libpq-dev libsodium-dev libcurl4-openssl-dev libssl-dev
  libicu-dev libmd4c-dev libmd4c-html0-dev libmagic-dev john-data
  # search: Snowball stemmers for it, en, de, sv, fi
  libstemmer-dev
  # course packages (zip)
  libzip-dev
  # certificates: PDF (cairo), text (pango, DejaVu fonts), QR codes; pdftotext reads them back in tests
  libcairo2-dev libpango1.0-dev libqrencode-dev zlib1g-dev poppler-utils
  # course videos: duration and poster (ffmpeg), the narrated demo videos (espeak-ng voices,
  # slides drawn in DejaVu Sans)
  ffmpeg espeak-ng fonts-dejavu-core
  # tests; clang and its compiler-rt (libFuzzer, sanitizers) for scripts/fuzz.sh
  clang libclang-rt-dev
  # the Mustache library the templates were written for: the template test compares its output
  libkainjow-mustache-dev
  googletest libgtest-dev postgresql-15 python3-aiosmtpd chromium curl
  # front-end assets and browser tests
  nodejs npm
  # benchmarks
  nginx-light wrk
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js may come from outside Debian (a newer node with its own npm); accept any working one.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}")
  missing=("${missing[@]/npm}")
fi
read -r -a missing <<< "${missing[*]}"
if (( ${#missing[@]} == 0 )); then
  echo "install-deps: all Debian packages present"
  exit 0
fi
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
