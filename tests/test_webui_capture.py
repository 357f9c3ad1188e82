"""The captured copy: a banner with whose copy it is and from when, links back, and the
copy's own links pointed at our copies."""

from __future__ import annotations

from datetime import date

import pytest

from indexer.fetch import FetchResult
from indexer.index import index_records
from indexer.warc import WarcArchive
from tests.test_search import article
from webui.app import create_app
from webui.capture import captured_page
from webui.settings import Settings

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
