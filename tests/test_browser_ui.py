"""Issue 15 in a real browser (Debian's chromium, Playwright), at desktop and phone width:
counts equal click totals, the zero-result page, Vietnamese dates, the captured-copy
banner, navigation, the phone filter button, local fonts, charts, Excel export, help,
and an axe-core accessibility check of every page type. Screenshots go to screenshots/."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from indexer.crawl.fetch import FetchResult
from indexer.crawl.warc import WarcArchive
from indexer.index import index_records
from tests.conftest import CHROMIUM, running_server
from tests.fixtures import ARTICLES, article
from tests.test_webui_pages import EXTRA

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "screenshots"
AXE = ROOT / ".npm-tools" / "node_modules" / "axe-core" / "axe.min.js"
playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"
)
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
CAPTURED = "https://cap.example.vn/tin-tuc/1.html"
PAGE_TYPES = {
    "search": "/search?q=xay+dung+dang",
    "zero": "/search?q=99-NQ/TW",
    "article": "/article?id=https://a.example.vn/1.html",
    "code": "/code?code=05-CT/TW",
    "person": "/person?name=Lê Hồng Sơn",
    "codes": "/codes",
    "persons": "/persons",
    "issuers": "/issuers",
    "help": "/help",
    "error": "/article?id=nope",
}


# For the suggestions and the code summary: "tinh" stands in "tinh giản" here, "tỉnh"
# elsewhere, so "bien tinh" restored word by word ("biên tỉnh") matches no article's text.
SUGGEST = [
    article(
        50,
        "Tinh giản biên chế theo Nghị định 108/2014/NĐ-CP",
        "Đơn vị thực hiện tinh giản biên chế theo Nghị định 108/2014/NĐ-CP của Chính phủ.",
        date(2023, 3, 1),
    ),
    article(51, "Tỉnh đoàn tổ chức hội trại", "Tỉnh đoàn và tỉnh nhà tổ chức.", date(2023, 4, 1)),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser-ui")
    archive = WarcArchive(root / "crawl")
    html = (
        "<html><head><title>Tin</title></head><body><a href='/tin-tuc/1.html'>Trang này</a>"
        "<a href='/khac.html'>Khác</a><p>Nội dung bản lưu.</p></body></html>"
    )
    name, offset = archive.write(
        FetchResult(CAPTURED, 200, {"Content-Type": "text/html; charset=utf-8"}, html.encode()), {}
    )
    captured = article(40, "Tin có bản lưu", "Nội dung.", date(2020, 1, 1), "cap.example.vn")
    captured.url = CAPTURED
    captured.capture = {"warc": name, "offset": offset, "date": "2024-03-07T08:00:00Z"}
    index_records(root / "index", [*ARTICLES, *EXTRA, *SUGGEST, captured])
    with running_server(root / "index", "--warc", str(root / "crawl")) as base:
        yield base


@pytest.fixture(params=["desktop", "phone"])
def page(browser, request):
    viewport = DESKTOP if request.param == "desktop" else PHONE
    context = browser.new_context(accept_downloads=True, viewport=viewport, locale="vi-VN")
    page = context.new_page()
    page.width_name = request.param
    yield page
    context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{page.width_name}.png"), full_page=True)


def total(page) -> int:
    return int(page.inner_text(".summary strong").replace(".", ""))


def open_filters(page) -> None:
    """On a phone the filters sit behind the "Bộ lọc" button."""
    if page.width_name == "phone":
        assert not page.is_visible("#bo-loc")
        page.click(".filter-toggle")
        assert page.is_visible("#bo-loc")
        assert page.get_attribute(".filter-toggle", "aria-expanded") == "true"
        # The filters unfold under the button, which stays in view to fold them again.
        button, panel = (
            page.locator(".filter-toggle").bounding_box(),
            page.locator("#bo-loc").bounding_box(),
        )
        assert button["y"] >= 0 and panel["y"] >= button["y"] + button["height"]


def test_every_count_clicked_gives_that_total(server, page):
    page.goto(server + "/search")
    open_filters(page)
    links = page.locator("#bo-loc .facet li a")
    targets = [
        (links.nth(i).get_attribute("href"), int(links.nth(i).locator(".count").inner_text()))
        for i in range(links.count())
    ]
    assert len(targets) > 10
    years = page.locator("#loc-year .count").all_inner_texts()
    assert sum(map(int, years)) == total(page)  # every year plus "không rõ ngày"
    assert "không rõ ngày" in page.inner_text("#loc-year")
    shot(page, "facets")
    for href, count in targets:
        page.goto(server + href)
        assert total(page) == count, href


def test_zero_results_say_what_was_understood(server, page):
    page.goto(server + "/search?q=99-NQ/TW")
    text = page.inner_text(".results")
    assert "Không tìm thấy bài viết nào" in text and "mã văn bản 99-NQ/TW" in text
    assert "Mã gần nhất có trong chỉ mục: 29-NQ/TW" in text  # a code, not "accents"
    assert "không dấu" not in text and page.locator("ol.hits").count() == 0
    assert page.locator("#bo-loc h2").count() == 0  # no empty facet headings
    shot(page, "zero-results")
    # No indexed code is numbered 99: no link to "the codes of the same number".
    assert page.locator("text=các mã văn bản có cùng số").count() == 0
    page.goto(server + "/search?q=29-NQ/HU")  # no such code, but others numbered 29
    page.click("text=các mã văn bản có cùng số")
    page.wait_for_selector("h1")
    assert "/codes?number=29" in page.url
    assert "số 29" in page.inner_text("h1")


def test_dates_read_dd_mm_yyyy(server, page):
    page.goto(server + "/code?code=05-CT/TW")
    dates = page.locator(".timeline time").all_inner_texts()
    assert "30/05/2012" in dates and "không rõ ngày" in dates
    assert all("-" not in d for d in dates)
    assert page.locator("svg.chart rect").count() >= 2  # the chart of articles per year
    shot(page, "code")
    page.goto(server + "/person?name=Lê Hồng Sơn")
    assert "?" not in page.inner_text(".entity")
    assert page.locator("svg.chart").count() == 1
    shot(page, "person")


def test_the_captured_copy_has_a_banner_and_a_way_back(server, page):
    page.goto(server + "/capture?id=" + CAPTURED)
    banner = page.inner_text("#vankien-banner")
    assert "cap.example.vn" in banner and "07/03/2024" in banner
    shot(page, "capture")
    page.click("text=Trang này")  # a link of the copy, pointed at our copy
    assert "/capture?id=" in page.url
    page.click("text=Về bài viết trong vankien")
    page.wait_for_selector(".panel")
    assert page.inner_text("h1") == "Tin có bản lưu"


def test_browse_pages_are_reachable_and_issuers_explained(server, page):
    page.goto(server + "/")
    page.click("nav >> text=Cơ quan ban hành")
    page.wait_for_selector("table.issuers")
    assert "Ban Chấp hành Trung ương Đảng" in page.inner_text("table.issuers")
    shot(page, "issuers")
    for label in ("Mã văn bản", "Nhân vật", "Hướng dẫn"):
        assert page.locator(f"header nav >> text={label}").count() == 1


def test_fonts_cover_vietnamese_and_come_from_here(server, page):
    hosts = []
    page.on("request", lambda r: hosts.append(r.url.split("/")[2]))
    page.goto(server + "/help")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.fonts.check('16px \"Be Vietnam Pro\"', 'Nghị quyết Đảng ủy')")
    family = page.evaluate("getComputedStyle(document.querySelector('code')).fontFamily")
    assert family.startswith('"Noto Sans Mono"')
    assert page.evaluate("[...document.fonts].some(f => f.status === 'loaded')")
    assert {h for h in hosts} == {server.split("/")[2]}  # nothing from another host
    assert page.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
    shot(page, "help")


def test_excel_and_csv_downloads(server, page):
    page.goto(server + "/search?q=chi+thi")
    with page.expect_download() as download:
        page.click("a.export-xlsx")
    assert Path(download.value.path()).read_bytes()[:2] == b"PK"
    assert download.value.suggested_filename.endswith(".xlsx")


def test_highlight_prefers_the_phrase(server, page):
    page.goto(server + "/search?q=xay+dung+dang")
    shot(page, "search")
    for snippet in page.locator(".hit .snippet").all():
        html = snippet.inner_html()
        if "<mark>xây</mark> <mark>dựng</mark> <mark>Đảng</mark>" in html:
            return
    raise AssertionError("no snippet shows the phrase marked")


def test_no_horizontal_scroll(server, page):
    for url in PAGE_TYPES.values():
        page.goto(server + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= page.viewport_size["width"] + 1, url


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed (scripts/setup.sh test)")
def test_no_serious_accessibility_violation_on_any_page_type(server, browser):
    script = AXE.read_text(encoding="utf-8")
    failures = {}
    for viewport in (DESKTOP, PHONE):
        # axe is injected as an inline script, which the pages' CSP rightly forbids
        context = browser.new_context(viewport=viewport, bypass_csp=True)
        page = context.new_page()
        for name, url in {**PAGE_TYPES, "capture": "/capture?id=" + CAPTURED}.items():
            page.goto(server + url)
            page.add_script_tag(content=script)
            violations = page.evaluate(
                "async () => (await axe.run(document, {resultTypes: ['violations']}))"
                ".violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length}))"
            )
            bad = [v for v in violations if v["impact"] in ("serious", "critical")]
            if bad:
                failures[f"{name}@{viewport['width']}"] = bad
        context.close()
    assert not failures, failures


def test_a_date_range_is_typed_dd_mm_yyyy(server, page):
    page.goto(server + "/search")
    open_filters(page)
    page.fill("#tu-ngay", "01/01/2016")
    page.fill("#den-ngay", "31/12/2016")
    assert page.evaluate("document.querySelector('#tu-ngay').validity.valid")
    page.click(".daterange button")
    page.wait_for_selector(".chip")
    assert total(page) == 4
    assert page.input_value("#tu-ngay") == "01/01/2016"
    assert "Từ ngày: 01/01/2016" in page.inner_text(".chips")


def test_a_suggestion_only_when_it_helps(server, page):
    page.goto(server + "/search?q=tinh+gian+bien+che")
    assert page.inner_text(".suggestion a") == "tinh giản biên chế"
    page.goto(server + "/search?q=bien+tinh")  # "biên tỉnh" is in no article found
    assert total(page) == 1 and page.locator(".suggestion").count() == 0
    page.goto(server + "/search?q=hoa+giaii")  # nothing found; the correction finds some
    assert total(page) == 0
    assert page.locator("a:has-text('hòa giải')").count() == 1  # offered once, in the advice
    shot(page, "suggestion-zero")
    page.click(".no-results a:has-text('hòa giải')")
    page.wait_for_selector(".hit")
    assert total(page) >= 1 and page.input_value("#q") == "hòa giải"


def test_the_summary_names_a_code_as_indexed(server, page):
    page.goto(server + "/search?q=nghi+dinh+108/2014/ND-CP")
    summary = page.inner_text(".summary p")
    assert "mã: 108/2014/NĐ-CP" in summary and "ND-CP" not in summary
    assert total(page) == 1
    shot(page, "code-summary")
