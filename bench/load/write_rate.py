#!/usr/bin/env python3
"""收文 registrations per second through the API against raw inserts of the same rows.

A fresh demo office on SQLite. The database is copied once the server is up (the "before"
copy); then the 收发员 registers 收文 through `POST /api/v1/documents/incoming` from `--workers`
threads, each on one kept-alive connection, for `--seconds`. With the server stopped, every row
the registrations inserted, in every table (the 收文 itself, its 收文编号 sequence, the workflow
instance and its 待办, the search entry and its full-text index through the same trigger, the
audit row, notifications), is read back and inserted again into the "before" copy with Python's
sqlite3, with the same ids and values, in as many transactions as there were registrations and
in the server's WAL / `synchronous=NORMAL` mode. API rate / raw rate is what the service layer
(HTTP, authentication, validation, permission checks, jieba segmentation, the audit chain's hash,
the statements' round trips) costs on top of writing its rows. For comparison it also replays
the 收文 rows alone, which is the lower bar the first version of this script used.

The server's CPU time per registration comes from `/proc/PID/stat`, so a client that could not
keep up would show as a server that is mostly idle.

    bench/load/write_rate.py [--workers 8] [--seconds 20] [--profile release]
"""

import argparse
import http.client
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import free_port, ready  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def token(url, username, password):
    jar = CookieJar()
    op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = op.open(f"{url}/login").read().decode()
    csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode(
        {"username": username, "password": password, "_csrf": csrf, "next": "/"}
    ).encode()
    op.open(f"{url}/login", data=body)
    home = op.open(f"{url}/").read().decode()
    csrf = re.search(r'name="_csrf" value="([^"]+)"', home).group(1)
    req = urllib.request.Request(
        f"{url}/api/v1/tokens",
        data=json.dumps({"name": "写入速率"}).encode(),
        headers={"content-type": "application/json", "x-csrf-token": csrf},
    )
    return json.loads(op.open(req).read())["token"]


def cpu_s(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def tables(db):
    """Tables whose rows are replayed: not SQLite's own, not the full-text index (its trigger
    on `search_docs` fills it as it did for the server), not the migration bookkeeping."""
    names = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid")]
    return [n for n in names if not n.startswith(("sqlite_", "search_fts", "seaql_"))]


def max_rowids(path):
    db = sqlite3.connect(path)
    out = {t: db.execute(f'SELECT COALESCE(MAX(rowid), 0) FROM "{t}"').fetchone()[0]
           for t in tables(db)}
    db.close()
    return out


def replay(before_path, after_path, marks, transactions, only=None):
    """Inserts the rows `after` has beyond `marks` into `before`, spread evenly over
    `transactions` transactions; returns (rows, seconds)."""
    after = sqlite3.connect(after_path)
    batches = []
    for t, mark in marks.items():
        if only and t not in only:
            continue
        cols = [r[1] for r in after.execute(f'PRAGMA table_info("{t}")')]
        rows = after.execute(
            f'SELECT {", ".join(chr(34) + c + chr(34) for c in cols)} FROM "{t}" '
            f"WHERE rowid > ? ORDER BY rowid", (mark,)).fetchall()
        if rows:
            sql = (f'INSERT INTO "{t}" ({", ".join(chr(34) + c + chr(34) for c in cols)}) '
                   f'VALUES ({", ".join("?" for _ in cols)})')
            batches.append((sql, rows))
    after.close()
    db = sqlite3.connect(before_path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    total = sum(len(r) for _, r in batches)
    t0 = time.monotonic()
    for k in range(transactions):
        db.execute("BEGIN")
        for sql, rows in batches:
            lo, hi = len(rows) * k // transactions, len(rows) * (k + 1) // transactions
            for row in rows[lo:hi]:
                db.execute(sql, row)
        db.execute("COMMIT")
    took = time.monotonic() - t0
    db.close()
    return total, took


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--workers", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--profile", default="release")
    ap.add_argument("--binary", default="")
    args = ap.parse_args()
    target = Path(os.environ.get("CARGO_TARGET_DIR", Path.home() / ".cache" / "sanban-target"))
    binary = Path(args.binary) if args.binary else target / args.profile / "sanban"
    work = Path(tempfile.mkdtemp(prefix="sanban-write-"))
    data = work / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SANBAN_")}
    env["SANBAN_LOG"] = "warn"
    server = None
    port = free_port()
    url = f"http://127.0.0.1:{port}"

    def serve():
        p = subprocess.Popen(
            [binary, "serve", "--bind", f"127.0.0.1:{port}", "--data-dir", data, "--no-demo"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        assert ready(url, time.monotonic() + 60), "server not ready"
        return p

    def stop(p):
        p.terminate()
        p.wait(timeout=30)

    try:
        demo = subprocess.run(
            [binary, "demo", "--data-dir", data], env=env, capture_output=True, text=True,
            check=True,
        ).stdout
        password = next(
            line.split()[2] for line in demo.splitlines() if line.split()[:1] == ["zhoulei"]
        )
        server = serve()
        bearer = token(url, "zhoulei", password)
        stop(server)
        # A consistent copy of the database as it stands before any registration.
        src = sqlite3.connect(data / "sanban.db")
        dst = sqlite3.connect(work / "before.db")
        src.backup(dst)
        src.close()
        dst.close()
        marks = max_rowids(work / "before.db")
        shutil.copy(work / "before.db", work / "before-incoming.db")

        server = serve()
        done = []
        failures = []
        deadline = time.monotonic() + args.seconds

        def worker(w):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            n = 0
            while time.monotonic() < deadline:
                n += 1
                body = json.dumps({
                    "source_unit": "市人民政府办公室",
                    "source_number": f"市政办〔2026〕{w}-{n}号",
                    "title": f"关于做好第{w}组第{n}项重点工作的通知",
                    "kind": "通知",
                    "channel": "paper",
                    "source_class": "government",
                }).encode()
                try:
                    conn.request("POST", "/api/v1/documents/incoming", body=body, headers={
                        "content-type": "application/json",
                        "authorization": f"Bearer {bearer}",
                    })
                    r = conn.getresponse()
                    r.read()
                    (done if r.status == 201 else failures).append(r.status)
                except OSError as e:
                    failures.append(str(e))
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.close()

        cpu0 = cpu_s(server.pid)
        t0 = time.monotonic()
        threads = [threading.Thread(target=worker, args=(w,)) for w in range(args.workers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - t0
        cpu = cpu_s(server.pid) - cpu0
        api_rate = len(done) / elapsed
        stop(server)
        server = None

        after = sqlite3.connect(data / "sanban.db")
        per_table = {
            t: after.execute(f'SELECT COUNT(*) FROM "{t}" WHERE rowid > ?', (m,)).fetchone()[0]
            for t, m in marks.items()
        }
        after.close()
        written = {t: n for t, n in per_table.items() if n}
        rows, took = replay(work / "before.db", data / "sanban.db", marks, len(done))
        raw_rate = len(done) / took
        _, took_incoming = replay(work / "before-incoming.db", data / "sanban.db", marks,
                                  len(done), only={"doc_incoming"})
        incoming_rate = len(done) / took_incoming

        print(f"- API 收文 registrations: {len(done)} in {elapsed:.0f} s from {args.workers} "
              f"kept-alive connections = **{api_rate:.0f}/s** ({len(failures)} failed); "
              f"server CPU {cpu * 1000 / max(len(done), 1):.2f} ms per registration "
              f"({cpu / elapsed * 100:.0f} % of one core)")
        print(f"- rows each registration inserted: {rows / max(len(done), 1):.1f} "
              f"({', '.join(f'{t} {n}' for t, n in sorted(written.items()))})")
        print(f"- raw inserts of the same {rows} rows into the copy taken before, in "
              f"{len(done)} transactions: **{raw_rate:.0f} registrations/s**")
        print(f"- ratio API / raw, all rows: **{api_rate / raw_rate:.3f}** (target ≥ 0.3)")
        print(f"- for comparison, the 收文 rows alone, one transaction each: {incoming_rate:.0f}/s, "
              f"ratio {api_rate / incoming_rate:.3f}")
    finally:
        if server and server.poll() is None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
