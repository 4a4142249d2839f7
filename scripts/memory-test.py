#!/usr/bin/env python3
"""Memory of a real server process under hostile bodies, measured from outside.

Starts `cityskills serve` on a fresh data folder, then opens CLIENTS connections at once, in
four kinds, and keeps them open while it samples the server's resident memory (VmRSS, and the
peak VmHWM) from /proc:
  - anonymous uploads announcing 200 MB of video (refused before their body is read);
  - signed-in form bodies of 60 KB sent slowly (a few bytes a second);
  - header blocks sent one byte at a time (slow loris);
  - bodies declaring 10 MB on a form route (refused by their declared length).
Prints the figures and exits 1 when the growth passes --ceiling-mib (default 300).

  scripts/memory-test.py [--bin build/asan/cityskills] [--clients 200] [--seconds 20] [--port 25600]

Not part of CI (scripts/test.sh runs the in-process version, tests/http/hardening_test.cpp).
"""
import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ap = argparse.ArgumentParser()
ap.add_argument("--bin", default="build/asan/cityskills")
ap.add_argument("--clients", type=int, default=200)
ap.add_argument("--seconds", type=int, default=20)
ap.add_argument("--port", type=int, default=25600)
ap.add_argument("--ceiling-mib", type=int, default=300)
args = ap.parse_args()

work = tempfile.mkdtemp(prefix="cs-memory.")
data = os.path.join(work, "data")
email, password = "memory@example.org", "quiet-harbour-lantern"
subprocess.run([args.bin, "user", "add", "--email", email, "--name", "Memory Test", "--password-stdin", "--data", data],
               input=password + "\n", text=True, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
server = subprocess.Popen([args.bin, "serve", "--data", data, "--listen", f"127.0.0.1:{args.port}"],
                          stdout=open(os.path.join(work, "server.log"), "w"), stderr=subprocess.STDOUT)


HOST = f"Host: 127.0.0.1:{args.port}\r\n".encode()


def kib(field):
    with open(f"/proc/{server.pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def connect():
    s = socket.create_connection(("127.0.0.1", args.port), timeout=60)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def request(raw):
    s = connect()
    s.sendall(raw)
    out = b""
    while b"\r\n\r\n" not in out:
        chunk = s.recv(65536)
        if not chunk:
            break
        out += chunk
    s.close()
    return out


try:
    for _ in range(100):
        try:
            if b" 200 " in request(b"GET /readyz HTTP/1.1\r\n" + HOST + b"Connection: close\r\n\r\n"):
                break
        except OSError:
            pass
        time.sleep(0.1)
    # Sign in once: the session cookie and the form's CSRF token for the slow bodies.
    page = request(b"GET /login HTTP/1.1\r\n" + HOST + b"Connection: close\r\n\r\n").decode("utf-8", "replace")
    pre = page.split("cs_pre=")[1].split(";")[0]
    token = page.split('name="_csrf" value="')[1].split('"')[0] if 'name="_csrf"' in page else ""
    if not token:
        full = connect()
        full.sendall(b"GET /login HTTP/1.1\r\n" + HOST + b"Connection: close\r\nCookie: cs_pre=" + pre.encode() + b"\r\n\r\n")
        body = b""
        while True:
            chunk = full.recv(65536)
            if not chunk:
                break
            body += chunk
        token = body.decode("utf-8", "replace").split('name="_csrf" value="')[1].split('"')[0]
    form = urllib.parse.urlencode({"_csrf": token, "email": email, "password": password}).encode()
    reply = request(b"POST /login HTTP/1.1\r\n" + HOST + b"Connection: close\r\nOrigin: http://" + HOST[6:-2] + b"\r\nCookie: cs_pre=" +
                    pre.encode() + b"\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                    str(len(form)).encode() + b"\r\n\r\n" + form).decode("utf-8", "replace")
    session = reply.split("cs_session=")[1].split(";")[0] if "cs_session=" in reply else ""
    if not session:
        sys.exit("memory-test: could not sign in: " + reply.split("\r\n")[0])

    before = kib("VmRSS")
    stop = threading.Event()
    statuses = {}
    lock = threading.Lock()

    def note(kind, raw):
        line = raw.split(b"\r\n", 1)[0].decode("latin-1")
        with lock:
            statuses.setdefault(kind, {}).setdefault(line[9:12] or "closed", 0)
            statuses[kind][line[9:12] or "closed"] += 1

    def client(i):
        kind = ("upload", "slow-body", "slow-headers", "declared-10MB")[i % 4]
        try:
            s = connect()
            if kind == "upload":
                s.sendall(b"POST /author/lessons/1/video HTTP/1.1\r\n" + HOST + b"Content-Type: multipart/form-data; "
                          b"boundary=b\r\nContent-Length: 209715200\r\n\r\n--b\r\n" + b"v" * 16384)
            elif kind == "slow-body":
                s.sendall(b"POST /profile HTTP/1.1\r\n" + HOST + b"Origin: http://" + HOST[6:-2] + b"\r\nCookie: cs_session=" +
                          session.encode() + b"\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                          b"Content-Length: 60000\r\n\r\n" + b"display_name=" + b"y" * 30000)
                try:
                    while not stop.is_set():
                        s.sendall(b"y" * 8)
                        time.sleep(1)
                except OSError:
                    pass  # the server gave up on this body: its answer is waiting
            elif kind == "slow-headers":
                try:
                    for ch in b"GET / HTTP/1.1\r\n" + HOST + b"X-Slow: " + b"z" * 4000:
                        if stop.is_set():
                            break
                        s.sendall(bytes([ch]))
                        time.sleep(0.05)
                except OSError:
                    pass
            else:
                s.sendall(b"POST /login HTTP/1.1\r\n" + HOST + b"Content-Type: application/x-www-form-urlencoded\r\n"
                          b"Content-Length: 10485760\r\n\r\n" + b"a" * 4096)
            s.settimeout(args.seconds + 30)
            note(kind, s.recv(4096))
            s.close()
        except OSError:
            note(kind, b"")

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(args.clients)]
    for t in threads:
        t.start()
    peak = before
    end = time.time() + args.seconds
    while time.time() < end:
        peak = max(peak, kib("VmRSS"))
        time.sleep(0.2)
    stop.set()
    for t in threads:
        t.join(timeout=args.seconds + 40)
    grown = (peak - before) / 1024
    print(f"server resident memory: {before / 1024:.1f} MiB before, {peak / 1024:.1f} MiB at most during "
          f"{args.clients} hostile clients (+{grown:.1f} MiB), high-water mark {kib('VmHWM') / 1024:.1f} MiB")
    for kind, by_status in sorted(statuses.items()):
        print(f"  {kind:14} " + ", ".join(f"{k}: {v}" for k, v in sorted(by_status.items())))
    if server.poll() is not None:
        sys.exit("memory-test: the server exited")
    if grown > args.ceiling_mib:
        sys.exit(f"memory-test: grew by {grown:.1f} MiB, over the {args.ceiling_mib} MiB ceiling")
finally:
    server.terminate()
    server.wait(timeout=30)
    shutil.rmtree(work, ignore_errors=True)
