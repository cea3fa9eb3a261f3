#!/usr/bin/env bash
# One pass of the workflow benchmark: for each database, fill a new one with 10,000 and with
# 1,000,000 records and time the inbox and search on both, so the ratio between the two sizes
# comes from one run on one machine state. Markdown to stdout, progress to stderr.
#
#   bench/workflow/run.sh [sqlite] [postgres]     (both by default)
#
# SIZES (default "10000 1000000"), PEOPLE (2000), SAMPLES (1000) and LIKE_SAMPLES (10) change
# the run; CARGO_TARGET_DIR defaults to ~/.cache/sanban-target; SKIP_BUILD=1 reuses the binary.
# PostgreSQL comes from scripts/pg-test-server (a throw-away cluster on loopback).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

backends=("$@")
[[ ${#backends[@]} -gt 0 ]] || backends=(sqlite postgres)
sizes=${SIZES:-"10000 1000000"}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sanban-target}"
if [[ -z ${SKIP_BUILD:-} ]]; then
    cargo build --release -j 1 -p bench-workflow >&2
fi
bin=$CARGO_TARGET_DIR/release/bench-workflow
work=$(mktemp -d)
# shellcheck source=scripts/pg-test-server
source scripts/pg-test-server
trap 'pg_test_stop; rm -rf "$work"' EXIT

echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr); $(date -u +%Y-%m-%d)"
for backend in "${backends[@]}"; do
    for n in $sizes; do
        case $backend in
            sqlite) url="sqlite://$work/bench-$n.db?mode=rwc" ;;
            postgres)
                [[ -n $PG_TEST_PID ]] || pg_test_start
                db="bench_$n"
                psql -q "$SANBAN_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >&2
                url="${SANBAN_TEST_PG_URL%/*}/$db"
                ;;
            *)
                echo "unknown backend $backend" >&2
                exit 2
                ;;
        esac
        echo "== $backend, $n records" >&2
        "$bin" --db "$url" --items "$n" --people "${PEOPLE:-2000}" \
            --samples "${SAMPLES:-1000}" --like-samples "${LIKE_SAMPLES:-10}"
    done
done
