"""Quality gate on the real, hand-labelled pages (runs only where ../shared/realdata exists)."""

import subprocess
import sys

import pytest

from tests.conftest import REALDATA, ROOT

pytestmark = pytest.mark.skipif(
    not (REALDATA / "labels" / "dev.jsonl").exists(), reason="no realdata"
)


def test_extraction_holds_its_baseline_on_sites_left_out():
    """Every site scored with its own layouts switched off: no figure below the pinned
    baseline (bench/extraction_baseline.json), body never worse than Trafilatura's, and
    no sidebar code leaking into a record."""
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "extraction.py"),
            "--leave-one-site-out",
            "--skip-speed",
            "--realdata",
            str(REALDATA),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Against the pinned baseline" in result.stdout, result.stdout
    assert "BELOW BASELINE" not in result.stdout, result.stdout
    assert "worse than Trafilatura" not in result.stdout, result.stdout
    assert "Sidebar-code leaks (337-QĐ/ĐU, 417-QĐ/ĐU): 0 over" in result.stdout
