#!/usr/bin/env python3
"""Sign-in throughput: each worker repeats GET /login then POST /login for a fixed time.

A successful sign-in rotates the session id, so every attempt starts from a fresh
GET /login (no cookie) to get a new session and its CSRF token. Only the correct password
is ever sent: wrong ones would trip the lockout (5 failures per account or address) and
the run would measure the refusal page instead of argon2. A worker stops at the first
answer that is neither the expected 303 nor a server error (5xx), so a misconfiguration cannot hammer the throttle.

Prints one JSON object on stdout: sign-ins per second and latency of the POST alone
(the GET is cheap and its time is reported separately).
"""

import argparse
import http.client
import json
import re
import statistics
import sys
import threading
import time
import urllib.parse

CSRF_RE = re.compile(rb'name="_csrf" value="([^"]+)"')


def session_cookie(resp) -> str | None:
    for name, value in resp.getheaders():
        if name.lower() == "set-cookie" and value.startswith("sanban_session="):
            return value.split(";", 1)[0]
    return None


def percentile(sorted_values, q):
    if not sorted_values:
        return None
    i = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[i]


def worker(host, port, username, password, deadline, out, lock):
    ok, server_errors, errors, post_lat, get_lat = 0, 0, [], [], []
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        while time.perf_counter() < deadline:
            t0 = time.perf_counter()
            conn.request("GET", "/login")
            r = conn.getresponse()
            body = r.read()
            cookie = session_cookie(r)
            m = CSRF_RE.search(body)
            if r.status != 200 or cookie is None or m is None:
                errors.append(f"GET /login: {r.status}, cookie={cookie is not None}, csrf={m is not None}")
                break
            t1 = time.perf_counter()
            form = urllib.parse.urlencode({
                "username": username,
                "password": password,
                "_csrf": m.group(1).decode(),
                "next": "/",
            })
            conn.request("POST", "/login", body=form, headers={
                "Cookie": cookie,
                "Content-Type": "application/x-www-form-urlencoded",
            })
            r = conn.getresponse()
            r.read()
            t2 = time.perf_counter()
            if r.status >= 500:
                # The password was right, so a server error is no failed attempt for the
                # throttle; count it and go on, since it is part of what is measured.
                server_errors += 1
                continue
            if r.status != 303 or r.getheader("Location") != "/":
                errors.append(f"POST /login: {r.status} Location={r.getheader('Location')}")
                break
            ok += 1
            get_lat.append(t1 - t0)
            post_lat.append(t2 - t1)
    except OSError as e:
        errors.append(f"{type(e).__name__}: {e}")
    finally:
        conn.close()
    with lock:
        out["ok"] += ok
        out["server_errors"] += server_errors
        out["errors"].extend(errors)
        out["post"].extend(post_lat)
        out["get"].extend(get_lat)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--url", required=True, help="e.g. http://127.0.0.1:8080")
    p.add_argument("--username", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--seconds", type=float, default=10)
    a = p.parse_args()
    u = urllib.parse.urlsplit(a.url)
    if u.hostname not in ("127.0.0.1", "localhost", "::1"):
        print("refusing to load anything but loopback", file=sys.stderr)
        return 2

    out = {"ok": 0, "server_errors": 0, "errors": [], "post": [], "get": []}
    lock = threading.Lock()
    start = time.perf_counter()
    deadline = start + a.seconds
    threads = [
        threading.Thread(target=worker, args=(u.hostname, u.port or 80, a.username, a.password,
                                              deadline, out, lock))
        for _ in range(a.workers)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    post = sorted(out["post"])
    get = sorted(out["get"])
    ms = lambda v: None if v is None else round(v * 1000, 1)  # noqa: E731
    print(json.dumps({
        "workers": a.workers,
        "seconds": round(elapsed, 2),
        "logins": out["ok"],
        "logins_per_s": round(out["ok"] / elapsed, 1),
        "server_errors": out["server_errors"],
        "post_p50_ms": ms(percentile(post, 0.50)),
        "post_p99_ms": ms(percentile(post, 0.99)),
        "post_mean_ms": ms(statistics.fmean(post)) if post else None,
        "get_p50_ms": ms(percentile(get, 0.50)),
        "errors": out["errors"][:5],
    }))
    return 0 if out["ok"] > 0 and not out["errors"] else 1


if __name__ == "__main__":
    sys.exit(main())
