# Shared by the benchmark scripts (source it): nginx as the reference and wrk as the load.
# Uses the caller's $threads, $connections and $duration.

# Starts nginx serving WORK/www on 127.0.0.1:PORT, with a pid file in WORK (stop it with
# kill "$(cat WORK/nginx.pid)").
start_nginx() {
  local work=$1 port=$2
  mkdir -p "$work/www" "$work/nginx"
  cat >"$work/nginx/nginx.conf" <<CONF
worker_processes $(nproc);
pid $work/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:$port reuseport;
    root $work/www;
    location / { default_type text/html; }
  }
}
CONF
  nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" 2>/dev/null
  for _ in $(seq 50); do [[ -s $work/nginx.pid ]] && break; sleep 0.1; done
}

# Runs wrk on URL (further arguments go to wrk, e.g. -H "Cookie: ...") and prints
# "req_per_s p50_ms p99_ms". Fails when wrk saw error responses.
measure() {
  local url=$1; shift
  local out rps p50 p99
  out=$(wrk --latency -t"$threads" -c"$connections" -d"$duration" -H 'Accept-Language: en' "$@" "$url")
  if grep -q "Non-2xx" <<<"$out"; then echo "wrk saw error responses for $url" >&2; return 1; fi
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  echo "$rps $(to_ms "$p50") $(to_ms "$p99")"
}

# wrk's "812.34us" / "3.2ms" / "1.1s" in milliseconds.
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us/,"",v); print v/1000 } else if (v ~ /ms$/) { sub(/ms/,"",v); print v } else { sub(/s/,"",v); print v*1000 } }'; }

# "0.12x req/s, 2.05x p99" of ours (rps, p99) against the reference (rps, p99).
ratio() { awk -v a="$1" -v b="$2" -v c="$3" -v d="$4" 'BEGIN { printf "%.2fx req/s, %.2fx p99", a/b, c/d }'; }

# Waits up to 10 s for the server on 127.0.0.1:PORT to answer /readyz; when it does not, prints
# the end of LOG and exits (a port already taken, a failed migration).
wait_ready() {
  local port=$1 log=$2
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && return 0; sleep 0.1; done
  echo "the server on port $port did not start:" >&2
  tail -3 "$log" >&2
  exit 1
}
