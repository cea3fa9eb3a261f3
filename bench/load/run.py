#!/usr/bin/env python3
"""One load pass: a fresh demo office, its cold start and idle memory, then the office workload
of `office.py` in steps of simulated people, with the server's resident memory sampled all
along. Prints a Markdown report on stdout; progress on stderr.

    bench/load/run.py [--steps 250,500,1000] [--hold 90] [--database-url postgres://…]

The release binary is `$CARGO_TARGET_DIR/release/sanban` (build it first:
`cargo build --release -p sanban`). Everything binds to 127.0.0.1 and lives in a temporary
directory removed at the end; the server and locust are stopped by pid.
"""

import argparse
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET_MS = 200


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except FileNotFoundError:
        return None
    return None


def ready(url, deadline):
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/readyz", timeout=1) as r:
                if r.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.01)
    return False


def percentile(values, p):
    if not values:
        return float("nan")
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", default="250,500,1000,1500")
    ap.add_argument("--hold", type=float, default=90)
    ap.add_argument("--spawn-rate", type=float, default=10)
    ap.add_argument("--database-url", default="")
    ap.add_argument("--profile", default="release", help="release, or debug for a quick try")
    ap.add_argument("--binary", default="", help="the sanban binary, instead of --profile's")
    ap.add_argument("--json", default="", help="also write the figures to this file")
    args = ap.parse_args()

    target = Path(os.environ.get("CARGO_TARGET_DIR", Path.home() / ".cache" / "sanban-target"))
    binary = Path(args.binary) if args.binary else target / args.profile / "sanban"
    if not binary.is_file():
        sys.exit(f"no release binary at {binary}: cargo build --release -p sanban")
    work = Path(tempfile.mkdtemp(prefix="sanban-load-"))
    data = work / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SANBAN_")}
    env["SANBAN_LOG"] = "warn"
    db = ["--database-url", args.database_url] if args.database_url else []
    server = locust = None
    try:
        log("loading the demo office")
        demo = subprocess.run(
            [binary, "demo", "--data-dir", data, *db], env=env, capture_output=True, text=True,
            check=True,
        ).stdout
        accounts = {
            p[0]: p[2]
            for p in (line.split() for line in demo.splitlines())
            if len(p) >= 4 and re.fullmatch(r"[a-z]+", p[0]) and p[0] != "admin"
        }
        (work / "accounts.json").write_text(json.dumps(accounts), encoding="utf-8")

        port = free_port()
        url = f"http://127.0.0.1:{port}"
        t0 = time.monotonic()
        server = subprocess.Popen(
            [binary, "serve", "--bind", f"127.0.0.1:{port}", "--data-dir", data, "--no-demo", *db],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        if not ready(url, t0 + 60):
            sys.exit("server not ready in 60 s")
        cold_ms = (time.monotonic() - t0) * 1000
        time.sleep(3)
        idle_kb = rss_kb(server.pid)
        log(f"cold start {cold_ms:.0f} ms, idle RSS {idle_kb} kB")

        samples = []
        stop = threading.Event()

        def sample():
            while not stop.is_set():
                samples.append((time.monotonic(), rss_kb(server.pid)))
                stop.wait(1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        out = work / "requests.jsonl"
        lenv = dict(env)
        lenv.update(
            SANBAN_LOAD_ACCOUNTS=str(work / "accounts.json"),
            SANBAN_LOAD_STEPS=args.steps,
            SANBAN_LOAD_HOLD=str(args.hold),
            SANBAN_LOAD_SPAWN_RATE=str(args.spawn_rate),
            SANBAN_LOAD_OUT=str(out),
        )
        log(f"locust: steps {args.steps}, {args.hold:.0f} s each after the ramp")
        locust = subprocess.Popen(
            [sys.executable, "-m", "locust", "-f", HERE / "office.py", "--headless",
             "--host", url, "--only-summary", "--loglevel", "WARNING"],
            env=lenv, stdout=subprocess.DEVNULL, stderr=open(work / "locust.log", "w"),
        )
        locust.wait()
        stop.set()
        sampler.join()

        lines = out.read_text(encoding="utf-8").splitlines()
        windows = json.loads(lines[0])["windows"]
        reqs = [json.loads(x) for x in lines[1:]]
        rows = []
        steps = []
        best = 0
        for users, start, end in windows:
            inside = [r for r in reqs if start <= r[0] < end and r[1] not in ("登录页", "登录")]
            times = [r[2] for r in inside]
            errors = sum(1 for r in inside if not r[3])
            mem = [kb for t, kb in samples if start <= t < end and kb]
            p99 = percentile(times, 99)
            if p99 < TARGET_MS and errors == 0:
                best = max(best, users)
            steps.append({"people": users, "requests": len(inside), "errors": errors,
                          "p50_ms": percentile(times, 50), "p99_ms": p99,
                          "max_rss_kb": max(mem, default=0)})
            rows.append(
                f"| {users} | {len(inside) / (end - start):.1f} | {percentile(times, 50):.0f} | "
                f"{p99:.0f} | {max(times, default=0):.0f} | {errors} | "
                f"{max(mem, default=0) / 1024:.0f} |"
            )
        names = {}
        last = windows[-1] if windows else None
        if last:
            for r in reqs:
                if last[1] <= r[0] < last[2]:
                    names.setdefault(r[1], []).append(r[2])

        if args.json:
            Path(args.json).write_text(json.dumps({
                "cold_start_ms": cold_ms, "idle_rss_kb": idle_kb, "best": best, "steps": steps,
                "requests": {n: len(ts) for n, ts in names.items()},
                # The whole run, sign-ins included.
                "requests_total": len(reqs), "errors_total": sum(1 for r in reqs if not r[3]),
            }, ensure_ascii=False), encoding="utf-8")
        print(f"### {'PostgreSQL' if args.database_url else 'SQLite'}: office workload, "
              f"steps {args.steps}, {args.hold:.0f} s held each\n")
        print(f"Machine: {platform.node()}, {os.cpu_count()} cores, "
              f"{platform.platform()}, load average at the end {os.getloadavg()[0]:.1f}.\n")
        print(f"- cold start (exec to the first 200 from `/readyz`, demo office in place): "
              f"**{cold_ms:.0f} ms**")
        print(f"- idle RSS: **{(idle_kb or 0) / 1024:.1f} MB**")
        print(f"- most simulated people with p99 < {TARGET_MS} ms and no errors: **{best}**\n")
        print("| people | requests/s | p50 ms | p99 ms | max ms | errors | max RSS MB |")
        print("|---:|---:|---:|---:|---:|---:|---:|")
        print("\n".join(rows))
        if names:
            print(f"\nBy request, at {last[0]} people:\n")
            print("| request | count | p50 ms | p99 ms |")
            print("|---|---:|---:|---:|")
            for name, ts in sorted(names.items(), key=lambda kv: -len(kv[1])):
                print(f"| {name} | {len(ts)} | {percentile(ts, 50):.0f} | {percentile(ts, 99):.0f} |")
    finally:
        for p in (locust, server):
            if p and p.poll() is None:
                p.terminate()
                try:
                    p.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    p.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
