"""Live-server fixture for the browser tests.

Starts Kumppani on a free port against a fresh SQLite database seeded with demo data, or
uses an already running server when KUMPPANI_E2E_BASE_URL is set. The started server sends
its mail to a local SMTP server (aiosmtpd) that the tests read (`smtp_sink`).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
DEMO_EMAIL = "admin@kumppani.example"
DEMO_PASSWORD = "kumppani-demo"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, timeout: float = 2.0) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 - loopback only
            return resp.status, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def _run_cli(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "-m", "api.cli", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"`api.cli {' '.join(args)}` failed:\n{result.stdout}\n{result.stderr}")


def _check_ready(base_url: str) -> None:
    status, body = _get(f"{base_url}/accounts")
    if status != 200 or 'id="root"' not in body:
        pytest.fail("the SPA is not served (run `npm run build` in frontend/ first)")
    request = urllib.request.Request(  # noqa: S310 - loopback only
        f"{base_url}/api/v1/auth/token",
        data=json.dumps({"email": DEMO_EMAIL, "password": DEMO_PASSWORD}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10):  # noqa: S310
            pass
    except urllib.error.HTTPError as exc:
        pytest.fail(
            f"demo admin {DEMO_EMAIL} cannot log in (HTTP {exc.code}); is seed-demo creating it?"
        )


class MailSink:
    """An aiosmtpd handler that keeps every message it receives, for the tests to read."""

    def __init__(self) -> None:
        self.port = 0
        self._messages: list[tuple[list[str], EmailMessage]] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:  # noqa: N802 - aiosmtpd's hook name
        content = getattr(envelope, "original_content", None) or getattr(envelope, "content", b"")
        message = message_from_bytes(content, policy=policy.default)
        with self._lock:
            self._messages.append((list(getattr(envelope, "rcpt_tos", [])), message))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def messages(self) -> list[tuple[list[str], EmailMessage]]:
        with self._lock:
            return list(self._messages)

    def wait_for(
        self, match: Callable[[list[str], EmailMessage], bool], timeout: float = 20.0
    ) -> EmailMessage:
        """The first message `match` accepts, polling until `timeout` seconds have passed."""
        deadline = time.monotonic() + timeout
        while True:
            for recipients, message in self.messages():
                if match(recipients, message):
                    return message
            if time.monotonic() > deadline:
                got = [(r, str(m["Subject"])) for r, m in self.messages()]
                pytest.fail(f"no matching mail within {timeout:.0f} s; received: {got}")
            time.sleep(0.25)


@pytest.fixture(scope="module")
def smtp_sink() -> Iterator[MailSink]:
    controller_mod = pytest.importorskip("aiosmtpd.controller")
    sink = MailSink()
    sink.port = _free_port()
    controller = controller_mod.Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    try:
        yield sink
    finally:
        controller.stop()


@pytest.fixture(scope="module")
def live_server(smtp_sink: MailSink) -> Iterator[str]:
    external = os.environ.get("KUMPPANI_E2E_BASE_URL")
    if external:
        base_url = external.rstrip("/")
        _check_ready(base_url)
        yield base_url
        return
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is not installed (make test installs it)")
    with tempfile.TemporaryDirectory(prefix="kumppani-e2e-") as tmp:
        port = _free_port()
        env = {
            **os.environ,
            "KUMPPANI_DATABASE_URL": f"sqlite+aiosqlite:///{tmp}/e2e.db",
            # Mail goes to the test's own SMTP server; links in it point at this server.
            "KUMPPANI_SMTP_HOST": "127.0.0.1",
            "KUMPPANI_SMTP_PORT": str(smtp_sink.port),
            "KUMPPANI_PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        }
        _run_cli(["migrate"], env)
        _run_cli(["seed-demo", "--accounts", "30"], env)
        log = Path(tmp, "server.log").open("w")  # noqa: SIM115 - closed below
        proc = subprocess.Popen(  # noqa: S603 - fixed argv
            [sys.executable, "-m", "api.cli", "serve", "--port", str(port)],
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                if proc.poll() is not None:
                    log.flush()
                    pytest.fail(f"server exited early:\n{Path(tmp, 'server.log').read_text()}")
                try:
                    if _get(f"{base_url}/healthz", timeout=1)[0] == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail("server did not answer /healthz within 60 s")
                time.sleep(0.25)
            _check_ready(base_url)
            yield base_url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
            log.close()


@pytest.fixture(scope="module")
def browser(live_server: str) -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
