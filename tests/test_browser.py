"""End-to-end in a real browser: Debian's chromium driven by Playwright, against
`vankien serve` started on 127.0.0.1. Screenshots go to screenshots/ (ignored by git)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from indexer.index import index_records
from tests.conftest import CHROMIUM, running_server
from tests.fixtures import ARTICLES, article

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "screenshots"
playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"
)

HOSTILE = article(
    7,
    "Bài thử <script>window.pwned=1</script> an toàn",
    'Nội dung <img src=x onerror="window.pwned=2"> về hòa giải. Đồng chí Lê Hồng Sơn dự.',
    date(2022, 2, 2),
    source_url="javascript:window.pwned=3",
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    index = tmp_path_factory.mktemp("browser-index")
    index_records(index, [*ARTICLES, HOSTILE])
    with running_server(index) as base:
        yield base


WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def page(browser):
    """A desktop page, for what does not depend on the layout (downloads, escaping)."""
    context = browser.new_context(accept_downloads=True, viewport=WIDTHS["desktop"])
    page = context.new_page()
    page.width_name = "desktop"
    yield page
    context.close()


@pytest.fixture(params=list(WIDTHS))
def any_width(browser, request):
    """A page at desktop width, then at a phone's 390 px."""
    context = browser.new_context(viewport=WIDTHS[request.param], locale="vi-VN")
    page = context.new_page()
    page.width_name = request.param
    yield page
    context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"e2e-{name}-{page.width_name}.png"), full_page=True)


def open_filters(page) -> None:
    """On a phone the facets open with the "Bộ lọc" button."""
    if page.width_name == "phone":
        page.click(".filter-toggle")


def test_search_without_diacritics_shows_highlighted_accented_results(server, any_width):
    page = any_width
    page.goto(server + "/")
    page.fill("#q", "xay dung dang")
    page.press("#q", "Enter")
    page.wait_for_selector(".hit")
    marks = page.locator(".hit .snippet mark").all_inner_texts()
    assert {"xây", "dựng", "Đảng"} <= set(marks)
    assert "xây dựng Đảng" in page.inner_text(".suggestion")
    shot(page, "search-no-diacritics")


def test_ticking_two_persons_changes_the_counts(server, any_width):
    page = any_width
    page.goto(server + "/search")
    total = lambda: int(page.inner_text(".summary strong").replace(".", ""))  # noqa: E731
    everything = total()
    open_filters(page)
    page.click("#loc-person a:has-text('Lê Hồng Sơn')")
    one = total()
    open_filters(page)
    page.click("#loc-person a:has-text('Trần Thị Thu Loan')")
    two = total()
    assert one < two <= everything
    assert page.locator(".chip").count() == 2
    shot(page, "two-persons")


def test_open_an_article_then_follow_a_code(server, any_width):
    page = any_width
    page.goto(server + "/search?q=le+hong+son+so+ket")
    page.click(".hit h3 a:has-text('sơ kết')")
    page.wait_for_selector(".panel")
    assert "Xem bài gốc" in page.inner_text(".panel")
    shot(page, "article")
    page.click(".panel a:has-text('29-NQ/TW')")
    page.wait_for_selector(".timeline")
    assert page.inner_text("h1") == "29-NQ/TW"
    assert page.locator(".timeline li").count() >= 1
    shot(page, "code")


def test_csv_export_downloads(server, page):
    page.goto(server + "/search?q=dang")
    with page.expect_download() as download:
        page.click("a.export")
    path = download.value.path()
    assert Path(path).read_text(encoding="utf-8-sig").startswith("ngày đăng,tiêu đề")


def test_injected_scripts_never_run(server, page):
    for url in [
        "/search?q=an+toan",
        "/article?id=https://a.example.vn/7.html",
        "/search?q=%3Cscript%3Ewindow.pwned%3D4%3C%2Fscript%3E",
    ]:
        page.goto(server + url)
        assert page.evaluate("window.pwned === undefined")
    assert page.locator("a[href^='javascript:']").count() == 0


def test_phone_width_is_usable(server, browser):
    context = browser.new_context(viewport={"width": 380, "height": 800})
    page = context.new_page()
    page.width_name = "380"
    page.goto(server + "/search?q=hoa+giai")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400
    shot(page, "phone")
    context.close()
