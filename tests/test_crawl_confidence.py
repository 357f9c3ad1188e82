"""The crawler keeps articles whose body is not sure, and counts them; listings stay listings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indexer.crawl.crawler import CrawlOptions, Site, crawl
from indexer.search import SearchEngine, SearchRequest
from tests.pages import hidden_article_page, liferay_page, listing_page
from tests.site_server import Server

PAGES = {
    "/khac/trao-huy-hieu.html": hidden_article_page,
    "/khac/so-ket-cong-tac-dan-van.html": liferay_page,
    "/khac/chuyen-muc": listing_page,
}


@pytest.fixture
def server():
    server = Server()
    render = server.site.render

    def render_more(path: str, port: int) -> tuple[int, dict, bytes]:
        if path == "/khac":
            links = "".join(f'<li><a href="{p}">Bài viết tại địa chỉ {p}</a></li>' for p in PAGES)
            body = listing_page().replace("<ul class='list-news'>", f"<ul>{links}</ul><ul>")
            return 200, {"Content-Type": "text/html; charset=utf-8"}, body.encode()
        if path in PAGES:
            return 200, {"Content-Type": "text/html; charset=utf-8"}, PAGES[path]().encode()
        return render(path, port)

    server.site.render = render_more
    yield server
    server.close()


def test_unsure_article_is_indexed_and_counted(server, tmp_path: Path):
    options = CrawlOptions(
        warc_dir=tmp_path / "warc", index_dir=tmp_path / "index", delay=0, backoff=0.01
    )
    report = crawl([Site([server.base + "/khac"], prefix="/khac")], options)
    assert report.articles == 2  # the hidden article is no longer filed as a listing
    assert report.low_confidence == 1
    assert report.to_dict()["low_confidence"] == 1
    assert report.listings >= 2  # the start page and the category page among them
    engine = SearchEngine(tmp_path / "index")
    try:
        [hit] = engine.search(SearchRequest(q="Bhiăn")).hits
        assert hit.id.endswith("/khac/trao-huy-hieu.html")
        stored = {f["id"]: json.loads(f["record"]) for f in engine._searcher.all_stored_fields()}
    finally:
        engine.close()
    confidence = {url.rsplit("/", 1)[-1]: r["confidence"] for url, r in stored.items()}
    assert confidence == {"trao-huy-hieu.html": "none", "so-ket-cong-tac-dan-van.html": "found"}
