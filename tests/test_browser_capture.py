"""The captured copy in a real browser (Debian's chromium): it looks like the original,
with its own stylesheets and images, shows no broken picture, runs nothing and fits a
390 px phone. A portal with a 988 px layout is crawled on 127.0.0.1, then served by
`vankien serve`. Screenshots go to screenshots/ (ignored by git)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from indexer.crawl.crawler import CrawlOptions, Site, crawl
from tests.conftest import CHROMIUM, running_server
from tests.field_server import serve_pages, styled_site

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "screenshots"
playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"
)
WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.fixture(scope="module")
def copy_url(tmp_path_factory):
    """The captured copy of one crawled article, served by `vankien serve`."""
    root = tmp_path_factory.mktemp("browser-capture")
    server = serve_pages(styled_site())
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        options = CrawlOptions(
            root / "warc", root / "index", delay=0, retries=0, requisite_max_bytes=100_000
        )
        crawl([Site([base + "/tin/"], prefix="/tin/")], options)
    finally:
        server.shutdown()  # the original is gone: everything shown comes from the WARC files
        server.server_close()
    with running_server(root / "index", "--warc", str(root / "warc")) as web:
        yield web + "/capture?id=" + quote(base + "/tin/bai-2.html", safe="")


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS)
def test_the_copy_looks_like_the_original_and_fits_the_screen(browser, copy_url, width):
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    blocked = []
    page.on("console", lambda message: blocked.append(message.text))
    try:
        page.goto(copy_url)
        page.wait_for_load_state("load")
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"capture-{width}.png"), full_page=True)
        seen = page.evaluate(
            """() => ({
                scroll: document.documentElement.scrollWidth,
                heading: getComputedStyle(document.querySelector('h1')).color,
                wrap: getComputedStyle(document.querySelector('#wrap')).backgroundImage,
                images: [...document.images].map(i => [i.complete, i.naturalWidth, i.width]),
                scripts: document.scripts.length,
                changed: document.title,
            })"""
        )
    finally:
        context.close()
    assert seen["scroll"] <= width  # no horizontal scroll, even at 390 px
    assert seen["heading"] == "rgb(163, 21, 21)"  # the site's own stylesheet
    assert "/capture/asset?url=" in seen["wrap"]  # a background its stylesheet names
    assert [natural for _, natural, _ in seen["images"]] == [988, 600]  # logo, lazy picture
    assert all(done and shown <= width for done, _, shown in seen["images"])
    assert seen["scripts"] == 0 and seen["changed"] != "x"  # the site's script never ran
    assert not [m for m in blocked if "Content Security Policy" in m]  # nothing was refused
