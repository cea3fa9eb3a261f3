#!/usr/bin/env python3
"""Cold start of `sanban serve`: wall time from exec to the first 200 from /readyz.

Each run gets a brand-new empty data directory, so the time includes creating the SQLite
file, the schema, the admin account and (unless --no-demo) the demo organisation.
Polling is done here rather than with curl in a shell loop, because starting a curl
process costs about as much as the interval being measured.

Optionally, after the timed part, the server is left idle and its VmRSS is read, which
gives the resident size of a process that built its own database.

Prints one JSON object on stdout.
"""

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def vm_rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def ready(port: int) -> bool:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
    try:
        conn.request("GET", "/readyz")
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


def one_run(binary: str, demo: bool, interval: float, limit: float, idle: float):
    work = tempfile.mkdtemp(prefix="sanban-cold-")
    port = free_port()
    cmd = [os.path.abspath(binary), "serve", "--bind", f"127.0.0.1:{port}", "--data-dir", os.path.join(work, "data")]
    if not demo:
        cmd.append("--no-demo")
    log = open(os.path.join(work, "serve.log"), "wb")
    # The working directory is empty so that no ./sanban.toml changes what is measured.
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=work, stdout=log, stderr=subprocess.STDOUT)
    try:
        while True:
            if ready(port):
                elapsed = time.perf_counter() - t0
                break
            if proc.poll() is not None:
                raise RuntimeError(f"sanban exited with {proc.returncode}; see {work}/serve.log")
            if time.perf_counter() - t0 > limit:
                raise RuntimeError(f"/readyz not 200 within {limit} s")
            time.sleep(interval)
        rss = None
        if idle > 0:
            time.sleep(idle)
            rss = vm_rss_kib(proc.pid)
        return elapsed, rss
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("binary")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--no-demo", action="store_true")
    p.add_argument("--interval-ms", type=float, default=5)
    p.add_argument("--limit-s", type=float, default=30)
    p.add_argument("--idle-rss-s", type=float, default=0,
                   help="after /readyz, wait this long and read VmRSS (0: do not)")
    a = p.parse_args()
    times, rss = [], []
    for _ in range(a.runs):
        t, r = one_run(a.binary, not a.no_demo, a.interval_ms / 1000, a.limit_s, a.idle_rss_s)
        times.append(t)
        if r is not None:
            rss.append(r)
    out = {
        "demo": not a.no_demo,
        "runs_ms": [round(t * 1000, 1) for t in times],
        "median_ms": round(statistics.median(times) * 1000, 1),
    }
    if rss:
        out["rss_kib"] = rss
        out["rss_median_kib"] = statistics.median(rss)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
