"""Quality gate on the real, hand-labelled pages (runs only where ../shared/realdata exists)."""

import subprocess
import sys

import pytest

from tests.conftest import REALDATA, ROOT

pytestmark = pytest.mark.skipif(
    not (REALDATA / "labels" / "dev.jsonl").exists(), reason="no realdata"
)


def test_extraction_meets_targets_on_real_pages():
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "extraction.py"),
            "--skip-speed",
            "--realdata",
            str(REALDATA),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "BELOW TARGET" not in result.stdout, result.stdout
    assert "Sidebar-code leaks (337-QĐ/ĐU, 417-QĐ/ĐU): 0 over" in result.stdout
