"""schemathesis against the OpenAPI document, as a signed-in user with an API token: no 5xx,
and every answer as the document describes it. A short, seeded run here; the long run is in
bench/RESULTS.md.

Each run gets a server of its own: the generated requests create departments, people and
robots, and reset passwords, which would disturb the other tests and the other run.
"""

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import ARTIFACTS, Server, _binary, _free_port, sign_in

USERS = {"admin": "Fuzz-Admin-2026", "zhangwei": "Fuzz-Zhangwei-2026"}

# Operations left out, each for a reason:
EXCLUDED_PATHS = [
    # Revoking tokens by guessed id revokes the run's own token; the rest then sees only 401.
    "/api/v1/tokens/{id}",
    # Its body is an .xlsx, which schemathesis cannot generate; tested with real sheets.
    "/api/v1/people/import",
]


@pytest.fixture
def own_server():
    data_dir = Path(tempfile.mkdtemp(prefix="sanban-fuzz-"))
    srv = Server(_binary(), data_dir, _free_port())
    try:
        srv.run("demo")
        for username, password in USERS.items():
            srv.run("admin", "reset-password", "--username", username, "--password", password)
        srv.start()
        yield srv
    finally:
        srv.stop()
        ARTIFACTS.mkdir(exist_ok=True)
        if srv.log_path.exists():
            shutil.copyfile(srv.log_path, ARTIFACTS / "fuzz-server.log")
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.mark.parametrize("username", list(USERS))
def test_api_answers_as_documented(own_server, username):
    assert importlib.util.find_spec("schemathesis"), (
        "schemathesis is not installed (scripts/test installs it with pip)"
    )
    _, _, token = sign_in(own_server.url, username, USERS[username], "接口测试")
    ARTIFACTS.mkdir(exist_ok=True)
    excluded = [arg for path in EXCLUDED_PATHS for arg in ("--exclude-path", path)]
    for attempt in range(2):
        result = subprocess.run(
            [
                sys.executable, "-m", "schemathesis.cli", "run",
                f"{own_server.url}/api/v1/openapi.json",
                "-H", f"Authorization: Bearer {token}",
                "--checks", "not_a_server_error,response_schema_conformance,status_code_conformance",
                "--max-examples", os.environ.get("SANBAN_FUZZ_EXAMPLES", "8"),
                "--seed", os.environ.get("SANBAN_FUZZ_SEED", "20261126"),
                # One worker: with two, the generator's own source introspection races (Python's ast).
                "--workers", "1",
                "--request-timeout", "30",
                *excluded,
            ],
            capture_output=True,
            text=True,
            timeout=600,
            # Its run cache lands in the working directory.
            cwd=ARTIFACTS,
        )
        # The generator itself now and then trips over its own source introspection
        # ("Runtime Error", no request sent); that is worth one more go, a finding is not.
        tool_error = "Runtime Error" in result.stdout and "FAILURES ===" not in result.stdout
        if not tool_error:
            break
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"schemathesis-{username}.txt").write_text(result.stdout + result.stderr)
    assert result.returncode == 0, result.stdout[-6000:]
    assert re.search(r"\d+ generated, \d+ passed", result.stdout), result.stdout[-2000:]
