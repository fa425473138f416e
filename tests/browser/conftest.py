"""Fixtures for the browser tests: a live server on a store built from the seed article, and a real
headless Chromium driven through Selenium with Debian's chromedriver (nothing is downloaded).

Needs ``apt-get install chromium chromium-driver`` and ``pip install selenium``; the tests are skipped
when either is missing. Screenshots go to ``tests/artifacts/`` (gitignored).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.config import load_settings
from kg.formats import get_format
from kg.ingest import ingest_paths
from kg.store import open_store
from tests.conftest import SEED_ARTICLE
from tests.server.conftest import LiveServer, start_server, stop_server

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,1000",
)


def start_seed_server(base: Path, extra: Path | None = None, **options: object) -> LiveServer:
    """A live server (granian, free loopback port) on a store in ``base`` built from the bundled seed
    article, with the N-Quads file ``extra`` loaded too if given; ``options`` as for ``start_server``."""
    store_dir = base / "store"
    settings = load_settings({"store": str(store_dir)}, environ={})
    with open_store(store_dir) as store:
        summary = ingest_paths(store, [SEED_ARTICLE], settings)
        assert not summary.failed, summary.line()
        if extra is not None:
            store.load_file(extra, get_format("nquads"))
    return start_server(store_dir, base / "server.log", query_timeout=20, **options)


@pytest.fixture(scope="session")
def seed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A live server on a store built from the bundled seed article."""
    server = start_seed_server(tmp_path_factory.mktemp("browser"))
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def chromium(tmp_path_factory: pytest.TempPathFactory):
    """A headless Chromium with a fresh profile; its console log is readable with ``get_log``."""
    required = bool(os.environ.get("CI"))  # CI installs the browser: a missing one is a failure there
    if required:
        from selenium import webdriver
    else:
        webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        if required:
            pytest.fail("CI=true but Debian's chromium/chromium-driver are not installed")
        pytest.skip("needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_window_size(1280, 1000)
    yield driver
    driver.quit()


@pytest.fixture
def browser(chromium, seed_server: LiveServer):
    """The shared Chromium (with the live server running) and an empty console log."""
    chromium.get_log("browser")  # drain what earlier tests left
    return chromium


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """The folder for screenshots (created if needed)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def console_problems(driver, *, allow_status: tuple[int, ...] = ()) -> list[str]:
    """Console errors and CSP violations since the last call (network errors with an allowed status skip)."""
    problems = []
    for entry in driver.get_log("browser"):
        message = entry.get("message", "")
        if entry.get("level") not in ("SEVERE", "ERROR") and "Content Security Policy" not in message:
            continue
        if entry.get("source") == "network" and any(f"status of {s}" in message for s in allow_status):
            continue
        problems.append(message)
    return problems
