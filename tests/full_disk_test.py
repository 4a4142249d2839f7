#!/usr/bin/env python3
"""A full disk: the server's data directory on a small tmpfs, filled up while it serves.

Forum replies (database writes) and practice attachments (media files) answer 507 with a
translated message and Retry-After, never 500; pages still read; nothing saved before is lost or
corrupted (SQLite integrity_check ok, every acknowledged reply and upload present); once space is
freed, writing works again without a restart. The tmpfs is mounted in a private mount namespace
(unshare); where that is not permitted the test is skipped (exit 77).
Usage: tests/full_disk_test.py PATH_TO_CITYSKILLS
"""
import hashlib
import hmac
import http.client
import os
import secrets
import shutil
import sqlite3
import struct
import subprocess
import sys
import tempfile
import time
import zlib

SKIP = 77


def reexec_in_mount_namespace():
    if os.environ.get("CS_FULL_DISK_NS") == "1":
        return
    unshare = ["unshare", "--mount", "--propagation", "private"]
    if os.geteuid() != 0:
        unshare = ["unshare", "--user", "--map-root-user", "--mount", "--propagation", "private"]
    if subprocess.run(unshare + ["true"], capture_output=True).returncode != 0:
        print("full_disk: skipped: this system does not permit a private mount namespace (unshare)")
        sys.exit(SKIP)
    env = dict(os.environ, CS_FULL_DISK_NS="1")
    sys.exit(subprocess.run(unshare + [sys.executable, __file__] + sys.argv[1:], env=env).returncode)


def png(seed, side=160):
    """An image of random pixels (does not compress), valid for the media checks."""
    raw = b"".join(b"\0" + os.urandom(side * 3) for _ in range(side))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw, 0)) + chunk(b"IEND", b""))


class Test:
    def __init__(self, binary):
        self.bin = binary
        self.work = tempfile.mkdtemp(prefix="cs-fulldisk.")
        self.data = os.path.join(self.work, "data")
        os.makedirs(self.data)
        self.failed = 0
        self.passed = 0
        self.server = None

    def check(self, cond, what):
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL: " + what, flush=True)

    def start(self):
        s = __import__("socket").socket()
        s.bind(("127.0.0.1", 0))
        self.port = s.getsockname()[1]
        s.close()
        self.log = open(os.path.join(self.work, "server.log"), "wb")
        self.server = subprocess.Popen([self.bin, "serve", "--listen", f"127.0.0.1:{self.port}", "--data", self.data],
                                       stdout=self.log, stderr=self.log)
        for _ in range(600):
            try:
                if self.request("GET", "/readyz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise SystemExit("server not ready")

    def request(self, method, path, body=b"", headers=None, token=None):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        h = {"Connection": "close", "Accept-Language": "en"}
        if token:
            h["Cookie"] = f"cs_session={token}"
        h.update(headers or {})
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        return r.status, r.read().decode("utf-8", "replace"), dict((k.lower(), v) for k, v in r.getheaders())

    def setup_data(self):
        con = sqlite3.connect(os.path.join(self.data, "cityskills.db"), timeout=30)
        now = int(time.time())
        secret = con.execute("SELECT value FROM settings WHERE name = 'secret'").fetchone()[0]
        key = hashlib.sha256(secret.encode()).digest()
        org = con.execute("INSERT INTO organisations (name, slug, kind, country, created_at, updated_at) VALUES "
                          "('Disk City', 'disk-city', 'city', 'IT', ?, ?) RETURNING id", (now, now)).fetchone()[0]
        self.people = []
        for i in range(30):
            uid = con.execute("INSERT INTO users (email, password_hash, display_name, lang, email_verified_at, "
                              "created_at, updated_at) VALUES (?, 'x', ?, 'en', ?, ?, ?) RETURNING id",
                              (f"disk{i}@example.org", f"Disk {i}", now, now, now)).fetchone()[0]
            token = secrets.token_urlsafe(32)
            con.execute("INSERT INTO sessions (id_hash, user_id, expires_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                        (hashlib.sha256(token.encode()).hexdigest(), uid, now + 3600, now, now))
            self.people.append((uid, token, hmac.new(key, f"csrf|s|{token}".encode(), hashlib.sha256).hexdigest()))
        cat = con.execute("INSERT INTO forum_categories (slug, name, description, position, created_at, updated_at) "
                          "VALUES ('disk', 'Disk', 'Disk', 0, ?, ?) RETURNING id", (now, now)).fetchone()[0]
        self.thread = con.execute("INSERT INTO forum_threads (category_id, author_id, lang, title, last_seq, last_post_at, "
                                  "created_at, updated_at) VALUES (?, ?, 'en', 'Disk thread', 1, ?, ?, ?) RETURNING id",
                                  (cat, self.people[0][0], now, now, now)).fetchone()[0]
        con.execute("INSERT INTO forum_posts (thread_id, seq, author_id, body, created_at, updated_at) VALUES "
                    "(?, 1, ?, 'Opening post', ?, ?)", (self.thread, self.people[0][0], now, now))
        self.practices = []
        for i in range(12):
            self.practices.append(con.execute(
                "INSERT INTO practices (org_id, author_id, lang, title, problem, actions, results, figures, lessons, "
                "cost_band, effort_band, size_band, country, contact_name, contact_email, status, moderation_note, "
                "created_at, updated_at) VALUES (?, ?, 'en', ?, 'p', 'a', 'r', '', 'l', 'low', 'low', 'small', 'IT', "
                "'C', 'c@example.org', 'pending', '', ?, ?) RETURNING id",
                (org, self.people[i][0], f"Practice {i}", now, now)).fetchone()[0])
        con.commit()
        con.close()

    def reply(self, n, size=2000):
        uid, token, csrf = self.people[n % len(self.people)]
        text = f"Disk reply {n} " + secrets.token_hex(size // 2)
        body = f"_csrf={csrf}&body={text.replace(' ', '+')}".encode()
        status, page, headers = self.request("POST", f"/forum/t/{self.thread}/reply", body,
                                             {"Content-Type": "application/x-www-form-urlencoded"}, token)
        return status, page, headers, text

    def upload(self, i):
        uid, token, csrf = self.people[i % len(self.practices)]
        image = png(i)
        b = "----cs" + secrets.token_hex(8)
        body = (f"--{b}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{csrf}\r\n"
                f"--{b}\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\"pixels{i}.png\"\r\n"
                f"Content-Type: image/png\r\n\r\n").encode() + image + f"\r\n--{b}--\r\n".encode()
        status, page, headers = self.request("POST", f"/practices/{self.practices[i % len(self.practices)]}/attachments",
                                             body, {"Content-Type": f"multipart/form-data; boundary={b}"}, token)
        return status, page, headers, hashlib.sha256(image).hexdigest()

    def run(self):
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", self.data], check=True)
        self.start()
        self.setup_data()
        acked_replies, acked_uploads = [], []
        for n in range(5):
            status, _, _, text = self.reply(n)
            self.check(status == 303, f"reply before the disk filled answered {status}")
            acked_replies.append(text)
        for i in range(2):
            status, page, _, sha = self.upload(i)
            self.check(status == 303, f"upload before the disk filled answered {status}: {page[:300]}")
            acked_uploads.append(sha)

        fd = os.open(os.path.join(self.data, "filler"), os.O_WRONLY | os.O_CREAT, 0o644)
        for size in (1 << 20, 4096, 1):  # fill the file system to the last byte
            try:
                while os.write(fd, b"\0" * size) == size:
                    pass
            except OSError:
                pass
        os.close(fd)
        statuses = {}
        full_page = full_headers = None
        for n in range(5, 45):
            status, page, headers, text = self.reply(n, 6000)
            statuses[status] = statuses.get(status, 0) + 1
            if status == 303:
                acked_replies.append(text)
            elif status == 507 and full_page is None:
                full_page, full_headers = page, headers
        for i in range(2, 6):
            status, page, headers, sha = self.upload(i)
            statuses[f"upload {status}"] = statuses.get(f"upload {status}", 0) + 1
            if status == 303:
                acked_uploads.append(sha)
        print(f"full_disk: answers while full: {statuses}", flush=True)
        self.check(all(k in (303, 507, "upload 303", "upload 507") for k in statuses),
                   f"writes on a full disk answered other than 303/507: {statuses}")
        self.check(statuses.get(507, 0) > 0, "no forum reply was refused with 507")
        self.check(statuses.get("upload 507", 0) > 0, "no upload was refused with 507")
        self.check(full_page is not None and "no space left" in full_page, "507 page lacks the translated message")
        self.check(full_headers is not None and full_headers.get("retry-after", "").isdigit(), "507 without Retry-After")
        status, page, _ = self.request("GET", f"/forum/t/{self.thread}", token=self.people[0][1])
        self.check(status == 200, f"reading a thread on a full disk answered {status}")

        os.remove(os.path.join(self.data, "filler"))
        status, _, _, text = self.reply(99)
        self.check(status == 303, f"reply after space was freed answered {status}")
        acked_replies.append(text)
        status, page, _, sha = self.upload(7)
        self.check(status == 303, f"upload after space was freed answered {status}")
        acked_uploads.append(sha)
        self.server.terminate()
        self.check(self.server.wait(timeout=60) == 0, "server did not stop cleanly")

        con = sqlite3.connect(os.path.join(self.data, "cityskills.db"))
        self.check(con.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "integrity_check not ok")
        self.check(not con.execute("PRAGMA foreign_key_check").fetchall(), "foreign_key_check found rows")
        bodies = [r[0] for r in con.execute("SELECT body FROM forum_posts WHERE thread_id = ?", (self.thread,))]
        for text in acked_replies:
            self.check(bodies.count(text) == 1, f"acknowledged reply missing: {text[:30]}")
        n, hi, last = con.execute("SELECT COUNT(*), MAX(seq), (SELECT last_seq FROM forum_threads WHERE id = ?) FROM "
                                  "forum_posts WHERE thread_id = ?", (self.thread, self.thread)).fetchone()
        self.check(n == hi == last, f"thread: {n} posts, highest number {hi}, thread says {last}")
        stored = {r[0] for r in con.execute("SELECT sha256 FROM media")}
        files = {}
        for root, _, names in os.walk(os.path.join(self.data, "media")):
            for name in names:
                with open(os.path.join(root, name), "rb") as f:
                    files[hashlib.sha256(f.read()).hexdigest()] = name
        for sha in acked_uploads:
            self.check(sha in stored and sha in files, f"acknowledged upload {sha[:12]} missing or damaged")
        self.check(not [n for n in files.values() if ".tmp-" in n], "temporary upload files left behind")
        con.close()
        with open(os.path.join(self.work, "server.log"), encoding="utf-8", errors="replace") as f:
            causes = {}
            for line in f:
                if "store unavailable" in line:
                    cause = "media file" if "media: cannot" in line else "database" if "disk is full" in line else line
                    causes[cause] = causes.get(cause, 0) + 1
        print(f"full_disk: refusals logged: {causes}")
        print(f"full_disk: {len(acked_replies)} replies and {len(acked_uploads)} uploads acknowledged and intact")

    def close(self):
        if self.server and self.server.poll() is None:
            self.server.kill()
            self.server.wait()
        subprocess.run(["umount", self.data], capture_output=True)
        shutil.rmtree(self.work, ignore_errors=True)


def main():
    reexec_in_mount_namespace()
    t = Test(sys.argv[1])
    try:
        t.run()
    finally:
        t.close()
    print(f"full_disk: {t.passed} passed, {t.failed} failed")
    return 1 if t.failed else 0


if __name__ == "__main__":
    sys.exit(main())
