"""Error pages in any language are not articles, whether crawled or read from files."""

from __future__ import annotations

import pytest

from indexer.extract.parse import NotAnArticle, parse_bytes
from indexer.extract.soft404 import NOT_FOUND_PAGE, SERVER_ERROR_PAGE, error_page

BODY = (
    "<p>Sáng ngày 4 tháng 8 năm 2017, Ban Thường vụ Tỉnh ủy tổ chức hội nghị quán triệt "
    "Nghị quyết 29-NQ/TW về đổi mới căn bản, toàn diện giáo dục và đào tạo.</p>"
)
# The pages servers and CMSs write, as they write them (IIS, Apache, nginx, ASP.NET).
ERROR_PAGES = {
    "default 404": ("<title>Default 404 Not Found Page</title>", NOT_FOUND_PAGE),
    "apache 404": (
        "<title>404 Not Found</title></head><body><h1>Not Found</h1>"
        "<p>The requested URL was not found on this server.</p>",
        NOT_FOUND_PAGE,
    ),
    "nginx 404": (
        "<title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center>",
        NOT_FOUND_PAGE,
    ),
    "page not found": ("<title>Page not found – Huyện ủy Krông Nô</title>", NOT_FOUND_PAGE),
    "vietnamese": ("<title>Không tìm thấy trang</title>", NOT_FOUND_PAGE),
    "iis 404": (
        "<title>IIS 10.0 Detailed Error - 404.0 - Not Found</title></head><body>"
        "<h3>HTTP Error 404.0 - Not Found</h3>",
        NOT_FOUND_PAGE,
    ),
    "iis 404 old": (
        "<title>404 - File or directory not found.</title></head><body>"
        "<h2>404 - File or directory not found.</h2>",
        NOT_FOUND_PAGE,
    ),
    "asp.net 404": (
        "<title>The resource cannot be found.</title></head><body>"
        "<h1>Server Error in '/' Application.</h1>",
        NOT_FOUND_PAGE,
    ),
    "object moved": (
        "<title>Object moved</title></head><body><h2>Object moved to <a href='/x'>here</a>.</h2>",
        SERVER_ERROR_PAGE,
    ),
    "runtime error": (
        "<title>Runtime Error</title></head><body><h1>Server Error in '/' Application.</h1>"
        "<h2><i>Runtime Error</i></h2>",
        SERVER_ERROR_PAGE,
    ),
    "apache 500": ("<title>500 Internal Server Error</title>", SERVER_ERROR_PAGE),
    "iis 403": ("<h2>403 - Forbidden: Access is denied.</h2>", SERVER_ERROR_PAGE),
    "nginx 502": ("<title>502 Bad Gateway</title>", SERVER_ERROR_PAGE),
    "apache 301": ("<title>301 Moved Permanently</title>", SERVER_ERROR_PAGE),
    "nginx default": ("<title>Welcome to nginx!</title>", SERVER_ERROR_PAGE),
    "apache default": ("<title>Apache2 Debian Default Page: It works</title>", SERVER_ERROR_PAGE),
    "iis default": ("<title>IIS Windows Server</title>", SERVER_ERROR_PAGE),
    "vietnamese error": ("<title>Đã có lỗi xảy ra</title>", SERVER_ERROR_PAGE),
}
# Headlines that look like them and are articles.
ARTICLES = [
    "<h1>Không tìm thấy dấu hiệu vi phạm tại 3 xã</h1>",
    "<h1>Hội nghị 404 đại biểu</h1>",
    "<h1>500 đảng viên được trao huy hiệu</h1>",
    "<h1>Lỗi hệ thống trong quản lý hồ sơ đảng viên đã được khắc phục</h1>",
    "<h1>Có lỗi xảy ra trong khâu thẩm định hồ sơ, Ủy ban Kiểm tra yêu cầu làm rõ</h1>",
    "<h1>Runtime Error và cách các cơ quan Đảng xử lý sự cố phần mềm</h1>",
]


def page(head: str, body: str = BODY) -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


@pytest.mark.parametrize(("markup", "kind"), ERROR_PAGES.values(), ids=ERROR_PAGES)
def test_error_pages_are_recognised(markup, kind):
    found = error_page(page(markup))
    assert found is not None and found[0] == kind


@pytest.mark.parametrize("markup", ARTICLES)
def test_headlines_that_look_like_errors_are_articles(markup):
    assert error_page(page("<title>Huyện ủy</title>", markup + BODY)) is None
    assert parse_bytes(page("<title>Huyện ủy</title>", markup + BODY).encode(), "bai.html").title


@pytest.mark.parametrize(("markup", "kind"), ERROR_PAGES.values(), ids=ERROR_PAGES)
def test_error_pages_read_from_files_are_not_articles(markup, kind):
    with pytest.raises(NotAnArticle, match="trang báo lỗi"):
        parse_bytes(page(markup).encode(), "luu-tru/loi.html")


def test_error_pages_answered_200_are_not_crawled_as_articles(tmp_path):
    from http.server import BaseHTTPRequestHandler

    from indexer.crawl.crawler import CrawlOptions, Site, crawl
    from tests.field_server import article, listing, serve
    from tests.test_crawl_field import indexed

    pages = {
        "/tin/": listing([(f"/tin/{n}.html", f"Tin {n}") for n in ("a", "b", "loi", "mat")]),
        "/tin/a.html": article("Hội nghị sơ kết công tác Đảng quý I", 1, "sơ kết"),
        "/tin/b.html": article("Hội nghị học tập Nghị quyết Trung ương", 2, "học tập"),
        "/tin/loi.html": page(ERROR_PAGES["runtime error"][0]).encode(),
        "/tin/mat.html": page(ERROR_PAGES["default 404"][0]).encode(),
    }

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            body = pages.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body or b"")

    server = serve(Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        report = crawl(
            [Site([base + "/tin/"], prefix="/tin/")],
            CrawlOptions(tmp_path / "warc", tmp_path / "index", delay=0, retries=0),
        )
    finally:
        server.shutdown()
        server.server_close()
    ids = set(indexed(tmp_path / "index"))
    assert {base + "/tin/a.html", base + "/tin/b.html"} <= ids
    assert not ids & {base + "/tin/loi.html", base + "/tin/mat.html"}
    failed = dict(report.failed)
    assert failed[base + "/tin/loi.html"] == "error page (HTTP 200): Runtime Error"
    assert failed[base + "/tin/mat.html"].startswith("soft 404")
