#!/usr/bin/env bash
# A local SMTP sink (Debian's python3-aiosmtpd) that stores received mail as files.
#
#   scripts/smtp-sink.sh start DIR PORT   listen on 127.0.0.1:PORT, write DIR/mail/*.eml
#   scripts/smtp-sink.sh stop DIR
set -euo pipefail
usage() { sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; }
here=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3  # Debian's interpreter, where python3-aiosmtpd lives

case "${1:-}" in
  start)
    [[ $# -eq 3 ]] || { usage; exit 2; }
    dir=$(realpath -m "$2"); port=$3
    if ! $PY -c 'import aiosmtpd' 2>/dev/null; then
      sudo=""; [[ $(id -u) -ne 0 ]] && sudo=sudo
      $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-aiosmtpd >/dev/null
    fi
    "$0" stop "$dir"
    mkdir -p "$dir/mail"
    nohup $PY "$here/smtp_sink.py" "$dir/mail" "$port" >"$dir/sink.log" 2>&1 &
    echo $! >"$dir/sink.pid"
    for _ in $(seq 100); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then exit 0; fi
      sleep 0.1
    done
    echo "smtp-sink: did not start; log:" >&2; cat "$dir/sink.log" >&2; exit 1
    ;;
  stop)
    [[ $# -eq 2 ]] || { usage; exit 2; }
    dir=$(realpath -m "$2")
    if [[ -f $dir/sink.pid ]]; then
      kill "$(cat "$dir/sink.pid")" 2>/dev/null || true
      rm -f "$dir/sink.pid"
    fi
    ;;
  -h|--help) usage ;;
  *) usage; exit 2 ;;
esac
