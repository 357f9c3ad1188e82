"""Codes typed as clerks type them, on the real pages (runs only where ../shared/realdata
exists): issue 11's targets, through bench/codes.py on a sample of the codes."""

import subprocess
import sys

import pytest

from tests.conftest import REALDATA, ROOT

pytestmark = pytest.mark.skipif(
    not (REALDATA / "labels" / "dev.jsonl").exists(), reason="no realdata"
)


def test_codes_in_every_spelling_find_the_citing_articles_title_first():
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "codes.py"),
            "--realdata",
            str(REALDATA),
            "--max-codes",
            "80",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and "BELOW TARGET" not in result.stdout, result.stdout
    assert "ALL clerk" in result.stdout and "ALL other" in result.stdout
