"""A stored article's stylesheets and images are fetched with it and kept in the WARC
files, so that its captured copy looks like the original (servers on 127.0.0.1)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from indexer.crawl.crawler import CrawlOptions, Site, crawl
from indexer.crawl.requisites import css_references, page_requisites, rewrite_css
from indexer.crawl.state import CaptureLookup
from indexer.crawl.warc import read_capture
from tests.field_server import serve_pages, styled_site


@pytest.fixture
def styled():
    """The styled portal on 127.0.0.1: (its base URL, the paths it was asked, its pages)."""
    log: list[str] = []
    pages = styled_site()
    server = serve_pages(pages, log)
    yield f"http://127.0.0.1:{server.server_address[1]}", log, pages
    server.shutdown()
    server.server_close()


def crawl_styled(tmp_path: Path, base: str, **options) -> object:
    """Crawl the styled portal's /tin/ into `tmp_path`; the report."""
    settings = {"index_dir": tmp_path / "index", "delay": 0, "retries": 0}
    settings["requisite_max_bytes"] = 100_000
    settings.update(options)
    return crawl(
        [Site([base + "/tin/"], prefix="/tin/")], CrawlOptions(tmp_path / "warc", **settings)
    )


def test_page_requisites_are_its_stylesheets_and_images():
    tree = lxml_html.fromstring(
        '<html><head><base href="http://a.vn/tin/"><link rel="stylesheet" href="/s.css">'
        '<link rel="icon" href="/f.ico"><script src="/a.js"></script>'
        "<style>body{background:url('nen.png')}</style></head><body>"
        '<img src="x.gif" data-src="/anh.jpg"><img src="data:image/png;base64,AAAA">'
        '<td background="/o.png"></td><div style="background-image:url(&quot;/d.png&quot;)">'
        '<input type="image" src="/nut.png"></div></body></html>'
    )
    assert page_requisites(tree, "http://a.vn/tin/bai.html") == [
        "http://a.vn/s.css",
        "http://a.vn/tin/nen.png",
        "http://a.vn/anh.jpg",
        "http://a.vn/tin/x.gif",
        "http://a.vn/o.png",
        "http://a.vn/d.png",
        "http://a.vn/nut.png",
    ]


def test_css_references_and_their_rewriting():
    css = '@import "them.css"; a{background:url(../img/a.png)} b{src:url("data:x")} c{x:url()}'
    assert css_references(css, "http://a.vn/css/site.css") == [
        "http://a.vn/css/them.css",
        "http://a.vn/img/a.png",
    ]
    here = {"http://a.vn/img/a.png": "/capture/asset?url=a"}
    rewritten = rewrite_css(css, "http://a.vn/css/site.css", here.get)
    assert 'url("/capture/asset?url=a")' in rewritten and "@import" not in rewritten
    assert 'url("data:x")' in rewritten


def test_an_articles_stylesheets_and_images_are_kept_with_it(tmp_path, styled):
    base, log, _ = styled
    report = crawl_styled(tmp_path, base)
    assert report.articles == 5
    kept = [
        "/css/site.css", "/css/them.css", "/img/logo.png", "/img/anh-bai.png",
        "/img/blank.gif", "/img/nen.png",
    ]  # fmt: skip
    assert report.requisites == len(kept)
    assert report.requisites_missing == 2  # /img/mat.png (404), /img/qua-lon.png (too large)
    for path in kept:
        assert log.count(path) == 1, path  # once a run, however many pages show it
    assert "/js/app.js" not in log and "/favicon.ico" not in log  # scripts are no requisite
    with CaptureLookup(tmp_path / "warc") as lookup:
        where = lookup.find(base + "/img/logo.png")
        assert where is not None
        capture = read_capture(tmp_path / "warc", *where)
        assert capture is not None and capture.body.startswith(b"\x89PNG")
        assert lookup.find(base + "/img/mat.png") is None
    skipped = dict(report.skipped)
    assert skipped[base + "/img/qua-lon.png"] == "requisite not kept (larger than 100000 bytes)"
    assert report.exit_status() == 0 and report.pages == 6  # the articles and the listing


def test_requisites_are_asked_for_conditionally_on_the_next_crawl(tmp_path, styled):
    base, log, pages = styled
    crawl_styled(tmp_path, base)
    log.clear()
    assert crawl_styled(tmp_path, base).articles == 0  # unchanged: its requisites are kept
    assert not [p for p in log if p.startswith(("/css/", "/img/"))]
    kind, body = pages["/tin/bai-2.html"]
    pages["/tin/bai-2.html"] = (
        kind,
        body.replace(b"</article>", "<p>Cập nhật.</p></article>".encode()),
    )
    report = crawl_styled(tmp_path, base)
    assert report.articles == 1 and log.count("/css/site.css") == 1
    assert report.requisites == 0  # asked again, answered 304: nothing new kept


def test_requisites_can_be_turned_off(tmp_path, styled):
    base, log, _ = styled
    report = crawl_styled(tmp_path, base, requisite_max_bytes=0)
    assert report.requisites == 0 and not [p for p in log if p.startswith(("/css/", "/img/"))]


def test_requisites_are_not_counted_as_pages_fetched(tmp_path, styled):
    base, log, _ = styled
    report = crawl_styled(tmp_path, base)
    pages = [p for p in log if not p.startswith(("/css/", "/img/", "/robots.txt"))]
    assert report.fetched == len(pages)  # the listing, the articles, the sitemap guess
