#!/usr/bin/env bash
# Foundation benchmark of the sanban binary: size, idle memory, cold start, loopback
# throughput of the home page and of sign-in, with bench-hello (a bare axum server) as the
# ceiling. The machines this runs on are shared and noisy, so everything is measured in one
# pass and read as ratios within that pass; absolute numbers from different passes do not
# compare. The Markdown table goes to stdout, progress to stderr.
#
# Knobs (environment): CARGO_TARGET_DIR, JOBS (cargo -j), SKIP_BUILD=1, WRK_ARGS,
# ROUNDS (hello/home pairs), COLD_RUNS, LOGIN_WORKERS, LOGIN_SECONDS.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/sanban-target}
JOBS=${JOBS:-1}
WRK_ARGS=${WRK_ARGS:--t2 -c32 -d10s}
ROUNDS=${ROUNDS:-2}
COLD_RUNS=${COLD_RUNS:-5}
LOGIN_WORKERS=${LOGIN_WORKERS:-4}
LOGIN_SECONDS=${LOGIN_SECONDS:-10}
# A demo account whose password is set here, so that no printed demo password is needed.
BENCH_USER=zhangwei
BENCH_NAME=张伟
BENCH_PASS='Bench-Pass-2024'

log() { printf '[bench] %s\n' "$*" >&2; }
die() {
  log "FAILED: $*"
  [[ -f ${WORK:-}/serve.log ]] && tail -n 20 "$WORK/serve.log" >&2
  exit 1
}

for tool in cargo curl wrk python3 strip; do
  command -v "$tool" >/dev/null || die "$tool not found"
done

if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  log "cargo build --release -j $JOBS -p sanban -p bench-hello"
  (cd "$ROOT" && cargo build --release -j "$JOBS" -p sanban -p bench-hello) >&2
fi
BIN=$CARGO_TARGET_DIR/release/sanban
HELLO=$CARGO_TARGET_DIR/release/bench-hello
[[ -x $BIN && -x $HELLO ]] || die "release binaries missing in \$CARGO_TARGET_DIR"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sanban-bench.XXXXXX")
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Starts a server in the empty work directory (so no ./sanban.toml is picked up) and sets
# STARTED to its pid; the subshell execs, so the pid is the server's own.
start() {
  local logfile=$1; shift
  (cd "$WORK" && exec "$@") >"$logfile" 2>&1 &
  STARTED=$!
  PIDS+=("$STARTED")
}

# Graceful shutdown first; bounded, so a server that hangs on exit cannot stall the run.
stop() {
  local pid=$1 keep=() p i
  kill "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for p in "${PIDS[@]}"; do [[ $p == "$pid" ]] || keep+=("$p"); done
  PIDS=("${keep[@]+"${keep[@]}"}")
}

# Bounded: 30 s at most.
wait_200() {
  local url=$1 i
  for ((i = 0; i < 600; i++)); do
    curl -fsS -o /dev/null --max-time 1 "$url" 2>/dev/null && return 0
    sleep 0.05
  done
  die "$url did not answer 200 within 30 s"
}

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
CLK_TCK=$(getconf CLK_TCK)
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }

# ---------------------------------------------------------------- machine
CPU_MODEL=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
MEM_KIB=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(git -C "$ROOT" status --porcelain 2>/dev/null | grep -c . || true)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
RUSTC_BEFORE=$(pgrep -c -x rustc || true)
WRK_VERSION=$(wrk -v 2>&1 | head -1 | awk '{print $2}' || true)

# ---------------------------------------------------------------- 1. binary size
SIZE=$(stat -c %s "$BIN")
cp "$BIN" "$WORK/sanban.stripped"
strip "$WORK/sanban.stripped"
SIZE_STRIPPED=$(stat -c %s "$WORK/sanban.stripped")
HELLO_SIZE=$(stat -c %s "$HELLO")
log "size: $SIZE bytes ($SIZE_STRIPPED stripped)"

# ---------------------------------------------------------------- 3. cold start
# Idle RSS of a server that built its own database comes from the same runs.
log "cold start, --no-demo, $COLD_RUNS runs"
COLD_EMPTY=$(python3 "$HERE/coldstart.py" "$BIN" --runs "$COLD_RUNS" --no-demo --idle-rss-s 2)
log "  $COLD_EMPTY"
log "cold start, with demo, $COLD_RUNS runs"
COLD_DEMO=$(python3 "$HERE/coldstart.py" "$BIN" --runs "$COLD_RUNS" --idle-rss-s 2)
log "  $COLD_DEMO"
jget() { python3 -c 'import json,sys; v=json.loads(sys.argv[1]); print(eval(sys.argv[2], {}, v))' "$1" "$2"; }

# ---------------------------------------------------------------- data for the load runs
DATA=$WORK/data
"$BIN" demo --data-dir "$DATA" >"$WORK/demo.txt" 2>&1 || die "sanban demo (see output above)"
"$BIN" admin reset-password --username "$BENCH_USER" --password "$BENCH_PASS" --data-dir "$DATA" \
  >"$WORK/reset.txt" 2>&1 || die "reset-password: $(cat "$WORK/reset.txt")"
# With an explicit password no change is demanded at the next sign-in, so sign-ins land on /.

# ---------------------------------------------------------------- 2. idle RSS
HELLO_PORT=$(free_port)
start "$WORK/hello.log" "$HELLO" "127.0.0.1:$HELLO_PORT"
HELLO_PID=$STARTED
wait_200 "http://127.0.0.1:$HELLO_PORT/"

SAN_PORT=$(free_port)
BASE=http://127.0.0.1:$SAN_PORT
start "$WORK/serve.log" "$BIN" serve --bind "127.0.0.1:$SAN_PORT" --data-dir "$DATA"
SAN_PID=$STARTED
wait_200 "$BASE/readyz"
sleep 2
RSS_HELLO=$(rss_kib "$HELLO_PID")
RSS_SAN=$(rss_kib "$SAN_PID")
log "idle RSS: sanban $RSS_SAN KiB, hello $RSS_HELLO KiB"

# ---------------------------------------------------------------- signed-in cookie
JAR=$WORK/cookies.txt
CSRF=$(curl -fsS -c "$JAR" "$BASE/login" | grep -o 'name="_csrf" value="[^"]*"' | sed 's/.*value="//; s/"$//')
[[ -n $CSRF ]] || die "no _csrf on /login"
CODE=$(curl -sS -b "$JAR" -c "$JAR" -o /dev/null -w '%{http_code} %{redirect_url}' \
  --data-urlencode "username=$BENCH_USER" --data-urlencode "password=$BENCH_PASS" \
  --data-urlencode "_csrf=$CSRF" --data-urlencode "next=/" "$BASE/login")
[[ $CODE == "303 $BASE/" ]] || die "sign-in answered '$CODE', expected 303 to /"
SID=$(awk -F'\t' '$6 == "sanban_session" {v = $7} END {print v}' "$JAR")
[[ -n $SID ]] || die "no sanban_session cookie after sign-in"
COOKIE="sanban_session=$SID"
HOME_CHECK=$(curl -sS -H "Cookie: $COOKIE" -o "$WORK/home.html" -w '%{http_code}' "$BASE/")
[[ $HOME_CHECK == 200 ]] || die "home page answered $HOME_CHECK with the session cookie"
grep -q "您好，$BENCH_NAME" "$WORK/home.html" || die "home page does not greet $BENCH_NAME"
HOME_BYTES=$(stat -c %s "$WORK/home.html")
HELLO_BYTES=$(curl -fsS "http://127.0.0.1:$HELLO_PORT/" | wc -c)

# Does viewing a page write the session row? The expiry is recomputed on every save, so a
# change in expires_at across one GET / means the page view cost a database write.
SESSION_WRITES=n/a
if command -v sqlite3 >/dev/null; then
  sql() { sqlite3 "file:$DATA/sanban.db?mode=ro" "$1" 2>/dev/null; }
  e0=$(sql "SELECT expires_at FROM sessions WHERE id = '$SID'")
  sleep 0.1
  curl -fsS -o /dev/null -H "Cookie: $COOKIE" "$BASE/"
  e1=$(sql "SELECT expires_at FROM sessions WHERE id = '$SID'")
  if [[ -n $e0 && -n $e1 ]]; then
    [[ $e0 != "$e1" ]] && SESSION_WRITES=yes || SESSION_WRITES=no
  fi
  log "session row rewritten by one GET /: $SESSION_WRITES ($e0 -> $e1)"
fi

# ---------------------------------------------------------------- 4. throughput
read -ra WRK <<<"$WRK_ARGS"
ROWS=()
# wrk_row LABEL PID URL [COOKIE]: one bounded wrk run; also the server's CPU time per
# request, which the noise of a shared machine disturbs far less than requests/s.
wrk_row() {
  local label=$1 pid=$2 url=$3 cookie=${4:-} out c0 c1 rps p50 p99 bad n cpu
  out=$WORK/wrk.$RANDOM.txt
  local hdr=()
  [[ -n $cookie ]] && hdr=(-H "Cookie: $cookie")
  log "wrk ${WRK[*]} --latency $url  ($label)"
  c0=$(cpu_ticks "$pid")
  wrk "${WRK[@]}" --latency "${hdr[@]+"${hdr[@]}"}" "$url" >"$out"
  c1=$(cpu_ticks "$pid")
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
  p50=$(awk '$1 == "50%" {print $2}' "$out")
  p99=$(awk '$1 == "99%" {print $2}' "$out")
  n=$(awk '/requests in/ {print $1}' "$out")
  bad=$(awk '/Non-2xx or 3xx/ {print $NF}' "$out"); bad=${bad:-0}
  bad=$(awk -v b="$bad" '/Socket errors/ {gsub(",", ""); b = b "; socket errors " $4 "/" $6 "/" $8 "/" $10} END {print b}' "$out")
  cpu=$(awk -v d=$((c1 - c0)) -v t="$CLK_TCK" -v n="$n" 'BEGIN {printf "%.0f", d / t / n * 1e6}')
  LAST_RPS=$rps
  ROWS+=("| $label | $rps | $p50 | $p99 | $cpu | $bad |")
  log "  $rps req/s, p50 $p50, p99 $p99, $cpu µs CPU/req, bad: $bad"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a / b}'; }

RATIOS=()
for ((r = 1; r <= ROUNDS; r++)); do
  wrk_row "bench-hello GET / (round $r)" "$HELLO_PID" "http://127.0.0.1:$HELLO_PORT/"
  h=$LAST_RPS
  wrk_row "sanban GET / signed in, home (round $r)" "$SAN_PID" "$BASE/" "$COOKIE"
  RATIOS+=("$(ratio "$LAST_RPS" "$h")")
done
wrk_row "sanban GET /healthz (no session, no database)" "$SAN_PID" "$BASE/healthz"
wrk_row "sanban GET /readyz (one database ping)" "$SAN_PID" "$BASE/readyz"
stop "$HELLO_PID"

# ---------------------------------------------------------------- 4c. sign-in
log "login_load.py --workers $LOGIN_WORKERS --seconds $LOGIN_SECONDS"
c0=$(cpu_ticks "$SAN_PID")
LOGIN=$(python3 "$HERE/login_load.py" --url "$BASE" --username "$BENCH_USER" --password "$BENCH_PASS" \
  --workers "$LOGIN_WORKERS" --seconds "$LOGIN_SECONDS") || die "login load: $LOGIN"
c1=$(cpu_ticks "$SAN_PID")
log "  $LOGIN"
LOGIN_CPU_MS=$(awk -v d=$((c1 - c0)) -v t="$CLK_TCK" -v n="$(jget "$LOGIN" logins)" 'BEGIN {printf "%.1f", d / t / n * 1e3}')
RSS_AFTER=$(rss_kib "$SAN_PID")

# The request log (one INFO line per response) is on by default; a second server on the
# same data without it shows what the log costs.
stop "$SAN_PID"
QUIET_PORT=$(free_port)
start "$WORK/serve-quiet.log" env SANBAN_LOG=warn "$BIN" serve --bind "127.0.0.1:$QUIET_PORT" --data-dir "$DATA"
QUIET_PID=$STARTED
wait_200 "http://127.0.0.1:$QUIET_PORT/readyz"
wrk_row "sanban GET / signed in, request log off (SANBAN_LOG=warn)" "$QUIET_PID" "http://127.0.0.1:$QUIET_PORT/" "$COOKIE"
stop "$QUIET_PID"

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
RUSTC_AFTER=$(pgrep -c -x rustc || true)

# ---------------------------------------------------------------- report
cat <<EOF
### Machine and run

| | |
|---|---|
| date (UTC) | $(date -u '+%Y-%m-%d %H:%M') |
| git commit | \`$COMMIT\`$([[ $DIRTY -gt 0 ]] && echo " (+ $DIRTY uncommitted paths in the tree)") |
| \`nproc\` | $(nproc) |
| CPU | $CPU_MODEL |
| memory | $(awk -v k="$MEM_KIB" 'BEGIN {printf "%.1f GiB", k / 1048576}') |
| kernel | $(uname -r) |
| rustc | $(rustc --version 2>/dev/null | awk '{print $2}') |
| wrk | ${WRK_VERSION:-?} \`${WRK[*]} --latency\` |
| load average before / after | $LOAD_BEFORE / $LOAD_AFTER |
| other rustc processes before / after | $RUSTC_BEFORE / $RUSTC_AFTER |

### Results

| measurement | value |
|---|---|
| binary size, release \`sanban\` | $SIZE bytes ($(awk -v b="$SIZE" 'BEGIN {printf "%.1f", b / 1e6}') MB, $(mib $((SIZE / 1024))) MiB) |
| binary size after \`strip\` on a copy | $SIZE_STRIPPED bytes ($(awk -v b="$SIZE_STRIPPED" 'BEGIN {printf "%.1f", b / 1e6}') MB) |
| binary size, \`bench-hello\` | $HELLO_SIZE bytes ($(awk -v b="$HELLO_SIZE" 'BEGIN {printf "%.1f", b / 1e6}') MB) |
| idle RSS, \`sanban serve\` on a data dir with the demo (readyz + 2 s) | $RSS_SAN KiB ($(mib "$RSS_SAN") MiB) |
| idle RSS, \`sanban serve\` that created the demo itself (median of $COLD_RUNS) | $(jget "$COLD_DEMO" rss_median_kib) KiB ($(mib "$(jget "$COLD_DEMO" rss_median_kib)") MiB) |
| idle RSS, \`sanban serve --no-demo\` on a new data dir (median of $COLD_RUNS) | $(jget "$COLD_EMPTY" rss_median_kib) KiB ($(mib "$(jget "$COLD_EMPTY" rss_median_kib)") MiB) |
| idle RSS, \`bench-hello\` | $RSS_HELLO KiB ($(mib "$RSS_HELLO") MiB) |
| RSS of the first \`sanban serve\` after all its load runs | $RSS_AFTER KiB ($(mib "$RSS_AFTER") MiB) |
| cold start to first 200 from /readyz, \`--no-demo\`, median of $COLD_RUNS | $(jget "$COLD_EMPTY" median_ms) ms (runs: $(jget "$COLD_EMPTY" "', '.join(map(str, runs_ms))") ms) |
| cold start to first 200 from /readyz, with demo, median of $COLD_RUNS | $(jget "$COLD_DEMO" median_ms) ms (runs: $(jget "$COLD_DEMO" "', '.join(map(str, runs_ms))") ms) |
| sign-ins (GET /login + POST /login → 303), $LOGIN_WORKERS workers, ${LOGIN_SECONDS} s | $(jget "$LOGIN" logins_per_s) /s ($(jget "$LOGIN" logins) in $(jget "$LOGIN" seconds) s, $(jget "$LOGIN" server_errors) answered 5xx); POST p50 $(jget "$LOGIN" post_p50_ms) ms, p99 $(jget "$LOGIN" post_p99_ms) ms; server CPU $LOGIN_CPU_MS ms per sign-in |
| home page view rewrites the session row | $SESSION_WRITES |
| response size: home page / hello | $HOME_BYTES / $HELLO_BYTES bytes |

### Throughput on loopback (\`wrk ${WRK[*]} --latency\`)

| target | requests/s | p50 | p99 | server CPU µs/request | non-2xx/3xx; socket errors c/r/w/t |
|---|---|---|---|---|---|
$(printf '%s\n' "${ROWS[@]}")

Ratio home / hello, requests/s, per round: $(IFS=,; echo "${RATIOS[*]}" | sed 's/,/, /g').
EOF
