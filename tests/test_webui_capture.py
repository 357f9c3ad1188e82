"""The captured copy: a banner with whose copy it is and from when, links back, and the
copy's own links pointed at our copies."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

from indexer.crawl.fetch import FetchResult
from indexer.crawl.warc import WarcArchive
from indexer.index import index_records
from tests.test_search import article
from webui.app import create_app
from webui.capture import captured_page
from webui.settings import Settings
from webui.views import CAPTURE_CSP

FIRST = """<html><head><meta charset="windows-1258"><base href="https://cap.example.vn/tin-tuc/">
<title>Tin một</title></head><body><nav><a href="2.html">Tin hai</a>
<a href="lien-he.html" target="_blank">Liên hệ</a><a href="javascript:alert(1)">x</a></nav>
<p>Nội dung tin một về xây dựng Đảng.</p></body></html>"""
SECOND = "<html><body><p>Tin hai.</p><a href='/tin-tuc/1.html#dau'>Tin một</a></body></html>"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    root = tmp_path_factory.mktemp("captures")
    archive = WarcArchive(root / "crawl")
    records = []
    for n, html in ((1, FIRST), (2, SECOND)):
        url = f"https://cap.example.vn/tin-tuc/{n}.html"
        name, offset = archive.write(
            FetchResult(url, 200, {"Content-Type": "text/html; charset=utf-8"}, html.encode()),
            {},
        )
        record = article(
            n, f"Tin {n} xây dựng Đảng", "Nội dung.", date(2020, 1, n), "cap.example.vn"
        )
        record.url = url
        record.capture = {"warc": name, "offset": offset, "date": "2024-03-07T08:00:00Z"}
        records.append(record)
    index_records(root / "index", records)
    app = create_app(Settings(index_dir=root / "index", warc_dir=root / "crawl"))
    app.config.update(TESTING=True)
    return app.test_client()


def test_the_copy_has_a_banner_with_site_date_and_links(client):
    response = client.get("/capture?id=https://cap.example.vn/tin-tuc/1.html")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert 'id="vankien-banner"' in body and "cap.example.vn" in body and "07/03/2024" in body
    assert 'href="/article?id=https%3A%2F%2Fcap.example.vn%2Ftin-tuc%2F1.html"' in body
    assert "Xem trang gốc" in body and "sandbox" in response.headers["Content-Security-Policy"]
    assert "Nội dung tin một" in body


def test_links_in_the_copy_point_at_our_copies(client):
    body = client.get("/capture?id=https://cap.example.vn/tin-tuc/1.html").get_data(as_text=True)
    assert 'href="/capture?id=https%3A%2F%2Fcap.example.vn%2Ftin-tuc%2F2.html"' in body
    assert 'href="https://cap.example.vn/tin-tuc/lien-he.html"' in body  # not ours: absolute
    assert "javascript:" not in body and "target=" not in body and "<base" not in body
    back = client.get("/capture?id=https://cap.example.vn/tin-tuc/2.html").get_data(as_text=True)
    assert 'href="/capture?id=https%3A%2F%2Fcap.example.vn%2Ftin-tuc%2F1.html"' in back


def test_plain_text_copies_are_shown_escaped():
    page = captured_page(
        b"<b>x</b> \xc4\x91", "text/plain", "https://a.vn/", "<div>B</div>", lambda u: None
    )
    assert "&lt;b&gt;x&lt;/b&gt; đ" in page and page.index("<div>B</div>") < page.index("<pre>")


# -- the copy's own look: stylesheets and images from the WARC files, nothing active ------

STYLED = """<html><head><meta name="viewport" content="width=1024">
<link rel="stylesheet" href="/css/site.css"><link rel="stylesheet" href="/css/mat.css">
<link rel="icon" href="/favicon.ico"><script src="/js/app.js"></script>
<style>#wrap{background:url(/img/nen.png)} p{background:url(/img/mat.png)}</style></head>
<body onload="x()"><div id="wrap"><img src="/img/logo.png" width="988" height="120">
<img src="/img/blank.gif" data-src="/img/anh.png" srcset="/img/anh-2x.png 2x">
<img src="/img/mat.png" alt="Ảnh đã mất" width="300" height="200"><img src="/img/mat-2.png">
<img src="data:image/png;base64,iVBORw0KGgo="><iframe src="https://video.example.vn/"></iframe>
<table width="988"><tr><td background="/img/mat.png">Nội dung bài.</td></tr></table>
</div></body></html>"""
KEPT = {"/css/site.css", "/img/nen.png", "/img/logo.png", "/img/anh.png"}


def local_asset(url: str) -> str | None:
    path = url.removeprefix("https://cap.example.vn")
    return f"/capture/asset?url={path}" if path in KEPT else None


def styled_copy() -> BeautifulSoup:
    page = captured_page(
        STYLED.encode(), "text/html", "https://cap.example.vn/tin/1.html", "<div>B</div>",
        lambda url: None, local_asset,
    )  # fmt: skip
    return BeautifulSoup(page, "lxml")


def test_the_copys_stylesheets_and_images_are_ours_and_nothing_runs():
    soup = styled_copy()
    sheets = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
    assert sheets == ["/capture/asset?url=/css/site.css"]  # the one we do not hold: dropped
    images = [img["src"] for img in soup.find_all("img")]
    assert images == [
        "/capture/asset?url=/img/logo.png",
        "/capture/asset?url=/img/anh.png",  # the lazy-loaded picture itself, not the blank
        "data:image/png;base64,iVBORw0KGgo=",
    ]
    assert not soup.find_all(["script", "iframe"]) and not soup.find("link", rel="icon")
    assert not soup.body.has_attr("onload") and not soup.find(srcset=True)
    style = soup.find("style", id=False).string
    assert 'url("/capture/asset?url=/img/nen.png")' in style and 'url("data:,")' in style
    assert not soup.find("td").has_attr("background")


def test_a_lost_picture_leaves_an_empty_box_of_its_size_or_nothing():
    soup = styled_copy()
    [box] = soup.find_all("span", attrs={"aria-hidden": "true"})
    assert "width:300px;height:200px" in box["style"]
    assert "Ảnh đã mất" not in str(soup)  # no broken-image icon, no alt text in its place


def test_the_copy_fits_a_phone():
    soup = styled_copy()
    [viewport] = soup.find_all("meta", attrs={"name": "viewport"})
    assert viewport["content"] == "width=device-width, initial-scale=1"
    fit = soup.find("style", id="vankien-fit")
    assert fit is not None and "max-width:100%" in fit.string
    assert soup.head.find_all("style")[-1] is fit  # after the page's own styles
    assert soup.find("table").has_attr("data-layout")  # 988 px wide: a layout table


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """The styled portal crawled (requisites kept) and served by the app."""
    from indexer.crawl.crawler import CrawlOptions, Site, crawl
    from tests.field_server import serve_pages, styled_site

    root = tmp_path_factory.mktemp("styled")
    server = serve_pages(styled_site())
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        crawl(
            [Site([base + "/tin/"], prefix="/tin/")],
            CrawlOptions(
                root / "warc", root / "index", delay=0, retries=0, requisite_max_bytes=100_000
            ),
        )
    finally:
        server.shutdown()
        server.server_close()
    app = create_app(Settings(index_dir=root / "index", warc_dir=root / "warc"))
    app.config.update(TESTING=True)
    return base, app.test_client()


def test_the_capture_policy_runs_no_script_and_loads_only_our_own():
    policy = {part.split()[0]: part.split()[1:] for part in CAPTURE_CSP.split("; ") if part.strip()}
    assert policy["sandbox"] == [] and "script-src" not in policy  # sandbox: no scripts
    assert policy["default-src"] == ["'none'"]
    assert policy["style-src"][0] == "'self'" and policy["img-src"] == ["'self'", "data:"]


def test_a_crawled_copy_is_served_with_its_own_stylesheets_and_images(crawled):
    base, client = crawled
    response = client.get("/capture", query_string={"id": base + "/tin/bai-1.html"})
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"] == CAPTURE_CSP
    soup = BeautifulSoup(response.get_data(as_text=True), "lxml")
    sheet = soup.find("link", rel="stylesheet")["href"]
    assert sheet == "/capture/asset?url=" + quote(base + "/css/site.css", safe="")
    css = client.get(sheet)
    assert css.status_code == 200 and css.headers["Content-Type"] == "text/css; charset=utf-8"
    assert "sandbox" in css.headers["Content-Security-Policy"]
    text = css.get_data(as_text=True)
    assert '@import "/capture/asset?url=' in text and 'url("/capture/asset?url=' in text
    logo = client.get(soup.find("img")["src"])
    assert logo.status_code == 200 and logo.headers["Content-Type"] == "image/png"
    assert logo.data.startswith(b"\x89PNG")
    assert [i["src"] for i in soup.find_all("img")] == [
        "/capture/asset?url=" + quote(base + path, safe="")
        for path in ("/img/logo.png", "/img/anh-bai.png")
    ]


@pytest.mark.parametrize("path", ["/js/app.js", "/tin/bai-1.html", "/img/mat.png", ""])
def test_only_kept_stylesheets_and_images_are_served(crawled, path):
    base, client = crawled
    response = client.get("/capture/asset", query_string={"url": base + path if path else ""})
    assert response.status_code == 404 if path else response.status_code in (400, 404)
