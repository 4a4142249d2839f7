#!/usr/bin/env python3
"""Proofs that several nodes behind nginx behave as one, with figures.

Run through scripts/cluster-proof.sh, against a cluster started by scripts/cluster.sh.
Python 3 without packages. Each proof prints its figures and PASS or FAIL:

  storm    10,000 registrations for 500 seats through nginx: exactly 500 confirmed, the
           waiting list in arrival order, 0 acknowledged registrations lost
  kill     the same while one node is killed with SIGKILL and started again: nothing lost or
           duplicated, the node serves again; mail jobs run once, a job leased by the dead
           node is taken over when its lease ends
  pg       PostgreSQL restarted under load: nodes say not ready, then recover by themselves
  rolling  every node restarted in turn (SIGTERM, drain) under a steady GET load: 0 failures
  media    a file uploaded through node A is served by nodes B and C (through nginx)
  session  a session ended on node A is refused by node B at once
"""
import argparse
import hashlib
import hmac
import http.client
import os
import re
import secrets
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Cluster:
    def __init__(self, d):
        self.dir = d
        env = {}
        with open(os.path.join(d, "cluster.env")) as f:
            for line in f:
                k, _, v = line.strip().partition("=")
                env[k] = v
        self.base = int(env["BASE"])
        self.nodes = int(env["NODES"])
        self.pg_url = env["PG_URL"]

    def node_port(self, n):
        return self.base + n

    def sh(self, *args):
        subprocess.run([os.path.join(ROOT, "scripts/cluster.sh"), *args], check=True, capture_output=True)

    def pid(self, n):
        try:
            with open(os.path.join(self.dir, f"node{n}", "pid")) as f:
                return int(f.read())
        except OSError:
            return None

    def psql(self, sql):
        out = subprocess.run(["psql", self.pg_url, "-X", "-q", "-tA", "-F", "\t", "-v", "ON_ERROR_STOP=1"],
                             input=sql, check=True, capture_output=True, text=True).stdout
        return [tuple(line.split("\t")) for line in out.splitlines() if line]

    def secret_key(self):
        secret = self.psql("SELECT value FROM settings WHERE name = 'secret'")[0][0]
        return hashlib.sha256(secret.encode()).digest()


def request(port, method, path, token=None, body=None, headers=None, timeout=30):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    h = {"Connection": "close", "Accept-Language": "en"}
    if token:
        h["Cookie"] = f"cs_session={token}"
    if body is not None:
        h["Content-Type"] = "application/x-www-form-urlencoded"
    h.update(headers or {})
    c.request(method, path, body=body, headers=h)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, dict((k.lower(), v) for k, v in r.getheaders()), data


def people(cl, tag, n):
    """n signed-in people (sessions and CSRF tokens computed as the server does)."""
    now = int(time.time())
    tokens = [secrets.token_urlsafe(32) for _ in range(n)]
    sql = ["BEGIN;"]
    for i, t in enumerate(tokens):
        sql.append("INSERT INTO users (email, password_hash, display_name, lang, email_verified_at, created_at, updated_at) "
                   f"VALUES ('{tag}-{i}@example.org', 'x', 'P {i}', 'en', {now}, {now}, {now});")
        sql.append("INSERT INTO sessions (id_hash, user_id, expires_at, created_at, updated_at) SELECT "
                   f"'{hashlib.sha256(t.encode()).hexdigest()}', id, {now + 86400}, {now}, {now} FROM users "
                   f"WHERE email = '{tag}-{i}@example.org';")
    sql.append("COMMIT;")
    cl.psql("\n".join(sql))
    ids = {r[1]: int(r[0]) for r in cl.psql(f"SELECT id, email FROM users WHERE email LIKE '{tag}-%'")}
    key = cl.secret_key()
    return [(t, hmac.new(key, f"csrf|s|{t}".encode(), hashlib.sha256).hexdigest(), ids[f"{tag}-{i}@example.org"])
            for i, t in enumerate(tokens)]


def org(cl, slug):
    now = int(time.time())
    cl.psql(f"INSERT INTO organisations (name, slug, kind, country, created_at, updated_at) VALUES "
            f"('Proof {slug}', '{slug}', 'city', 'IT', {now}, {now}) ON CONFLICT DO NOTHING")
    return int(cl.psql(f"SELECT id FROM organisations WHERE slug = '{slug}'")[0][0])


def event(cl, org_id, seats, title):
    now = int(time.time())
    cl.psql(
        "INSERT INTO events (org_id, kind, title, summary, description, lang, theme, audience, age_group, starts_at, "
        "ends_at, time_zone, online, join_url, capacity, status, uid, sequence, created_at, updated_at) VALUES "
        f"({org_id}, 'webinar', '{title}', 'Summary', 'Agenda', 'en', 'safety', 'everyone', 'all', {now + 86400 * 7}, "
        f"{now + 86400 * 7 + 3600}, 'Europe/Rome', 1, 'https://meet.example.org/r', {seats}, 'published', "
        f"'{title.replace(' ', '-')}-{secrets.token_hex(6)}@cityskills', 0, {now}, {now})")
    return int(cl.psql(f"SELECT id FROM events WHERE title = '{title}'")[0][0])


class Result:
    def __init__(self):
        self.failures = []

    def check(self, ok, what):
        print(("  ok    " if ok else "  FAIL  ") + what)
        if not ok:
            self.failures.append(what)


def storm(cl, res, label, n, seats, concurrency, disturb=None):
    """n people register for one event of `seats` seats through nginx, each retrying an
    unanswered or 502 attempt (as a browser's person would). `disturb(progress)` runs in
    its own thread once a third of the attempts are done."""
    print(f"{label}: {n} registrations for {seats} seats through nginx over {cl.nodes} nodes, {concurrency} clients")
    ppl = people(cl, f"{label}-{secrets.token_hex(3)}", n)
    ev = event(cl, org(cl, "proof-city"), seats, f"Proof {label} {secrets.token_hex(3)}")
    first_sent = [0.0] * n
    acked_at = [None] * n
    statuses = {}
    unanswered = [0]
    lock = threading.Lock()
    nxt = [0]
    done = [0]
    disturbed = threading.Event()

    def worker():
        while True:
            with lock:
                i = nxt[0]
                nxt[0] += 1
            if i >= n:
                return
            token, csrf, _ = ppl[i]
            first_sent[i] = time.monotonic()
            for attempt in range(20):
                try:
                    st, _, _ = request(cl.base, "POST", f"/events/{ev}/register", token, f"_csrf={csrf}")
                except OSError:
                    with lock:
                        unanswered[0] += 1
                    time.sleep(0.2)
                    continue
                with lock:
                    statuses[st] = statuses.get(st, 0) + 1
                if st == 303:
                    acked_at[i] = time.monotonic()
                    break
                if st not in (502, 503, 504):
                    break
                time.sleep(0.2)
            with lock:
                done[0] += 1
                if disturb and done[0] == n // 3:
                    disturbed.set()

    t0 = time.monotonic()
    ws = [threading.Thread(target=worker) for _ in range(concurrency)]
    for w in ws:
        w.start()
    dt = None
    if disturb:
        disturbed.wait()
        dt = threading.Thread(target=disturb)
        dt.start()
    for w in ws:
        w.join()
    if dt:
        dt.join()
    secs = time.monotonic() - t0
    print(f"  {n} people in {secs:.1f} s ({n / secs:.0f}/s); answers: " +
          ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())) + f"; unanswered attempts: {unanswered[0]}")

    rows = cl.psql(f"SELECT user_id, status, queue_seq FROM registrations WHERE event_id = {ev}")
    by_user = {}
    for uid, status, seq in rows:
        by_user.setdefault(int(uid), []).append((status, int(seq)))
    confirmed = sum(1 for r in rows if r[1] == "confirmed")
    waiting = sum(1 for r in rows if r[1] == "waitlisted")
    acked = [i for i in range(n) if acked_at[i] is not None]
    lost = [i for i in acked if ppl[i][2] not in by_user]
    dup = [u for u, v in by_user.items() if len(v) > 1]
    print(f"  outcome: {confirmed} confirmed, {waiting} waiting, {len(acked)} acknowledged, "
          f"{len(rows) - len(acked)} stored without an acknowledgement")
    res.check(confirmed == min(seats, len(rows)), f"{confirmed} confirmed for {seats} seats")
    res.check(not lost, f"{len(lost)} acknowledged registrations lost")
    res.check(not dup, f"{len(dup)} people registered twice")
    res.check(len(acked) == n, f"{len(acked)} of {n} people acknowledged in the end")
    seqs = sorted(int(r[2]) for r in rows)
    res.check(seqs == list(range(1, len(rows) + 1)), "arrival numbers 1..n without gaps or repeats")
    max_conf = max((int(r[2]) for r in rows if r[1] == "confirmed"), default=0)
    min_wait = min((int(r[2]) for r in rows if r[1] == "waitlisted"), default=10 ** 9)
    res.check(max_conf < min_wait, "the confirmed are the first arrivals, the waiting list follows")
    # Arrival order: whoever was acknowledged before another person's first attempt was sent
    # must stand before that person.
    seq_of = {i: by_user[ppl[i][2]][0][1] for i in acked if ppl[i][2] in by_user}
    by_ack = sorted(acked, key=lambda i: acked_at[i])
    by_send = sorted(acked, key=lambda i: first_sent[i])
    k, best, wrong = 0, 0, 0
    for j in by_send:
        while k < len(by_ack) and acked_at[by_ack[k]] < first_sent[j]:
            best = max(best, seq_of.get(by_ack[k], 0))
            k += 1
        if seq_of.get(j, 0) <= best:
            wrong += 1
    res.check(wrong == 0, f"{wrong} people placed before someone acknowledged ahead of them (arrival order)")
    return ev, ppl, statuses


def log_size(cl, n):
    try:
        return os.path.getsize(os.path.join(cl.dir, f"node{n}", "server.log"))
    except OSError:
        return 0


def count_requests(cl, n, since):
    with open(os.path.join(cl.dir, f"node{n}", "server.log"), "rb") as f:
        f.seek(since)
        return sum(1 for line in f if b'"msg":"request"' in line)


def proof_storm(cl, res, args):
    storm(cl, res, "storm", args.people, args.seats, args.clients)


def proof_kill(cl, res, args):
    victim = 2
    info = {}

    def disturb():
        info["pid"] = cl.pid(victim)
        cl.sh("node", "kill", cl.dir, str(victim))
        info["killed"] = time.monotonic()
        time.sleep(2)
        t = time.monotonic()
        cl.sh("node", "start", cl.dir, str(victim))
        info["restart_s"] = time.monotonic() - t
        info["log_at"] = log_size(cl, victim)

    time.sleep(1.1)  # jobs of an earlier proof were created in earlier seconds
    t_jobs = int(time.time())
    ev, ppl, statuses = storm(cl, res, "kill", args.people, args.seats, args.clients, disturb)
    served_after = count_requests(cl, victim, info["log_at"])
    print(f"  node {victim} (pid {info['pid']}) killed with SIGKILL a third of the way through, started again "
          f"2 s later (ready in {info['restart_s']:.2f} s); it then answered {served_after} requests")
    res.check(served_after > 0, f"node {victim} rejoined and served {served_after} requests after its restart")
    res.check(statuses.get(502, 0) + statuses.get(504, 0) < 200,
              f"{statuses.get(502, 0)} answers 502 (requests in flight on the killed node; each retried)")
    # Mail jobs of this storm: one per registration, each run once. A job the killed node had
    # leased waits for its lease (5 minutes); the lease's end is brought forward here.
    regs = int(cl.psql(f"SELECT COUNT(*) FROM registrations WHERE event_id = {ev}")[0][0])
    leased = cl.psql(f"SELECT COUNT(*) FROM jobs WHERE created_at >= {t_jobs} AND done_at IS NULL AND failed_at IS NULL "
                     f"AND locked_until > {int(time.time())}")[0][0]
    cl.psql(f"UPDATE jobs SET locked_until = {int(time.time()) - 1} WHERE created_at >= {t_jobs} AND done_at IS NULL "
            "AND failed_at IS NULL AND locked_until IS NOT NULL")
    deadline = time.time() + 120
    while time.time() < deadline:
        left = int(cl.psql(f"SELECT COUNT(*) FROM jobs WHERE created_at >= {t_jobs} AND done_at IS NULL AND failed_at IS NULL")[0][0])
        if left == 0:
            break
        time.sleep(1)
    jobs_done = int(cl.psql(f"SELECT COUNT(*) FROM jobs WHERE created_at >= {t_jobs} AND kind = 'mail' AND done_at IS NOT NULL")[0][0])
    emails = {r[0] for r in cl.psql(f"SELECT email FROM users u JOIN registrations r ON r.user_id = u.id WHERE r.event_id = {ev}")}
    sent = {}
    for node in range(1, 10):
        out = os.path.join(cl.dir, f"node{node}", "outbox")
        if not os.path.isdir(out):
            continue
        for name in os.listdir(out):
            with open(os.path.join(out, name), "rb") as f:
                head = f.read(2000).decode("utf-8", "replace")
            m = re.search(r"^To: .*?<?([\w.+-]+@example\.org)>?\s*$", head, re.M)
            if m and m.group(1) in emails:
                sent[m.group(1)] = sent.get(m.group(1), 0) + 1
    twice = sum(1 for v in sent.values() if v > 1)
    print(f"  mail: {regs} registrations, {jobs_done} mail jobs done, {len(sent)} people mailed, {twice} twice; "
          f"{leased} jobs were still leased (by the killed node or in progress) when the storm ended")
    res.check(left == 0, f"{left} mail jobs still waiting after the leases ended")
    res.check(len(sent) == regs, f"{len(sent)} of {regs} registered people received their e-mail")
    res.check(twice <= int(leased), f"{twice} people mailed twice (at most the jobs cut off by the kill)")


def proof_pg(cl, res, args):
    print(f"pg: PostgreSQL stopped and started under a GET and registration load through nginx")
    pids = [cl.pid(n) for n in range(1, cl.nodes + 1)]
    statuses = {}
    stop = threading.Event()
    lock = threading.Lock()

    def load():
        while not stop.is_set():
            try:
                st, _, _ = request(cl.base, "GET", "/events", timeout=15)
            except OSError:
                st = "no answer"
            with lock:
                statuses[st] = statuses.get(st, 0) + 1

    ws = [threading.Thread(target=load) for _ in range(8)]
    for w in ws:
        w.start()
    time.sleep(2)
    pg_dir = os.path.join(cl.dir, "pg")
    subprocess.run([os.path.join(ROOT, "scripts/pg-cluster.sh"), "stop", pg_dir], check=True)
    t = time.monotonic()
    not_ready = set()
    while time.monotonic() - t < 10 and len(not_ready) < cl.nodes:
        for n in range(1, cl.nodes + 1):
            try:
                if request(cl.node_port(n), "GET", "/readyz", timeout=5)[0] == 503:
                    not_ready.add(n)
            except OSError:
                pass
        time.sleep(0.05)
    down_s = time.monotonic() - t
    time.sleep(max(0.0, 3 - down_s))
    subprocess.run([os.path.join(ROOT, "scripts/pg-cluster.sh"), "start", pg_dir, str(cl.base + 9)], check=True,
                   capture_output=True)
    back = time.monotonic()
    ready = {}
    while time.monotonic() - back < 30 and len(ready) < cl.nodes:
        for n in range(1, cl.nodes + 1):
            if n in ready:
                continue
            try:
                if request(cl.node_port(n), "GET", "/readyz", timeout=5)[0] == 200:
                    ready[n] = time.monotonic() - back
            except OSError:
                pass
        time.sleep(0.02)
    time.sleep(2)
    stop.set()
    for w in ws:
        w.join()
    print(f"  every node reported 503 on /readyz {down_s:.2f} s after the stop; ready again after PostgreSQL's "
          "return: " + ", ".join(f"node {n} {s * 1000:.0f} ms" for n, s in sorted(ready.items())))
    print("  answers through nginx: " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items(), key=str)))
    res.check(len(not_ready) == cl.nodes, f"{len(not_ready)} of {cl.nodes} nodes said not ready while it was down")
    res.check(len(ready) == cl.nodes, f"{len(ready)} of {cl.nodes} nodes ready again without a restart")
    res.check(pids == [cl.pid(n) for n in range(1, cl.nodes + 1)], "no node process restarted")
    res.check(set(statuses) <= {200, 503}, "only 200 and 503 answers (no 500, 502 or dropped request)")
    st, _, _ = request(cl.base, "GET", "/events")
    res.check(st == 200, f"pages answer {st} after the restart")


def proof_rolling(cl, res, args):
    print(f"rolling: every node restarted in turn (SIGTERM, drain, start) under a steady GET load through nginx")
    statuses = {}
    errors = []
    stop = threading.Event()
    lock = threading.Lock()
    paths = ["/courses", "/events", "/", "/forum"]

    def load(k):
        c = None
        i = k
        while not stop.is_set():
            i += 1
            try:
                if c is None:
                    c = http.client.HTTPConnection("127.0.0.1", cl.base, timeout=30)
                c.request("GET", paths[i % len(paths)], headers={"Accept-Language": "en"})
                r = c.getresponse()
                r.read()
                st = r.status
                if r.getheader("connection", "").lower() == "close":
                    c.close()
                    c = None
            except (OSError, http.client.HTTPException) as e:
                st = "error"
                errors.append(repr(e))
                c = None
            with lock:
                statuses[st] = statuses.get(st, 0) + 1

    ws = [threading.Thread(target=load, args=(k,)) for k in range(8)]
    for w in ws:
        w.start()
    time.sleep(2)
    t0 = time.monotonic()
    times = []
    for n in range(1, cl.nodes + 1):
        t = time.monotonic()
        cl.sh("node", "stop", cl.dir, str(n))
        stopped = time.monotonic() - t
        cl.sh("node", "start", cl.dir, str(n))
        times.append((stopped, time.monotonic() - t - stopped))
        time.sleep(1)
    took = time.monotonic() - t0
    time.sleep(1)
    stop.set()
    for w in ws:
        w.join()
    total = sum(statuses.values())
    failed = total - statuses.get(200, 0)
    print(f"  {cl.nodes} nodes restarted in {took:.1f} s (" +
          ", ".join(f"drained in {a:.2f} s, ready in {b:.2f} s" for a, b in times) + ")")
    print(f"  {total} GET requests: " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items(), key=str)))
    if errors:
        print("  e.g. " + errors[0])
    res.check(failed == 0, f"{failed} failed requests during the rolling restart")


def proof_media(cl, res, args):
    print("media: a file uploaded through node A, served by nodes B and C")
    now = int(time.time())
    oid = org(cl, "proof-media")
    (token, csrf, uid), = people(cl, f"author-{secrets.token_hex(3)}", 1)
    cl.psql(f"INSERT INTO memberships (user_id, org_id, role, created_at, updated_at) VALUES ({uid}, {oid}, 'author', {now}, {now})")
    data = ("city,people\n" + "".join(f"district {i},{i * 37}\n" for i in range(20000))).encode()
    sha = hashlib.sha256(data).hexdigest()
    boundary = "proof" + secrets.token_hex(8)
    fields = {"_csrf": csrf, "org_id": str(oid), "lang": "en", "kind": "dataset", "title": "District sizes",
              "description": "Proof upload", "licence": "CC0-1.0", "format": "csv", "url": ""}
    body = b"".join(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n".encode()
                    for k, v in fields.items())
    body += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"districts.csv\"\r\n"
             "Content-Type: text/csv\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    st, h, _ = request(cl.node_port(1), "POST", "/resources/new", token, body,
                       {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    res.check(st == 303, f"upload through node 1 answered {st}")
    rid = re.search(r"/resources/(\d+)", h.get("location", "")).group(1)
    for n in range(2, cl.nodes + 1):
        st, h, b = request(cl.node_port(n), "GET", f"/resources/{rid}/file")
        accel = h.get("x-accel-redirect", "")
        path = os.path.join(cl.dir, "media", accel.removeprefix("/_media/"))
        ok = st == 200 and accel and os.path.exists(path) and hashlib.sha256(open(path, "rb").read()).hexdigest() == sha
        res.check(ok, f"node {n} answers {st} for it, handing {accel or 'nothing'} to nginx, the shared file intact")
    before = os.path.getsize(os.path.join(cl.dir, "nginx", "access.log"))
    got = []
    for _ in range(3 * cl.nodes):
        st, h, b = request(cl.base, "GET", f"/resources/{rid}/file")
        got.append((st, hashlib.sha256(b).hexdigest() == sha, h.get("content-type", ""), h.get("content-disposition", "")))
    with open(os.path.join(cl.dir, "nginx", "access.log")) as f:
        f.seek(before)
        ups = set(re.findall(r"up=127\.0\.0\.1:(\d+)", f.read()))
    whole = sum(1 for g in got if g[0] == 200 and g[1])
    print(f"  {len(got)} downloads through nginx, {whole} whole and intact, from nodes on ports {sorted(ups)}; "
          f"type {got[0][2]!r}, disposition {got[0][3][:40]!r}")
    res.check(whole == len(got), f"{whole} of {len(got)} downloads through nginx complete")
    res.check(len(ups) == cl.nodes, f"downloads were checked by {len(ups)} of {cl.nodes} nodes")
    st, h, b = request(cl.base, "GET", f"/resources/{rid}/file", headers={"Range": "bytes=100-199"})
    res.check(st == 206 and b == data[100:200], f"a Range request through nginx answers {st} with the right bytes")
    st, _, _ = request(cl.base, "GET", f"/_media/{sha[:2]}/{sha[2:]}")
    res.check(st == 404, f"the internal media location asked for directly answers {st}")


def proof_session(cl, res, args):
    print("session: a session ended on node A is refused by node B at once")
    (token, csrf, _), = people(cl, f"session-{secrets.token_hex(3)}", 1)
    st_b, _, _ = request(cl.node_port(2), "GET", "/profile", token)
    st_a, _, _ = request(cl.node_port(1), "POST", "/logout", token, f"_csrf={csrf}")
    st_b2, h, _ = request(cl.node_port(2), "GET", "/profile", token)
    print(f"  node 2 /profile: {st_b}; node 1 sign-out: {st_a}; node 2 /profile right after: {st_b2} -> {h.get('location')}")
    res.check(st_b == 200 and st_a == 303 and st_b2 == 303 and h.get("location", "").startswith("/login"),
              "node 2 sends the signed-out session to sign in")


PROOFS = {"storm": proof_storm, "kill": proof_kill, "pg": proof_pg, "rolling": proof_rolling,
          "media": proof_media, "session": proof_session}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--people", type=int, default=10000)
    ap.add_argument("--seats", type=int, default=500)
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("proofs", nargs="*", default=list(PROOFS))
    args = ap.parse_args()
    cl = Cluster(os.path.realpath(args.dir))
    res = Result()
    for p in args.proofs:
        t = time.monotonic()
        PROOFS[p](cl, res, args)
        print(f"  ({time.monotonic() - t:.1f} s)")
    print("ALL PASSED" if not res.failures else f"{len(res.failures)} FAILED")
    return 0 if not res.failures else 1


if __name__ == "__main__":
    sys.exit(main())
