"""A read-only SPARQL 1.1 Protocol endpoint over a build: the Oxigraph server, not one of our own.

``kg serve`` checks the build folder (:func:`kg.build.open_build`: complete, up to date), then
replaces itself with ``oxigraph serve-read-only --location BUILD/store``: the server from the
PyPI ``oxigraph`` package, the same version as the ``pyoxigraph`` library that wrote the store.
The server answers ``/query`` (GET and POST, results as SPARQL JSON, XML, CSV or TSV by the
``Accept`` header; Turtle, N-Triples … for CONSTRUCT and DESCRIBE), refuses ``/update`` and
every write, and stops each query after the timeout. The store's default graph is the union of
the named graphs (the build writes it so), as for ``kg ask`` and ``kg sparql``.

Two things about the timeout, measured with oxigraph 0.5.13: results stream, so a cancelled
query has already sent status 200 and the head, and its body ends with "The SPARQL operation
has been cancelled" instead of valid results (clients see a parse error); and the deadline is
checked between evaluation steps, so some shapes overrun it (a three-way cross product under
``COUNT`` ran 71 s with a 2 s timeout, a two-way one stopped at 2 s).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KGError

__all__ = ["ServeError", "ServerPlan", "oxigraph_executable", "plan_server", "serve"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT_S = 30


class ServeError(KGError):
    """The endpoint cannot be started (no server program, or a version that does not match)."""


@dataclass(frozen=True)
class ServerPlan:
    """The server command for one build, and where it will answer."""

    argv: list[str]
    store: Path
    url: str


def oxigraph_executable() -> str:
    """Return the path of the ``oxigraph`` program that matches the installed ``pyoxigraph``.

    Raises:
        ServeError: No ``oxigraph`` program, or its version differs from ``pyoxigraph``'s
            (the server must read the store format the library wrote).
    """
    import pyoxigraph

    beside_python = Path(sys.executable).parent / "oxigraph"
    found = str(beside_python) if beside_python.is_file() else shutil.which("oxigraph")
    if found is None:
        raise ServeError("the oxigraph server is not installed: pip install "
                         f"'oxigraph=={pyoxigraph.__version__}'")
    try:
        printed = subprocess.run([found, "--version"], capture_output=True, text=True, timeout=30,
                                 check=True).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise ServeError(f"{found} does not run: {exc}") from None
    match = re.search(r"(\d+\.\d+\.\d+\S*)", printed)
    version = match.group(1) if match else printed.strip()
    if version != pyoxigraph.__version__:
        raise ServeError(f"{found} is oxigraph {version} but the store was written by pyoxigraph "
                         f"{pyoxigraph.__version__}: pip install 'oxigraph=={pyoxigraph.__version__}'")
    return found


def plan_server(build_dir: Path, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                timeout_s: int = DEFAULT_TIMEOUT_S) -> ServerPlan:
    """Check the build and return the read-only server command for it.

    Args:
        build_dir: A finished, up-to-date build folder.
        host: Address to listen on (loopback by default; anything else exposes the graph).
        port: TCP port.
        timeout_s: Seconds after which a query is stopped.

    Raises:
        BuildError: The build is missing, incomplete or out of date.
        ServeError: The server program is missing or of another version.
    """
    from kg.build import STORE_DIR, open_build

    build = open_build(build_dir)  # raises with "run kg build" when the folder is not usable
    store = build.dir / STORE_DIR
    del build  # release our read-only handle before the server opens the store
    program = oxigraph_executable()
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    argv = [program, "serve-read-only", "--location", str(store), "--bind", bind, "--timeout-s", str(timeout_s)]
    shown = f"[{host}]" if ":" in host else host
    return ServerPlan(argv=argv, store=store, url=f"http://{shown}:{port}/query")


def serve(plan: ServerPlan) -> None:
    """Replace this process with the server (it never returns on success).

    Raises:
        ServeError: The program could not be started.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        os.execv(plan.argv[0], plan.argv)
    except OSError as exc:
        raise ServeError(f"cannot start {plan.argv[0]}: {exc}") from None
