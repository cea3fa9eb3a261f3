"""Browser tests: one real `sanban serve` with the demo organisation, driven by Debian's Chromium.

The binary is `$SANBAN_BIN`, else `$CARGO_TARGET_DIR/debug/sanban`; the browser is
`$SANBAN_CHROMIUM`, else /usr/bin/chromium. Screenshots go to artifacts/screenshots/.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import requests
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"

# Known passwords for the demo accounts the tests sign in as; the demo itself picks random ones.
PASSWORDS = {
    "zhangwei": "E2e-Zhangwei-2024",
    "hejing": "E2e-Hejing-2024",
    "zhoulei": "E2e-Zhoulei-2024",
    "liminghua": "E2e-Liminghua-2024",
    "majun": "E2e-Majun-2024",
    "linfang": "E2e-Linfang-2024",
    "liuxiaoyan": "E2e-Liuxiaoyan-2024",
    "wumin": "E2e-Wumin-2024",
}

# The machine has no internet: without these Chromium keeps dialling out and logs refusals.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

READY_TIMEOUT_S = 60
STOP_TIMEOUT_S = 15


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "runs_last: locks 127.0.0.1 out of logging in, so it must run after every other test",
    )


def pytest_collection_modifyitems(session, config, items):
    # Stable sort: everything else keeps its order, the address-locking tests move to the end.
    items.sort(key=lambda item: item.get_closest_marker("runs_last") is not None)


def _binary() -> Path:
    if os.environ.get("SANBAN_BIN"):
        return Path(os.environ["SANBAN_BIN"])
    target = os.environ.get("CARGO_TARGET_DIR") or str(Path.home() / ".cache" / "sanban-target")
    return Path(target) / "debug" / "sanban"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sign_in(base: str, username: str, password: str, token_name: str) -> tuple:
    """Signs in as a browser would and makes an API token: (browser session, its CSRF token,
    the API token)."""
    s = requests.Session()
    page = s.get(f"{base}/login").text
    csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    r = s.post(
        f"{base}/login",
        data={"username": username, "password": password, "_csrf": csrf, "next": "/"},
        allow_redirects=False,
    )
    assert r.status_code == 303, f"login of {username}: {r.status_code}"
    csrf = re.search(r'name="_csrf" value="([^"]+)"', s.get(f"{base}/").text).group(1)
    r = s.post(f"{base}/api/v1/tokens", json={"name": token_name}, headers={"x-csrf-token": csrf})
    assert r.status_code == 200, r.text
    return s, csrf, r.json()["token"]


def _child_env() -> dict:
    # Sanban reads SANBAN_* as configuration: a SANBAN_DATABASE_URL or SANBAN_LOGIN_MAX_FAILURES
    # left in the caller's shell would change the server under test, which gets only what the
    # fixture passes.
    return {k: v for k, v in os.environ.items() if not k.startswith("SANBAN_")}


class Server:
    def __init__(self, binary: Path, data_dir: Path, port: int):
        self.binary = binary
        self.data_dir = data_dir
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = data_dir / "server.log"
        self.proc = None

    def run(self, *args: str) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [str(self.binary), *args, "--data-dir", str(self.data_dir)],
            env=_child_env(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if result.returncode != 0:
            # The output of `demo` lists passwords; this is a throw-away database.
            raise RuntimeError(
                f"sanban {' '.join(args[:2])} failed ({result.returncode}):\n"
                f"{result.stdout}\n{result.stderr}"
            )
        return result

    def start(self):
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [
                str(self.binary), "serve",
                "--bind", f"127.0.0.1:{self.port}",
                "--data-dir", str(self.data_dir),
                "--no-demo",
            ],
            env=_child_env(),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"sanban serve exited with {self.proc.returncode}:\n{self.log_path.read_text()}"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/readyz", timeout=2) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(
            f"sanban serve not ready within {READY_TIMEOUT_S}s:\n{self.log_path.read_text()}"
        )

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=STOP_TIMEOUT_S)


@pytest.fixture(scope="session")
def server():
    binary = _binary()
    if not binary.is_file():
        pytest.exit(f"no sanban binary at {binary}: run `cargo build -p sanban` first", returncode=3)
    data_dir = Path(tempfile.mkdtemp(prefix="sanban-e2e-"))
    srv = Server(binary, data_dir, _free_port())
    try:
        srv.run("demo")
        for username, password in PASSWORDS.items():
            srv.run("admin", "reset-password", "--username", username, "--password", password)
        srv.start()
        yield srv
    finally:
        srv.stop()
        # Kept for whoever has to read why a test failed.
        ARTIFACTS.mkdir(exist_ok=True)
        if srv.log_path.exists():
            shutil.copyfile(srv.log_path, ARTIFACTS / "e2e-server.log")
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    executable = os.environ.get("SANBAN_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _watch_policy(page, refused: list):
    """Collects what the Content-Security-Policy refused on the page: a template that still
    carries inline script would silently not work."""
    page.on(
        "console",
        lambda m: refused.append(m.text)
        if "Content Security Policy" in m.text or "Refused to" in m.text
        else None,
    )


@pytest.fixture
def desktop(browser, server):
    context = browser.new_context(
        base_url=server.url, viewport={"width": 1280, "height": 800}, locale="zh-CN"
    )
    page = context.new_page()
    refused = []
    _watch_policy(page, refused)
    yield page
    context.close()
    assert not refused, refused


@pytest.fixture
def phone(browser, server):
    context = browser.new_context(
        base_url=server.url,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
    )
    page = context.new_page()
    refused = []
    _watch_policy(page, refused)
    yield page
    context.close()
    assert not refused, refused


@pytest.fixture
def new_context(browser, server):
    """A factory for extra, isolated browser contexts (own cookies), closed after the test."""
    contexts = []
    refused = []

    def make(**kwargs):
        kwargs.setdefault("viewport", {"width": 1280, "height": 800})
        context = browser.new_context(base_url=server.url, locale="zh-CN", **kwargs)
        contexts.append(context)
        page = context.new_page()
        _watch_policy(page, refused)
        return page

    yield make
    for context in contexts:
        context.close()
    assert not refused, refused


@pytest.fixture(scope="session")
def shot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str):
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take
