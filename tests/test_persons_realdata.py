"""Persons gate on the real, hand-labelled pages (runs only where ../shared/realdata exists)."""

import subprocess
import sys

import pytest

from tests.conftest import REALDATA, ROOT

pytestmark = pytest.mark.skipif(
    not (REALDATA / "labels" / "dev.jsonl").exists(), reason="no realdata"
)


@pytest.mark.parametrize("layouts", [[], ["--no-layouts"]])
def test_persons_meet_targets_on_every_labelled_site(layouts):
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "persons.py"),
            "--top",
            "0",
            "--realdata",
            str(REALDATA),
            *layouts,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    sites = [line for line in result.stdout.splitlines() if line.startswith(("html/", "text/"))]
    assert len(sites) >= 9, result.stdout
    assert "BELOW TARGET" not in result.stdout, result.stdout
