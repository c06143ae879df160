"""Shared by the tests that talk to a live server (Neo4j, Fuseki, ``kg serve``).

``scripts/test.sh`` starts Neo4j and Fuseki and exports their addresses. Without them the live
tests skip on a developer's machine but FAIL in CI (``CI`` set), so a broken start-up can never
pass as a green run with everything skipped.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SCRIPTS = REPO / "scripts"


def require_env(name: str, how: str) -> str:
    """Return the environment variable ``name``; skip without it, or fail in CI."""
    value = os.environ.get(name)
    if value:
        return value
    message = f"{name} is not set: {how}"
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI must run every live test)")
    pytest.skip(message)


def free_port() -> int:
    """Return a TCP port that is free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes] | None = None, timeout: float = 60) -> None:
    """Wait until something accepts connections on 127.0.0.1:``port``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"the server exited with {process.returncode} before listening on {port}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")
