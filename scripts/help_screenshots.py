"""Make the help page's pictures from the bundled corpus, in Debian's chromium.

.venv/bin/python scripts/help_screenshots.py      # writes webui/static/help/*.png
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from indexer.extract.parse import parse_paths  # noqa: E402
from indexer.index import index_records  # noqa: E402
from tests.conftest import running_server  # noqa: E402

# One picture per task of the help page (webui/views.py, HELP_TASKS): its file name and
# the page it shows. tests/test_help_screenshots.py checks that the two lists agree.
SHOTS = {
    "tra-ma.png": "/search?q=29-NQ/TW",
    "trang-nguoi.png": "/person?name=Nguyễn Hữu Khoa",
    "loc-nam.png": "/search?q=so+ket&year=2017",
}
OUT = ROOT / "webui" / "static" / "help"
SIZE = {"width": 900, "height": 560}  # as the help page's <img> says


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        index_records(folder, parse_paths([str(ROOT / "corpus" / "sites")]))
        with running_server(Path(folder), "--workers", "1") as base, sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport=SIZE, locale="vi-VN")
            for name, url in SHOTS.items():
                page.goto(base + url)  # once to warm the index, so the time shown is typical
                page.goto(base + url)
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(OUT / name))
                print(OUT / name)
            browser.close()


if __name__ == "__main__":
    main()
