"""Attachments end to end: files indexed from a folder or crawled, found by phrases only
they hold, tied to the pages that link them, first for their own code (issue 19)."""

from __future__ import annotations

import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from indexer.crawl.crawler import CrawlOptions, Site, crawl
from indexer.extract.parse import parse_paths
from indexer.index import index_records
from indexer.search import SearchEngine, SearchRequest
from tests.documents import Letter, docx_letter, text_pdf
from tests.test_documents import NOTICE
from webui.app import create_app
from webui.settings import Settings

PHRASE = "giải phóng mặt bằng ở xã Đắk Drô"
PHRASE_FOLDED = "giai phong mat bang o xa dak dro"
NOTICE_PHRASE = "sáng thứ Năm hằng tuần tại phòng tiếp dân"


def page(title: str, body: str, links: list[tuple[str, str]]) -> bytes:
    anchors = "".join(f'<p><a href="{href}">{text}</a></p>' for href, text in links)
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<nav><a href='/tin-tuc/'>Tin tức</a></nav><article><h1>{title}</h1>"
        f"<p class='date'>Ngày đăng: 29/05/2019</p><p>{body}</p>{anchors}</article>"
        "<footer>Sở Tài chính tỉnh Đắk Nông</footer></body></html>"
    ).encode()


ARTICLE = page(
    "Sở Tài chính báo cáo kết quả tiếp công dân tháng 5",
    "Sở Tài chính tỉnh Đắk Nông đã gửi báo cáo kết quả tiếp công dân tháng 5 năm 2019 tới Thanh "
    "tra tỉnh theo quy định. Báo cáo nêu rõ các vụ việc đã tiếp nhận, kết quả xử lý và những "
    "kiến nghị của công dân trong tháng; toàn văn báo cáo và lịch tiếp công dân tháng tới được "
    "đính kèm dưới đây để cán bộ, công chức và nhân dân tiện theo dõi.",
    [("/files/bao-cao.pdf", "Xem chi tiết tại đây"), ("/files/lich.docx", "Lịch tiếp công dân")],
)
CITING = page(
    "Báo cáo 105/BC-STC được Thanh tra tỉnh ghi nhận",
    "Thanh tra tỉnh ghi nhận Báo cáo số 105/BC-STC của Sở Tài chính về công tác tiếp công dân; "
    "đề nghị các sở, ngành khác tham khảo cách tổng hợp số liệu của Sở trong các kỳ báo cáo "
    "tiếp theo và gửi báo cáo đúng hạn về Thanh tra tỉnh để tổng hợp chung toàn tỉnh.",
    [],
)
TWO_PAGES = text_pdf([Letter(), NOTICE])  # the notice, second document, on page 2


@pytest.fixture(scope="module")
def folder_index(tmp_path_factory) -> Path:
    """A site saved as a folder: its pages and, under files/, what they attach."""
    root = tmp_path_factory.mktemp("attach")
    site = root / "sotaichinh"
    (site / "files").mkdir(parents=True)
    (site / "bao-cao-thang-5.html").write_bytes(ARTICLE)
    (site / "bao-cao-duoc-ghi-nhan.html").write_bytes(CITING)
    (site / "files" / "bao-cao.pdf").write_bytes(TWO_PAGES)
    (site / "files" / "lich.docx").write_bytes(docx_letter(NOTICE))
    index = root / "index"
    summary = index_records(index, parse_paths([site]))
    assert summary.added == 4 and not summary.failed
    return index


@pytest.fixture(scope="module")
def engine(folder_index):
    engine = SearchEngine(folder_index)
    yield engine
    engine.close()


def test_a_phrase_only_the_file_holds_finds_it_with_and_without_accents(engine) -> None:
    for query in (PHRASE, PHRASE_FOLDED):
        hits = engine.search(SearchRequest(q=query)).hits
        assert hits[0].id == "sotaichinh/files/bao-cao.pdf"
        assert hits[0].format == "PDF" and hits[0].document["pages"] == 2


def test_a_hit_on_a_later_page_says_which_page(engine) -> None:
    hits = engine.search(SearchRequest(q=f'"{NOTICE_PHRASE}"')).hits
    pdf = next(h for h in hits if h.id.endswith(".pdf"))
    assert pdf.page == 2 and "<mark>" in pdf.snippet


def test_a_code_lookup_puts_the_document_itself_first(engine) -> None:
    for query in ("105/BC-STC", "bc 105 stc"):
        hits = engine.search(SearchRequest(q=query)).hits
        assert [h.id for h in hits][:2] == [
            "sotaichinh/files/bao-cao.pdf",
            "sotaichinh/bao-cao-duoc-ghi-nhan.html",
        ]


def test_the_kind_of_document_is_a_facet(engine) -> None:
    response = engine.search(SearchRequest(q="tiếp công dân"))
    counts = {v.value: v.count for v in response.facets["format"]}
    assert counts == {"bài viết": 2, "PDF": 1, "Word": 1}
    only_word = engine.search(SearchRequest(q="tiếp công dân", filters={"format": ["Word"]}))
    assert [h.id for h in only_word.hits] == ["sotaichinh/files/lich.docx"]


def test_the_article_lists_its_files_and_each_file_its_article(folder_index) -> None:
    client = create_app(Settings(index_dir=folder_index)).test_client()
    article = client.get("/article.json?id=sotaichinh/bao-cao-thang-5.html").get_json()
    listed = {a["text"]: a["document"] for a in article["attachments"]}
    assert listed["Xem chi tiết tại đây"]["id"] == "sotaichinh/files/bao-cao.pdf"
    assert listed["Xem chi tiết tại đây"]["pages"] == 2
    assert listed["Lịch tiếp công dân"]["label"] == "Word"
    html = client.get("/article?id=sotaichinh/bao-cao-thang-5.html").get_data(as_text=True)
    assert "Báo cáo: Kết quả tiếp công dân tháng 5 năm 2019" in html and "2 trang" in html
    document = client.get("/article.json?id=sotaichinh/files/bao-cao.pdf").get_json()
    assert [a["id"] for a in document["linked_from"]] == ["sotaichinh/bao-cao-thang-5.html"]
    assert document["document"]["signer"] == "Nguyễn Tấn Bi"
    html = client.get("/article?id=sotaichinh/files/bao-cao.pdf").get_data(as_text=True)
    assert 'id="trang-2"' in html and "Người ký" in html and "105/BC-STC" in html


class _Site(BaseHTTPRequestHandler):
    """The portal: pages under /tin-tuc/, files under /files/ (outside the crawl prefix),
    with ETags, so that a second crawl asks "changed?" and hears 304."""

    files: dict[str, tuple[str, bytes]] = {}
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        self.requests.append(self.path)
        found = self.files.get(self.path)
        if found is None:
            self.send_response(404)
            self.end_headers()
            return
        content_type, body = found
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def portal():
    listing = page("Tin tức", "", [("/tin-tuc/bao-cao-thang-5.html", "Báo cáo tháng 5")])
    _Site.files = {
        "/tin-tuc/": ("text/html; charset=utf-8", listing),
        "/tin-tuc/bao-cao-thang-5.html": ("text/html; charset=utf-8", ARTICLE),
        "/files/bao-cao.pdf": ("application/pdf", TWO_PAGES),
        "/files/lich.docx": ("application/octet-stream", docx_letter(NOTICE)),
    }
    _Site.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_crawl_fetches_keeps_and_indexes_the_files_a_page_links(portal, tmp_path) -> None:
    options = CrawlOptions(warc_dir=tmp_path / "crawl", index_dir=tmp_path / "index", delay=0)
    site = Site(start_urls=[portal + "/tin-tuc/"], prefix="/tin-tuc")
    report = crawl([site], options)
    assert report.attachments == 2
    assert report.indexed["added"] == report.articles + 2 and not report.indexed["failed"]
    engine = SearchEngine(tmp_path / "index")
    try:
        first = engine.search(SearchRequest(q=PHRASE_FOLDED)).hits[0].id
        notice = engine.search(SearchRequest(q=NOTICE_PHRASE)).hits[0].id
    finally:
        engine.close()
    assert first == portal + "/files/bao-cao.pdf" and notice == portal + "/files/lich.docx"

    client = create_app(Settings(index_dir=tmp_path / "index", warc_dir=tmp_path / "crawl"))
    client = client.test_client()
    article = client.get(f"/article.json?id={portal}/tin-tuc/bao-cao-thang-5.html").get_json()
    files = {a["url"]: a["document"] for a in article["attachments"]}
    assert files[portal + "/files/bao-cao.pdf"]["captured"]
    copy = client.get(f"/capture?id={portal}/files/bao-cao.pdf")
    assert copy.status_code == 200 and copy.data == TWO_PAGES
    assert copy.headers["Content-Disposition"].startswith("attachment")

    again = crawl([site], options)  # conditional requests: nothing new is fetched or indexed
    assert again.not_modified == report.pages and again.attachments == 0
    assert again.indexed == {} or again.indexed["added"] == again.indexed["updated"] == 0


def test_attachments_can_be_left_alone(portal, tmp_path) -> None:
    options = CrawlOptions(
        warc_dir=tmp_path / "crawl", index_dir=tmp_path / "index", delay=0, attachment_max_bytes=0
    )
    report = crawl([Site(start_urls=[portal + "/tin-tuc/"], prefix="/tin-tuc")], options)
    assert report.attachments == 0 and "/files/bao-cao.pdf" not in _Site.requests


def test_the_code_page_leads_with_the_document_itself(folder_index) -> None:
    client = create_app(Settings(index_dir=folder_index)).test_client()
    page = client.get("/code.json?code=105 / bc-stc").get_json()
    assert page["code"] == "105/BC-STC"
    assert [d["id"] for d in page["documents"]] == ["sotaichinh/files/bao-cao.pdf"]
    assert "Toàn văn" in client.get("/code?code=105/BC-STC").get_data(as_text=True)
