"""The help page's pictures are made by scripts/help_screenshots.py: one per task, the
size the page shows them at, none left over."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import ROOT
from webui.views import HELP_TASKS

pytest.importorskip("playwright.sync_api")
from scripts.help_screenshots import OUT, SHOTS, SIZE  # noqa: E402


def test_the_script_makes_exactly_the_help_pages_pictures():
    pictured = {Path(task["image"]).name for task in HELP_TASKS}
    assert set(SHOTS) == pictured
    assert {path.name for path in OUT.glob("*.png")} == pictured  # none missing, none stale
    assert all(Path(task["image"]).parent.name == OUT.name for task in HELP_TASKS)


def test_the_pictures_have_the_size_the_help_page_gives_them():
    template = (ROOT / "webui" / "templates" / "help.html").read_text(encoding="utf-8")
    width, height = re.search(r'<img [^>]*width="(\d+)" height="(\d+)"', template).groups()
    assert (int(width), int(height)) == (SIZE["width"], SIZE["height"])
    for name in SHOTS:
        with Image.open(OUT / name) as picture:
            assert picture.size == (SIZE["width"], SIZE["height"]), name
