"""Shipped files are found whether treatygraph runs from a checkout or from an installed wheel."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kg.resources import resource_dir

ROOT = Path(__file__).resolve().parents[2]


def test_resource_dirs_hold_the_shipped_files():
    assert (resource_dir("ontology") / "treatygraph.ttl").is_file()
    assert list((resource_dir("ontology") / "rules").glob("*.ru"))
    assert (resource_dir("queries") / "officials.rq").is_file()
    assert (resource_dir("corpus") / "00-seed.txt").is_file()


def test_the_installed_package_works_outside_the_checkout(tmp_path):
    # run from an empty folder without the checkout on sys.path: in CI this is the installed wheel
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    code = (
        "import kg.resources as r, sys; print(r.resource_dir('ontology')); "
        "from kg.cli import main; sys.exit(main(['ingest', r.resource_dir('corpus').joinpath('00-seed.txt')"
        ".as_posix(), '--store', 'store']))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "1 articles ingested" in done.stdout
