#!/usr/bin/env python3
"""kill -9 of the server during a registration storm and forum posting, N times over.

Run through scripts/crash-test.sh. Each round starts `cityskills serve`, lets many clients
register people for events of limited capacity and reply in forum threads, kills the server
with SIGKILL at a random moment and starts it again. The client remembers every write the
server acknowledged (303). At the end the database must hold every acknowledged write and
nothing half-written: no registration without its user, no event over capacity, no seat left
empty while people wait, a gap-free arrival order, every thread's post count equal to its
highest post number, every acknowledged reply exactly once. Prints the figures.
"""
import argparse
import hashlib
import hmac
import http.client
import json
import os
import random
import secrets
import signal
import sqlite3
import subprocess
import sys
import threading
import time

EVENTS = 8          # events with limited capacity; every person may register for each
CAPACITY = 40
THREADS = 4         # forum threads replied to


class Store:
    """Read-only (and setup) access to the database behind the server: sqlite3 or psql."""

    def __init__(self, data_dir, pg_url):
        self.pg_url = pg_url
        self.sqlite_path = os.path.join(data_dir, "cityskills.db")

    def rows(self, sql):
        if self.pg_url:
            out = subprocess.run(["psql", self.pg_url, "-X", "-q", "-tA", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", sql],
                                 check=True, capture_output=True, text=True).stdout
            return [tuple(line.split("\t")) for line in out.splitlines() if line]
        con = sqlite3.connect(self.sqlite_path)
        try:
            return [tuple("" if v is None else str(v) for v in r) for r in con.execute(sql).fetchall()]
        finally:
            con.close()

    def script(self, sql):
        if self.pg_url:
            subprocess.run(["psql", self.pg_url, "-X", "-q", "-v", "ON_ERROR_STOP=1"], input=sql, check=True,
                           capture_output=True, text=True)
            return
        con = sqlite3.connect(self.sqlite_path)
        try:
            con.executescript(sql)
        finally:
            con.close()


def q(s):
    return "'" + s.replace("'", "''") + "'"


class Server:
    def __init__(self, args):
        self.args = args
        self.proc = None
        self.log = open(os.path.join(args.work, "server.log"), "ab")

    def cmd(self, sub):
        c = [self.args.bin, sub, "--data", self.args.data]
        if self.args.pg_url:
            c += ["--database", self.args.pg_url]
        return c

    def start(self):
        self.proc = subprocess.Popen(self.cmd("serve") + ["--listen", f"127.0.0.1:{self.args.port}"],
                                     stdout=self.log, stderr=self.log)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"server exited with {self.proc.returncode}; see {self.log.name}")
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.args.port, timeout=2)
                c.request("GET", "/readyz")
                if c.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise SystemExit("server did not become ready in 60 s")

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=60)


def setup(args, store, server):
    subprocess.run(server.cmd("migrate"), check=True, capture_output=True)
    server.start()  # creates the signing secret
    server.stop()
    now = int(time.time())
    sql = ["BEGIN;",
           f"INSERT INTO organisations (name, slug, kind, country, created_at, updated_at) VALUES "
           f"('Crash City', 'crash-city', 'city', 'IT', {now}, {now});"]
    for e in range(EVENTS):
        sql.append(
            "INSERT INTO events (org_id, kind, title, summary, description, lang, theme, audience, age_group, starts_at, "
            "ends_at, time_zone, online, join_url, capacity, status, uid, sequence, created_at, updated_at) SELECT id, "
            f"'webinar', 'Crash event {e}', 'Summary', 'Agenda', 'en', 'safety', 'everyone', 'all', {now + 86400 * 7}, "
            f"{now + 86400 * 7 + 3600}, 'Europe/Rome', 1, 'https://meet.example.org/r', {CAPACITY}, 'published', "
            f"'crash-{e}-{secrets.token_hex(6)}@cityskills', 0, {now}, {now} FROM organisations WHERE slug = 'crash-city';")
    sql.append("INSERT INTO forum_categories (slug, name, description, position, created_at, updated_at) VALUES "
               f"('crash', 'Crash', 'Crash test', 0, {now}, {now});")
    people = []
    for i in range(args.people):
        token = secrets.token_urlsafe(32)
        people.append(token)
        sql.append("INSERT INTO users (email, password_hash, display_name, lang, email_verified_at, created_at, "
                   f"updated_at) VALUES ('crash{i}@example.org', 'x', 'Crash {i}', 'en', {now}, {now}, {now});")
        sql.append("INSERT INTO sessions (id_hash, user_id, expires_at, created_at, updated_at) SELECT "
                   f"{q(hashlib.sha256(token.encode()).hexdigest())}, id, {now + 86400 * 3}, {now}, {now} FROM users "
                   f"WHERE email = 'crash{i}@example.org';")
    for t in range(THREADS):
        sql.append("INSERT INTO forum_threads (category_id, author_id, lang, title, last_seq, last_post_at, created_at, "
                   f"updated_at) SELECT c.id, u.id, 'en', 'Crash thread {t}', 1, {now}, {now}, {now} FROM "
                   "forum_categories c, users u WHERE c.slug = 'crash' AND u.email = 'crash0@example.org';")
        sql.append("INSERT INTO forum_posts (thread_id, seq, author_id, body, created_at, updated_at) SELECT t.id, 1, "
                   f"t.author_id, 'Opening post {t}', {now}, {now} FROM forum_threads t WHERE t.title = 'Crash thread {t}';")
    sql.append("COMMIT;")
    store.script("\n".join(sql))
    secret = store.rows("SELECT value FROM settings WHERE name = 'secret'")[0][0]
    key = hashlib.sha256(secret.encode()).digest()
    emails = {f"crash{i}@example.org": i for i in range(args.people)}
    uid = {}
    for r in store.rows("SELECT id, email FROM users WHERE email LIKE 'crash%@example.org'"):
        uid[emails[r[1]]] = int(r[0])
    events = [int(r[0]) for r in store.rows("SELECT id FROM events WHERE title LIKE 'Crash event %' ORDER BY id")]
    threads = [int(r[0]) for r in store.rows("SELECT id FROM forum_threads WHERE title LIKE 'Crash thread %' ORDER BY id")]
    csrf = [hmac.new(key, f"csrf|s|{t}".encode(), hashlib.sha256).hexdigest() for t in people]
    return people, csrf, uid, events, threads


class Load:
    """Clients that write until the server dies; what the server acknowledged is remembered."""

    def __init__(self, args, people, csrf, events, threads):
        self.args, self.people, self.csrf, self.events, self.threads = args, people, csrf, events, threads
        self.mu = threading.Lock()
        pairs = [(p, e) for e in events for p in range(len(people))]
        random.shuffle(pairs)
        self.todo = pairs                 # registrations not yet acknowledged
        self.acked_reg = set()            # (person, event)
        self.acked_posts = []             # (thread, body)
        self.sent = self.acked = self.unanswered = 0
        self.status = {}
        self.reply_no = 0

    def post(self, path, token, body):
        c = http.client.HTTPConnection("127.0.0.1", self.args.port, timeout=30)
        c.request("POST", path, body=body, headers={
            "Cookie": f"cs_session={token}", "Content-Type": "application/x-www-form-urlencoded",
            "Connection": "close"})
        r = c.getresponse()
        r.read()
        return r.status

    def one(self, rng):
        with self.mu:
            self.reply_no += 1
            n = self.reply_no
            if rng.random() < 0.6 and self.todo:
                kind, (p, e) = "reg", self.todo.pop()
            else:
                kind, p, e = "post", n % len(self.people), self.threads[n % len(self.threads)]
            self.sent += 1
        if kind == "reg":
            path, body = f"/events/{e}/register", f"_csrf={self.csrf[p]}"
        else:
            text = f"Crash reply {n} by {p} {secrets.token_hex(4)}"
            path, body = f"/forum/t/{e}/reply", f"_csrf={self.csrf[p]}&body={text.replace(' ', '+')}"
        try:
            status = self.post(path, self.people[p], body)
        except OSError:
            with self.mu:
                self.unanswered += 1
                if kind == "reg":
                    self.todo.insert(0, (p, e))  # may or may not be stored; retried in a later round
            return False
        with self.mu:
            self.status[status] = self.status.get(status, 0) + 1
            if status == 303:
                self.acked += 1
                if kind == "reg":
                    self.acked_reg.add((p, e))
                else:
                    self.acked_posts.append((e, text))
            elif kind == "reg":
                self.todo.insert(0, (p, e))
        return True

    def run_round(self, server, rng):
        alive = threading.Event()
        alive.set()

        def worker(seed):
            r = random.Random(seed)
            while alive.is_set():
                if not self.one(r):
                    time.sleep(0.01)

        ws = [threading.Thread(target=worker, args=(rng.random(),)) for _ in range(self.args.clients)]
        for w in ws:
            w.start()
        time.sleep(rng.uniform(self.args.min_run, self.args.max_run))
        recovered = None
        if self.args.restart_pg:
            # The database goes away under load and comes back; the server must not be restarted.
            pg_dir, pg_port = self.args.restart_pg.split(":")
            subprocess.run(["scripts/pg-cluster.sh", "stop", pg_dir], check=True)
            time.sleep(1)
            subprocess.run(["scripts/pg-cluster.sh", "start", pg_dir, pg_port], check=True, capture_output=True)
            back = time.time()
            before = self.acked
            while time.time() - back < 10 and self.acked == before:
                time.sleep(0.01)
            recovered = time.time() - back if self.acked > before else None
            time.sleep(0.5)
        else:
            server.kill()
        alive.clear()
        for w in ws:
            w.join()
        return recovered


def verify(args, store, load, uid, events, threads):
    problems = []
    present = {(int(r[0]), int(r[1])) for r in store.rows("SELECT user_id, event_id FROM registrations WHERE status <> 'cancelled'")}
    lost_reg = [(p, e) for (p, e) in load.acked_reg if (uid[p], e) not in present]
    if lost_reg:
        problems.append(f"{len(lost_reg)} acknowledged registrations missing, e.g. {lost_reg[:3]}")
    orphans = store.rows("SELECT COUNT(*) FROM registrations r LEFT JOIN users u ON u.id = r.user_id WHERE u.id IS NULL")[0][0]
    if orphans != "0":
        problems.append(f"{orphans} registrations without their user")
    reg_total = 0
    for e in events:
        conf, wait, n, dist, lo, hi = store.rows(
            "SELECT SUM(CASE WHEN status = 'confirmed' THEN 1 ELSE 0 END), SUM(CASE WHEN status = 'waitlisted' THEN 1 ELSE 0 END), "
            f"COUNT(*), COUNT(DISTINCT queue_seq), MIN(queue_seq), MAX(queue_seq) FROM registrations WHERE event_id = {e}")[0]
        conf, wait, n = int(conf or 0), int(wait or 0), int(n)
        reg_total += n
        if conf > CAPACITY:
            problems.append(f"event {e}: {conf} confirmed for {CAPACITY} seats")
        if wait and conf < CAPACITY:
            problems.append(f"event {e}: {wait} waiting while {CAPACITY - conf} seats are free")
        if n and (int(dist) != n or int(lo) != 1 or int(hi) != n):
            problems.append(f"event {e}: arrival order has gaps or repeats ({dist} distinct of {n}, {lo}..{hi})")
    mails = store.rows("SELECT COUNT(*) FROM jobs WHERE kind = 'mail'")[0][0]
    # The e-mail confirming a registration is queued after the registration commits, in a second
    # step: a kill between the two leaves a registration whose e-mail never goes out. Counted,
    # reported, not failed: a person who registers again is told "already registered" and gets
    # no e-mail either (the events feature's to fix: queue the e-mail in the registration's
    # transaction).
    queued = {}  # address -> subjects
    for (payload,) in store.rows("SELECT payload FROM jobs WHERE kind = 'mail'"):
        m = json.loads(payload)
        queued.setdefault(m.get("to"), []).append(m.get("subject", ""))
    titles = {int(r[0]): r[1] for r in store.rows("SELECT id, title FROM events WHERE title LIKE 'Crash event %'")}
    emails = {int(r[0]): r[1] for r in store.rows("SELECT id, email FROM users WHERE email LIKE 'crash%'")}
    acked_ids = {(uid[p], e) for (p, e) in load.acked_reg}
    without_mail = acked_without_mail = 0
    for (u, e) in present:
        if not any(titles.get(e, "?") in subj for subj in queued.get(emails.get(u), [])):
            without_mail += 1
            acked_without_mail += (u, e) in acked_ids
    load.acked_without_mail = acked_without_mail
    posts_total = 0
    for t in threads:
        n, hi, last = store.rows(
            f"SELECT COUNT(*), MAX(p.seq), (SELECT last_seq FROM forum_threads WHERE id = {t}) FROM forum_posts p "
            f"WHERE p.thread_id = {t}")[0]
        posts_total += int(n)
        if not (n == hi == last):
            problems.append(f"thread {t}: {n} posts, highest number {hi}, thread says {last}")
    bodies = {}
    for r in store.rows("SELECT thread_id, body FROM forum_posts WHERE body LIKE 'Crash reply %'"):
        bodies[(int(r[0]), r[1])] = bodies.get((int(r[0]), r[1]), 0) + 1
    lost_posts = [p for p in load.acked_posts if bodies.get(p, 0) != 1]
    if lost_posts:
        problems.append(f"{len(lost_posts)} acknowledged replies missing or repeated, e.g. {lost_posts[:3]}")
    unacked_stored = sum(bodies.values()) - len(load.acked_posts)
    if not args.pg_url:
        ic = store.rows("PRAGMA integrity_check")[0][0]
        if ic != "ok":
            problems.append(f"integrity_check: {ic}")
        fk = store.rows("PRAGMA foreign_key_check")
        if fk:
            problems.append(f"foreign_key_check: {len(fk)} rows")
    return problems, reg_total, posts_total, int(mails), unacked_stored, without_mail


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--pg-url", default="")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--rounds", type=int, default=100)
    ap.add_argument("--people", type=int, default=3000)
    ap.add_argument("--clients", type=int, default=24)
    ap.add_argument("--min-run", type=float, default=0.3)
    ap.add_argument("--max-run", type=float, default=2.5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--restart-pg", default="", help="DIR:PORT of a private cluster to restart instead of killing the server")
    args = ap.parse_args()
    args.data = os.path.join(args.work, "data")
    rng = random.Random(args.seed or time.time_ns())
    store = Store(args.data, args.pg_url)
    server = Server(args)
    people, csrf, uid, events, threads = setup(args, store, server)
    load = Load(args, people, csrf, events, threads)
    t0 = time.time()
    restarts = []
    recoveries = []
    if args.restart_pg:
        server.start()
    for n in range(args.rounds):
        if args.restart_pg:
            recoveries.append(load.run_round(server, rng))
            if server.proc.poll() is not None:
                raise SystemExit(f"the server died during round {n + 1}")
        else:
            s = time.time()
            server.start()
            restarts.append(time.time() - s)
            load.run_round(server, rng)
        if (n + 1) % 10 == 0:
            print(f"round {n + 1}/{args.rounds}: {load.acked} writes acknowledged, {load.unanswered} cut off by the kill",
                  flush=True)
    if not args.restart_pg:
        server.start()  # the last kill must not keep it from starting either
    server.stop()
    problems, reg_total, posts_total, mails, unacked_stored, without_mail = verify(args, store, load, uid, events, threads)
    restarts.sort()
    what = "PostgreSQL restarted under load each" if args.restart_pg else "kill -9 each"
    print(f"database: {'postgresql' if args.pg_url else 'sqlite'}; rounds: {args.rounds} ({what}); "
          f"{time.time() - t0:.0f} s")
    print(f"requests: {load.sent} sent, {load.acked} acknowledged (303), {load.unanswered} cut off by a kill; "
          f"statuses: {dict(sorted(load.status.items()))}")
    print(f"registrations: {len(load.acked_reg)} acknowledged, {reg_total} stored for {len(events)} events of "
          f"{CAPACITY} seats; mail jobs: {mails}; registrations whose confirmation e-mail was never queued "
          f"(kill between the two steps): {without_mail}, of them acknowledged on a retry: {load.acked_without_mail}")
    print(f"forum replies: {len(load.acked_posts)} acknowledged, {posts_total - len(threads)} stored "
          f"({unacked_stored} stored whose answer the kill cut off)")
    if restarts:
        print(f"restart to ready: median {restarts[len(restarts) // 2]:.2f} s, max {restarts[-1]:.2f} s")
    if args.restart_pg:
        ok = sorted(r for r in recoveries if r is not None)
        print(f"PostgreSQL back to the first acknowledged write: median {ok[len(ok) // 2]:.2f} s, max {ok[-1]:.2f} s; "
              f"rounds without recovery within 10 s: {len(recoveries) - len(ok)}" if ok else "no round recovered")
        if len(ok) != len(recoveries):
            problems.append(f"{len(recoveries) - len(ok)} rounds did not recover within 10 s")
        bad = {k: v for k, v in load.status.items() if k not in (303, 503)}
        if bad:
            problems.append(f"answers other than 303 and 503 while PostgreSQL restarted: {bad}")
    if problems:
        print("FAILED:")
        for p in problems:
            print("  " + p)
        return 1
    print("OK: every acknowledged write present, nothing half-written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
