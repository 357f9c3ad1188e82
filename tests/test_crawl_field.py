"""Crawling sites the way real servers serve them (servers started on 127.0.0.1)."""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import socket
import textwrap
from pathlib import Path

import pytest

from indexer.cli import main as vankien
from indexer.crawl.crawler import CrawlOptions, ExitStatus, Site, _Lock, crawl
from indexer.crawl.discover import html_links, looks_like_listing_url, xml_links
from indexer.extract.soft404 import MAX_HEADINGS, is_soft_404
from indexer.search import SearchEngine
from tests.field_server import (
    ARTICLES,
    FOLDER_ARTICLES,
    FieldSite,
    folder_site,
    serve_field,
    serve_folder,
)
from tests.work import calls_made, measured


def options(tmp_path: Path, **kwargs) -> CrawlOptions:
    defaults = {"index_dir": tmp_path / "index", "delay": 0, "backoff": 0.01, "retries": 0}
    return CrawlOptions(warc_dir=tmp_path / "warc", timeout=5, **{**defaults, **kwargs})


def indexed(index: Path) -> dict[str, dict]:
    engine = SearchEngine(index)
    try:
        return {f["id"]: json.loads(f["record"]) for f in engine._searcher.all_stored_fields()}
    finally:
        engine.close()


def run_cli(*argv: str) -> tuple[int, dict | None, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = vankien(list(argv))
    text = out.getvalue().strip()
    return status, json.loads(text) if text.startswith("{") else None, err.getvalue()


@pytest.fixture
def field():
    site = FieldSite()
    server = serve_field(site)
    yield site
    server.shutdown()
    server.server_close()


def test_a_folder_site_served_by_http_server(tmp_path):
    """`/slug` answers `301 /slug/` (http.server, Apache, nginx): the article is `/slug/`."""
    root = tmp_path / "www"
    folder_site(root)
    server = serve_folder(root)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        status, report, errors = run_cli(
            "crawl", base + "/tin-tuc", "--delay", "0", "--json",
            "--warc", str(tmp_path / "warc"), "--index", str(tmp_path / "index"),
        )  # fmt: skip
    finally:
        server.shutdown()
        server.server_close()
    assert status == 0, errors  # the dead link is counted, not a failure
    assert sorted(indexed(tmp_path / "index")) == sorted(
        f"{base}/tin-tuc/{slug}/" for slug in FOLDER_ARTICLES
    )
    assert report["not_found"] == 2 and report["exit_status"] == 0  # /tin-tuc/da-go-bo, khong-co
    assert report["redirects"] == len(FOLDER_ARTICLES) + 1  # /tin-tuc too
    assert not [f for f in report["failed"] if "loop" in f["reason"]]


def test_a_portal_in_the_field_yields_exactly_its_articles(field, tmp_path):
    settings = tmp_path / "sites.toml"
    settings.write_text(
        textwrap.dedent(f"""
        delay = 0
        warc_dir = "{tmp_path / "warc"}"
        index_dir = "{tmp_path / "index"}"
        [[sites]]
        url = "{field.base}/tin-tuc/"
        prefix = "/tin-tuc/"
        max_depth = 4
        """),
        encoding="utf-8",
    )
    status, report, errors = run_cli("crawl", "--config", str(settings), "--json")
    assert status == 0, errors
    records = indexed(tmp_path / "index")
    assert sorted(records) == sorted(field.base + p for p in ARTICLES)
    # a canonical naming another site makes a copy of it, kept under its own address
    copy = records[field.base + "/tin-tuc/dang-lai.html"]
    assert copy["url"] == field.base + "/tin-tuc/dang-lai.html"
    assert copy["source_url"] == "https://baotinh.example.vn/goc.html"
    # a template's canonical naming the home page changes nothing
    assert records[field.base + "/tin-tuc/mau-sai.html"]["source_url"] is None
    log = field.log
    # robots.txt obeyed; the permalink-less RSS guid and the Atom edit link never fetched
    assert not [p for p in log if "/noi-bo/" in p or "12345" in p or "/quan-tri/" in p]
    assert "/tin-tuc/bai/mot.html" in log and log.count("/tin-tuc/bai/mot.html") == 1
    # the infinite calendar stops at the site's depth bound
    assert [p for p in log if "lich" in p] == [f"/tin-tuc/lich?thang={n}" for n in range(1, 5)]
    failed = {f["url"].removeprefix(field.base): f["reason"] for f in report["failed"]}
    assert failed["/tin-tuc/da-xoa.html"].startswith("soft 404")
    # /vong -> /vong/ -> /vong: a loop on exact URLs, which a slash-less identity cannot see
    assert failed["/tin-tuc/vong/"] == f"redirect loop via {field.base}/tin-tuc/vong"
    skipped = {s["url"].removeprefix(field.base): s["reason"] for s in report["skipped"]}
    assert skipped["/tin-tuc/noi-bo/mat.html"] == "disallowed by robots.txt"
    assert skipped["/tin-tuc/in/mot.html"].startswith("duplicate of")
    assert skipped["/tin-tuc/lich?thang=5"].startswith("depth limit")
    notes = {n["url"].removeprefix(field.base): n["note"] for n in report["notes"]}
    assert "__doPostBack" in notes["/tin-tuc/trang-4.html"]
    assert report["not_found"] == 2  # the soft 404 and the menu's dead link


def test_a_second_crawl_marks_a_soft_404_article_gone(field, tmp_path):
    crawl([Site([field.base + "/tin-tuc/"], prefix="/tin-tuc/", max_depth=2)], options(tmp_path))
    original = field.render

    def removed(path):
        if path == "/tin-tuc/bai/hai.html":
            return original("/tin-tuc/da-xoa.html")
        return original(path)

    field.render = removed
    report = crawl(
        [Site([field.base + "/tin-tuc/"], prefix="/tin-tuc/", max_depth=2)], options(tmp_path)
    )
    assert report.gone == 1 and report.exit_status() == ExitStatus.COMPLETED
    assert indexed(tmp_path / "index")[field.base + "/tin-tuc/bai/hai.html"]["gone"] is True


def test_max_pages_bounds_a_site(field, tmp_path):
    report = crawl([Site([field.base + "/tin-tuc/"], max_pages=3)], options(tmp_path))
    assert report.fetched <= 3 + 1  # robots.txt is not counted against the site
    assert any(reason.startswith("page limit") for _, reason in report.skipped)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_exit_status_start_url_unreachable(tmp_path):
    report = crawl([Site([f"http://127.0.0.1:{free_port()}/tin-tuc/"])], options(tmp_path))
    assert report.exit_status() == ExitStatus.START_UNREACHABLE == 3
    assert report.unreachable


def test_exit_status_start_url_answering_404(field, tmp_path):
    report = crawl([Site([field.base + "/khong-co/"])], options(tmp_path))
    assert report.exit_status() == ExitStatus.START_UNREACHABLE


def test_exit_status_start_url_redirect_loop(field, tmp_path):
    report = crawl([Site([field.base + "/tin-tuc/vong"])], options(tmp_path))
    assert report.exit_status() == ExitStatus.START_UNREACHABLE


def test_exit_status_start_url_that_redirects_is_reached(field, tmp_path):
    report = crawl([Site([field.base + "/tin-tuc/thu-muc"])], options(tmp_path, index_dir=None))
    assert report.exit_status() == ExitStatus.COMPLETED and not report.unreachable


def test_exit_status_nothing_fetched(field, tmp_path):
    original = field.render
    field.render = lambda path: (
        (200, {}, b"User-agent: *\nDisallow: /\n") if path == "/robots.txt" else original(path)
    )
    report = crawl([Site([field.base + "/tin-tuc/"])], options(tmp_path))
    assert report.exit_status() == ExitStatus.NOTHING_FETCHED == 4
    assert field.log == ["/robots.txt"]


def test_exit_status_lock_held(field, tmp_path):
    (tmp_path / "warc").mkdir()
    with _Lock(tmp_path / "warc"):
        status, _, errors = run_cli(
            "crawl", field.base + "/tin-tuc/", "--delay", "0", "--warc", str(tmp_path / "warc")
        )
    assert status == ExitStatus.LOCKED == 5 and "một lần thu thập khác" in errors


def test_exit_status_index_not_writable(field, tmp_path):
    (tmp_path / "tep").write_text("không phải thư mục")
    status, _, errors = run_cli(
        "crawl", field.base + "/tin-tuc/", "--delay", "0",
        "--warc", str(tmp_path / "warc"), "--index", str(tmp_path / "tep" / "index"),
    )  # fmt: skip
    assert status == ExitStatus.INDEX_NOT_WRITABLE == 6, errors
    assert field.log == []  # refused before the first request


def test_help_documents_the_exit_statuses(capsys):
    with pytest.raises(SystemExit):
        vankien(["crawl", "--help"])
    text = capsys.readouterr().out
    for status in ExitStatus:
        assert f"  {int(status)}  " in text


def test_links_resolve_against_base_href():
    page = '<html><head><base href="http://a.vn/tin/"></head><body><a href="x.html">x</a></body></html>'
    assert html_links(page, "http://a.vn/trang-chu").links == ["http://a.vn/tin/x.html"]


def test_image_sitemap_entries_are_not_pages():
    sitemap = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        b' xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"><url>'
        b"<loc>http://a.vn/tin/bai.html</loc><image:image><image:loc>http://a.vn/anh.jpg"
        b"</image:loc></image:image></url></urlset>"
    )
    assert xml_links(sitemap, "http://a.vn/sitemap.xml").pages == ["http://a.vn/tin/bai.html"]


def test_feeds_with_relative_links():
    rss = b"<rss><channel><item><link>../b.html</link><guid>c.html</guid></item></channel></rss>"
    assert xml_links(rss, "http://a.vn/tin/rss/").pages == [
        "http://a.vn/tin/b.html",
        "http://a.vn/tin/rss/c.html",
    ]
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://a.vn/tin/"><entry>'
        b'<link href="d.html"/><link rel="edit" href="e"/></entry></feed>'
    )
    assert xml_links(atom, "http://a.vn/atom.xml").pages == ["http://a.vn/tin/d.html"]


@pytest.mark.parametrize(
    ("url", "listing"),
    [
        ("http://a.vn/tin-tuc?page=2", True),
        ("http://a.vn/tin-tuc/page/2/", True),
        ("http://a.vn/tin-tuc/trang-2.html", True),
        ("http://a.vn/category/tin?paged=3", True),
        ("http://a.vn/?p=123", False),  # a WordPress post, not a page of a listing
        ("http://a.vn/tin-tuc/khai-trang-2-cua-hang.html", False),
        ("http://a.vn/tin-tuc/page-builder/", False),
    ],
)
def test_pagination_shapes(url, listing):
    assert looks_like_listing_url(url) is listing


@pytest.mark.parametrize(
    ("html", "soft"),
    [
        ("<title>404 Not Found</title>", True),
        ("<title>Trang chủ</title><h1>Không tìm thấy trang</h1>", True),
        ("<title>Bài viết không tồn tại hoặc đã bị xóa</title>", True),
        ("<h1>Lỗi 404 - Trang không tồn tại</h1>", True),
        ("<h1>Không tìm thấy dấu hiệu vi phạm tại 3 xã</h1>", False),
        ("<h1>Hội nghị 404 đại biểu</h1>", False),
        ("<title>Huyện ủy</title><h1>Tìm thấy mộ liệt sĩ</h1>", False),
    ],
)
def test_soft_404(html, soft):
    assert is_soft_404(f"<html><head>{html}</head><body><p>x</p></body></html>") is soft


def test_content_encoding_gzip_sent_unasked_is_decoded(tmp_path):
    from http.server import BaseHTTPRequestHandler

    from indexer.crawl.fetch import fetch
    from tests.field_server import article, serve

    page = article("Hội nghị triển khai nhiệm vụ năm 2019", 3, "triển khai")

    class Gzipping(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            body = gzip.compress(page)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = serve(Gzipping)
    try:
        result = fetch(f"http://127.0.0.1:{server.server_address[1]}/bai.html")
    finally:
        server.shutdown()
        server.server_close()
    assert result.body == page and "content-encoding" not in result.headers


def test_soft_404_check_is_bounded_on_pathological_markup():
    # The check reads the first MAX_HEADINGS headings and nothing else: its work (counted
    # in calls, never timed) does not grow with the page, however the markup is broken.
    budget = 40 * MAX_HEADINGS + 100
    for html in (
        "<h2>" * 50_000 + "x" * 100_000,
        "<h2 " * 50_000,
        "<title>" + "a" * 3_000_000,
        "<h1>a</h1>" * 100_000,
    ):
        assert measured(lambda html=html: is_soft_404(html), limit=budget)[0] is False
    few, many = ("<h1>a</h1>" * n for n in (MAX_HEADINGS, 100 * MAX_HEADINGS))
    assert calls_made(lambda: is_soft_404(many)) == calls_made(lambda: is_soft_404(few))


def test_endless_sitemap_indexes_stop(field, tmp_path):
    original = field.render

    def endless(path):
        if path == "/robots.txt":
            return 200, {}, b"User-agent: *\nSitemap: /sitemaps/0.xml\n"
        if path.startswith("/sitemaps/") and path.endswith(".xml"):
            n = int(path.rsplit("/", 1)[1].removesuffix(".xml"))
            body = (
                f"<sitemapindex><sitemap><loc>/sitemaps/{n + 1}.xml</loc></sitemap></sitemapindex>"
            )
            return 200, {"Content-Type": "application/xml"}, body.encode()
        return original(path)

    field.render = endless
    report = crawl([Site([field.base + "/tin-tuc/"], prefix="/tin-tuc/")], options(tmp_path))
    assert [p for p in field.log if p.startswith("/sitemaps/")] == [
        f"/sitemaps/{n}.xml" for n in range(6)
    ]
    assert report.exit_status() == ExitStatus.COMPLETED


def test_a_start_url_without_the_prefix_slash_is_still_crawled(tmp_path):
    root = tmp_path / "www"
    folder_site(root)
    server = serve_folder(root)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        report = crawl([Site([base + "/tin-tuc"], prefix="/tin-tuc/")], options(tmp_path))
    finally:
        server.shutdown()
        server.server_close()
    assert report.exit_status() == ExitStatus.COMPLETED
    assert report.indexed["added"] == len(FOLDER_ARTICLES)


def test_a_crawl_state_from_before_sitemap_kinds_is_upgraded(tmp_path):
    import sqlite3

    from indexer.crawl.state import CrawlState

    db = sqlite3.connect(tmp_path / "state.sqlite")
    db.execute(
        "CREATE TABLE frontier(run INTEGER, url TEXT, depth INTEGER, seq INTEGER, state TEXT,"
        " reason TEXT, PRIMARY KEY(run, url))"
    )
    db.execute("INSERT INTO frontier VALUES (1, 'http://a.vn/', 0, 1, 'queued', NULL)")
    db.commit()
    db.close()
    state = CrawlState(tmp_path / "state.sqlite")
    assert state.next_queued(1) == ("http://a.vn/", 0, None)
    state.enqueue(1, "http://a.vn/sitemap.xml", 0, "sitemap")
    state.settle(1, "http://a.vn/", "done")
    assert state.next_queued(1) == ("http://a.vn/sitemap.xml", 0, "sitemap")
    state.close()


def test_a_root_that_moves_on_by_meta_refresh(field, tmp_path):
    original = field.render
    refresh = (
        '<html><head><meta http-equiv="Refresh" content="0; URL=\'/tin-tuc/\'">'
        "<title>Cổng thông tin điện tử Huyện ủy</title></head><body></body></html>"
    )
    field.render = lambda path: (
        (200, {"Content-Type": "text/html"}, refresh.encode()) if path == "/" else original(path)
    )
    site = Site([field.base + "/"], exclude=["lich"], max_depth=2)
    report = crawl([site], options(tmp_path))
    assert report.exit_status() == ExitStatus.COMPLETED and not report.unreachable
    records = indexed(tmp_path / "index")
    assert field.base + "/tin-tuc/bai/mot.html" in records and field.base + "/" not in records
    assert "/tin-tuc/" in field.log


def test_meta_refresh_targets():
    page = '<html><head><meta http-equiv="refresh" content="{}"></head><body></body></html>'
    target = html_links(page.format("0;url=/tin-tuc/"), "http://a.vn/").refresh
    assert target == "http://a.vn/tin-tuc/"
    assert html_links(page.format("300; url=/"), "http://a.vn/x").refresh is None  # a reload
    assert html_links(page.format("0"), "http://a.vn/x").refresh is None


@pytest.mark.parametrize("href", ["http:///guest", "http:/guest", "{{ url }}", "ftp://a.vn/x"])
def test_a_malformed_canonical_on_every_page_is_no_identity(tmp_path, href):
    """A held-out portal's template writes <link rel=canonical href="http:///guest">: it
    named no host, was grafted onto the page's host, and its 26 articles became 2."""
    from tests.field_server import TOPICS, serve_pages, template_canonical_site

    server = serve_pages(template_canonical_site(f'<link rel="canonical" href="{href}">'))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        report = crawl([Site([base + "/tin/"])], options(tmp_path))  # the whole site
    finally:
        server.shutdown()
        server.server_close()
    articles = {base + f"/tin/bai-{n}.html" for n in range(1, len(TOPICS) + 1)}
    assert set(indexed(tmp_path / "index")) == articles
    assert not [s for s in report.skipped if "duplicate" in s[1]]


@pytest.mark.parametrize("guest", [False, True], ids=["not linked", "linked first"])
def test_a_canonical_many_pages_share_is_no_identity(tmp_path, guest):
    """Every page names /guest as its canonical address: the first page's claim is undone
    by the second with other content, whether /guest is never fetched or is a login page
    linked before the articles (they wait for it, then keep their own addresses)."""
    from tests.field_server import TOPICS, serve_pages, template_canonical_site

    pages = template_canonical_site('<link rel="canonical" href="/guest">', guest)
    server = serve_pages(pages)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        report = crawl([Site([base + "/tin/"])], options(tmp_path))
    finally:
        server.shutdown()
        server.server_close()
    articles = {base + f"/tin/bai-{n}.html" for n in range(1, len(TOPICS) + 1)}
    records = indexed(tmp_path / "index")
    assert articles <= set(records)
    assert (
        base + "/guest" not in records or records[base + "/guest"]["title"] == "Đăng nhập hệ thống"
    )
    assert {records[u]["title"] for u in articles} == {
        f"Huyện ủy tổ chức hội nghị {t}" for t in TOPICS
    }
    assert not [s for s in report.skipped if "duplicate" in s[1]]


def test_a_print_view_is_still_a_duplicate_of_its_article(field, tmp_path):
    """The same article under its canonical address and a print address: one page."""
    crawl([Site([field.base + "/tin-tuc/"], prefix="/tin-tuc/", max_depth=2)], options(tmp_path))
    records = indexed(tmp_path / "index")
    assert field.base + "/tin-tuc/bai/mot.html" in records
    assert field.base + "/tin-tuc/in/mot.html" not in records
