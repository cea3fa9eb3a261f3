"""A short pass of the load workload (`bench/load/`), so that the benchmark keeps working and the
office workload runs without a single failed request: a few simulated people for a few seconds on
the test build. How many people one node serves is measured by the long run, not here."""

import json
import subprocess
import sys
from pathlib import Path

from conftest import _binary

ROOT = Path(__file__).resolve().parent.parent


def test_the_office_workload_runs_without_a_failed_request(tmp_path):
    out = tmp_path / "load.json"
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "load" / "run.py"), "--binary", str(_binary()),
         "--steps", "20", "--hold", "15", "--spawn-rate", "10", "--json", str(out)],
        capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    r = json.loads(out.read_text(encoding="utf-8"))
    assert r["errors_total"] == 0, r
    step = r["steps"][0]
    assert step["people"] == 20 and step["errors"] == 0, r
    # 20 people each acting every 5–15 s for 15 s, plus 20 sign-ins.
    assert r["requests_total"] >= 40, r
    assert "| 20 |" in run.stdout, run.stdout
