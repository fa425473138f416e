"""A short run of each atheris harness in ``fuzz/`` (the longer campaign is described in fuzz/README.md)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.hardening.conftest import ROOT

HARNESSES = ["fuzz_article.py", "fuzz_negotiation.py"]


@pytest.mark.slow
@pytest.mark.parametrize("harness", HARNESSES)
def test_fuzz_harness_short_run(harness: str, tmp_path) -> None:
    pytest.importorskip("atheris")
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "fuzz" / harness),
            "-runs=2000",
            "-max_len=4096",
            f"-artifact_prefix={tmp_path}/",
        ],
        cwd=tmp_path,
        capture_output=True,
        timeout=300,
    )
    log = run.stderr.decode(errors="replace")
    assert run.returncode == 0, log[-3000:]
    assert "Done 2000 runs" in log
