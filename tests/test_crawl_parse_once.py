"""The crawler parses each fetched page once: the links and the record share one tree."""

from __future__ import annotations

import lxml.html

from indexer.crawl import crawler as crawl_module
from indexer.crawl.crawler import CrawlOptions, Site, crawl
from indexer.crawl.discover import html_links, tree_links
from indexer.extract.html import extract_html, parse_tree
from tests.site_server import Server

PAGE = """<html><head><title>Hội nghị sơ kết công tác Đảng</title>
<link rel="canonical" href="/tin/bai-1.html"></head><body>
<a href="/tin/bai-2.html">Bài 2</a> <a href="javascript:__doPostBack('x','')">x</a>
<h1>Hội nghị sơ kết công tác Đảng</h1>
<p>Sáng ngày 04/8/2017, Đảng bộ tổ chức hội nghị sơ kết công tác xây dựng Đảng.</p>
</body></html>"""


def test_links_of_a_parsed_tree_are_the_links_of_the_page():
    assert tree_links(parse_tree(PAGE), "http://a.vn/x") == html_links(PAGE, "http://a.vn/x")


def test_extracting_from_a_given_tree_is_extracting_from_the_html():
    tree = parse_tree(PAGE)
    given = extract_html(PAGE, base_url="http://a.vn/tin/bai-1.html", tree=tree)
    assert given == extract_html(PAGE, base_url="http://a.vn/tin/bai-1.html")
    assert given.title


def test_each_html_page_is_parsed_once_during_a_crawl(tmp_path, monkeypatch):
    parses = {"now": 0}
    per_page: list[int] = []
    original_parse, original_page = lxml.html.document_fromstring, crawl_module.Crawler._page

    def counting(html, *args, **kwargs):  # noqa: ANN001, ANN202
        parses["now"] += 1
        return original_parse(html, *args, **kwargs)

    def page(self, *args, **kwargs):  # noqa: ANN001, ANN202
        parses["now"] = 0
        original_page(self, *args, **kwargs)
        per_page.append(parses["now"])

    monkeypatch.setattr(lxml.html, "document_fromstring", counting)
    monkeypatch.setattr(crawl_module.Crawler, "_page", page)
    server = Server()
    try:
        options = CrawlOptions(warc_dir=tmp_path / "warc", delay=0, backoff=0.01, retries=2)
        report = crawl([Site([server.base + "/tin-tuc"])], options)
    finally:
        server.close()
    assert report.articles >= 5
    assert len(per_page) >= report.articles
    assert set(per_page) == {1}, f"parses per fetched page: {per_page}"


def test_indexing_a_crawl_uses_the_records_parsed_while_crawling(tmp_path, monkeypatch):
    calls = {"parse": 0, "page": 0}
    original_parse, original_page = crawl_module.parse_bytes, crawl_module.Crawler._page

    def parse(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        # Pages only: an attached file (the site's /tep.pdf) is read once, when indexed.
        calls["parse"] += "html" in (kwargs.get("content_type") or "")
        return original_parse(*args, **kwargs)

    def page(self, *args, **kwargs):  # noqa: ANN001, ANN202
        calls["page"] += 1
        original_page(self, *args, **kwargs)

    monkeypatch.setattr(crawl_module, "parse_bytes", parse)
    monkeypatch.setattr(crawl_module.Crawler, "_page", page)
    server = Server()
    try:
        options = CrawlOptions(
            warc_dir=tmp_path / "warc", index_dir=tmp_path / "index", delay=0, retries=2
        )
        report = crawl([Site([server.base + "/tin-tuc"])], options)
    finally:
        server.close()
    assert report.indexed["added"] == report.articles >= 5
    # None more at index time, but for attached files: they are read when indexed (OCR).
    assert 0 < calls["parse"] - report.attachments <= calls["page"], calls
