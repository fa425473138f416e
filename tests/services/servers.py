"""Start real SPARQL servers for service-backed tests: the Oxigraph server and Virtuoso Open-Source 7.

Nothing is installed here (``.ci/services.sh`` does that): each function starts one server on a free
loopback port with its own data directory under a temporary folder, waits until it answers a query and
stops it (by its process id) when the ``with`` block ends. A missing binary skips the test, except in CI
(``CI`` set), where it fails.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

HOST = "127.0.0.1"
START_TIMEOUT = 90.0
#: Virtuoso's account of a freshly created database (documented default; the database is thrown away).
VIRTUOSO_USER = "dba"
VIRTUOSO_PASSWORD = "dba"


@dataclass
class Service:
    """A running SPARQL server: its endpoints, credentials and process."""

    name: str
    query_url: str
    update_url: str
    gsp_url: str
    process: subprocess.Popen[bytes]
    data_dir: Path
    user: str | None = None
    password: str | None = None
    log: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def settings(self) -> dict[str, Any]:
        """treatygraph setting overrides that point at this server."""
        values: dict[str, Any] = {
            "store": self.query_url,
            "update_endpoint": self.update_url,
            "gsp_endpoint": self.gsp_url,
        }
        if self.user is not None:
            values["store_user"] = self.user
            values["store_password"] = self.password
        return values

    def environ(self) -> dict[str, str]:
        """The same settings as ``TREATYGRAPH_*`` environment variables."""
        return {f"TREATYGRAPH_{k.upper()}": str(v) for k, v in self.settings().items()}


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def _missing(what: str) -> None:
    message = f"{what} is not installed (run .ci/services.sh)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _wait_until_answers(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Poll ``url`` with ``ASK {}`` until it answers 200; fail if the process dies or time runs out."""
    deadline = time.monotonic() + START_TIMEOUT
    probe = url + "?query=ASK%7B%7D"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{url}: the server exited with {process.returncode}:\n{tail}")
        try:
            with opener.open(probe, timeout=2) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {START_TIMEOUT:g} s")


def _stop(process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def find_oxigraph() -> str | None:
    """The ``oxigraph`` server binary (PyPI package ``oxigraph``), next to this Python or on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    return shutil.which("oxigraph")


@contextmanager
def oxigraph_server(root: Path) -> Iterator[Service]:
    """``oxigraph serve`` on a free loopback port with its data under ``root``. Its default graph is NOT
    the union of all graphs: the remote store asks for that per query (``union-default-graph``)."""
    binary = find_oxigraph()
    if binary is None:
        _missing("the oxigraph server (pip install oxigraph)")
    data = root / "oxigraph-data"
    data.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = root / "oxigraph.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(binary), "serve", "--location", str(data), "--bind", f"{HOST}:{port}"],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    base = f"http://{HOST}:{port}"
    try:
        _wait_until_answers(base + "/query", process, log)
        yield Service("oxigraph", base + "/query", base + "/update", base + "/store", process, data, log=log)
    finally:
        _stop(process)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = {host}:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = {host}:{http_port}
ServerRoot = {d}/vsp
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 0
"""


def find_virtuoso() -> str | None:
    """The Virtuoso server binary (Debian package ``virtuoso-opensource``)."""
    return shutil.which("virtuoso-t")


@contextmanager
def virtuoso_server(root: Path) -> Iterator[Service]:
    """Virtuoso 7 in the foreground with a fresh database under ``root``, SQL and HTTP on free loopback
    ports. Updates go to ``/sparql-auth`` and graphs to ``/sparql-graph-crud-auth``, with HTTP digest
    authentication as the database's ``dba`` account (which holds SPARQL_UPDATE)."""
    binary = find_virtuoso()
    if binary is None:
        _missing("Virtuoso (apt-get install virtuoso-opensource)")
    data = root / "virtuoso-data"
    (data / "vsp").mkdir(parents=True, exist_ok=True)
    http_port, sql_port = free_port(), free_port()
    ini = data / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=data, host=HOST, sql_port=sql_port, http_port=http_port))
    log = root / "virtuoso.out"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(binary), "+configfile", str(ini), "+foreground"],
            cwd=data,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    base = f"http://{HOST}:{http_port}"
    try:
        _wait_until_answers(base + "/sparql", process, data / "virtuoso.log")
        yield Service(
            "virtuoso",
            base + "/sparql",
            base + "/sparql-auth",
            base + "/sparql-graph-crud-auth",
            process,
            data,
            user=VIRTUOSO_USER,
            password=VIRTUOSO_PASSWORD,
            log=data / "virtuoso.log",
            extra={"sql_port": sql_port},
        )
    finally:
        _stop(process)


SERVERS = {"oxigraph": oxigraph_server, "virtuoso": virtuoso_server}

__all__ = ["SERVERS", "Service", "free_port", "oxigraph_server", "virtuoso_server"]
