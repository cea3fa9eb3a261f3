#!/usr/bin/env python3
"""收文 registrations per second through the API against raw inserts of the same rows.

A fresh demo office on SQLite; the 收发员 registers 收文 through `POST /api/v1/documents/incoming`
from `--workers` threads for `--seconds`. Then, with the server stopped, the rows it wrote are
inserted again straight into `doc_incoming` with Python's sqlite3, one row per transaction (each
API call is one transaction too), in the same WAL mode with `synchronous=NORMAL` the server
uses, with fresh ids and 收文编号 (no audit row, search entry or workflow). The ratio is API rate / raw rate: what the service layer
(validation, 编号 sequence, audit row, search index, workflow start, HTTP) costs on top of the
row itself.

    bench/load/write_rate.py [--workers 8] [--seconds 20] [--profile release]
"""

import argparse
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--workers", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--profile", default="release")
    args = ap.parse_args()
    target = Path(os.environ.get("CARGO_TARGET_DIR", Path.home() / ".cache" / "sanban-target"))
    binary = target / args.profile / "sanban"
    work = Path(tempfile.mkdtemp(prefix="sanban-write-"))
    data = work / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SANBAN_")}
    env["SANBAN_LOG"] = "warn"
    server = None
    try:
        demo = subprocess.run(
            [binary, "demo", "--data-dir", data], env=env, capture_output=True, text=True,
            check=True,
        ).stdout
        password = next(
            line.split()[2] for line in demo.splitlines() if line.split()[:1] == ["zhoulei"]
        )
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [binary, "serve", "--bind", f"127.0.0.1:{port}", "--data-dir", data, "--no-demo"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        assert ready(url, time.monotonic() + 60), "server not ready"
        bearer = token(url, "zhoulei", password)

        done = []
        failures = []
        deadline = time.monotonic() + args.seconds

        def worker(w):
            n = 0
            while time.monotonic() < deadline:
                n += 1
                body = {
                    "source_unit": "市人民政府办公室",
                    "source_number": f"市政办〔2026〕{w}-{n}号",
                    "title": f"关于做好第{w}组第{n}项重点工作的通知",
                    "kind": "通知",
                    "channel": "paper",
                    "source_class": "government",
                }
                req = urllib.request.Request(
                    f"{url}/api/v1/documents/incoming",
                    data=json.dumps(body).encode(),
                    headers={"content-type": "application/json",
                             "authorization": f"Bearer {bearer}"},
                )
                try:
                    with urllib.request.urlopen(req, timeout=30) as r:
                        (done if r.status == 201 else failures).append(1)
                except OSError as e:
                    failures.append(str(e))

        t0 = time.monotonic()
        threads = [threading.Thread(target=worker, args=(w,)) for w in range(args.workers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        api_rate = len(done) / (time.monotonic() - t0)
        server.terminate()
        server.wait(timeout=30)
        server = None

        db = sqlite3.connect(data / "sanban.db", isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        cols = [r[1] for r in db.execute("PRAGMA table_info(doc_incoming)")]
        rows = db.execute(f"SELECT {', '.join(cols)} FROM doc_incoming").fetchall()
        top = db.execute("SELECT MAX(id) FROM doc_incoming").fetchone()[0]
        top_seq = db.execute("SELECT MAX(seq) FROM doc_incoming").fetchone()[0]
        id_at, number_at, seq_at = cols.index("id"), cols.index("number"), cols.index("seq")
        marks = ", ".join("?" for _ in cols)
        t0 = time.monotonic()
        for i, row in enumerate(rows, 1):
            row = list(row)
            row[id_at] = top + i
            row[seq_at] = top_seq + i
            row[number_at] = f"{row[number_at]}-raw"
            db.execute("BEGIN")
            db.execute(f"INSERT INTO doc_incoming ({', '.join(cols)}) VALUES ({marks})", row)
            db.execute("COMMIT")
        raw_rate = len(rows) / (time.monotonic() - t0)
        print(f"- API 收文 registrations: {len(done)} in {args.seconds:.0f} s from {args.workers} "
              f"workers = **{api_rate:.0f}/s** ({len(failures)} failed)")
        print(f"- raw inserts of the same {len(rows)} rows, one transaction each: "
              f"**{raw_rate:.0f}/s**")
        print(f"- ratio API / raw: **{api_rate / raw_rate:.3f}** (target ≥ 0.3)")
    finally:
        if server and server.poll() is None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
