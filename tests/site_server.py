"""A committee website served on 127.0.0.1 for crawler tests.

Two layouts (an HTML5 site and a legacy table portal in windows-1258), paginated
listings, a sitemap, robots.txt with a Disallow and a Crawl-delay, 301/302 redirects and
a redirect loop, 404, 500 and slow pages, tracking parameters, a rel=canonical duplicate
and an off-site link. Articles can be changed or removed between crawls; ETag and
Last-Modified are honoured. Every request is logged.
"""

from __future__ import annotations

import hashlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from tests.conftest import encode_cp1258

ARTICLE_HTML5 = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>{canonical}</head>
<body><nav class="menu"><a href="/">Trang chủ</a> <a href="/tin-tuc">Tin tức</a></nav>
<article><h1>{title}</h1><div class="meta">Thứ Sáu, {day}/08/2017 10:30</div>
<p>Sáng ngày {day} tháng 8 năm 2017, Đảng bộ Sở Giáo dục và Đào tạo tổ chức hội nghị {topic}, thực hiện Nghị quyết số 29-NQ/TW của Ban Chấp hành Trung ương về đổi mới căn bản, toàn diện giáo dục và đào tạo.</p>
<p>Đồng chí Lê Hồng Sơn – Bí thư Đảng ủy Sở phát biểu chỉ đạo, đề nghị các chi bộ tiếp tục nâng cao chất lượng sinh hoạt và hoàn thành tốt nhiệm vụ năm học mới. {extra}</p>
</article><aside class="sidebar"><h3>Tin khác</h3><ul>{others}</ul></aside>
<footer>Điện thoại 028.3829.1234</footer></body></html>"""

ARTICLE_TABLE = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1258"><title>Thành ủy</title></head>
<body><table><tr><td class="menu"><a href="/">Trang chủ</a></td><td><table><tr><td class="time">(0{day}.09.2018 14:14)</td></tr>
<tr><td class="tieude"><b>{title}</b></td></tr><tr><td><div id="noidung">Chiều ngày {day}/9/2018, Ban Thường vụ Thành ủy triển khai Chương trình hành động số 46-CTrHĐ/TU thực hiện Nghị quyết 29 về giáo dục.<br><br>Đồng chí Trần Thị Thu Loan – Phó Trưởng phòng Nghiệp vụ 2 báo cáo kết quả kiểm tra, giám sát tại các chi bộ trực thuộc trong năm 2018.</div></td></tr>
<tr><td><b>Các tin đã đưa:</b><ul>{others}</ul></td></tr></table></td></tr></table></body></html>"""

LISTING = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Tin tức</title></head><body>
<nav class="menu"><a href="/">Trang chủ</a></nav><h1>Tin tức - Sự kiện</h1><ul class="news-list">{items}</ul>
<div class="pager">{pager}</div><footer><a href="http://localhost:{offsite_port}/ngoai.html">Liên kết ngoài</a></footer></body></html>"""


class Site:
    """The content of the test website; mutable between crawls."""

    def __init__(self) -> None:
        self.articles: dict[str, dict] = {}
        for n, topic in enumerate(
            ["sơ kết", "tổng kết", "học tập", "kiểm tra", "tuyên truyền", "dân vận"], start=1
        ):
            self.articles[f"/tin-tuc/bai-{n}.html"] = {
                "title": f"Đảng bộ Sở tổ chức hội nghị {topic} số {n}",
                "topic": topic,
                "day": n,
                "extra": "",
            }
        self.articles["/thanhuy/tin-7.html"] = {
            "title": "Thành ủy triển khai Chương trình hành động 46",
            "day": 7,
            "table": True,
            "extra": "",
        }
        self.removed: set[str] = set()
        self.log: list[tuple[str, dict]] = []
        self.lock = threading.Lock()
        self.offsite_port = 0
        self.modified = {path: "Fri, 04 Aug 2017 10:30:00 GMT" for path in self.articles}

    def change(self, path: str, extra: str) -> None:
        self.articles[path]["extra"] = extra
        self.modified[path] = "Sat, 05 Aug 2017 10:30:00 GMT"

    def add(self, path: str, title: str) -> None:
        self.articles[path] = {"title": title, "topic": "mới", "day": 9, "extra": ""}
        self.modified[path] = "Sat, 05 Aug 2017 10:30:00 GMT"

    def paths(self, prefix: str) -> list[str]:
        return sorted(p for p in self.articles if p.startswith(prefix) and p not in self.removed)

    def render(self, path: str, port: int) -> tuple[int, dict, bytes]:
        base = f"http://127.0.0.1:{port}"
        if path == "/robots.txt":
            body = f"User-agent: *\nDisallow: /private/\nCrawl-delay: 0.05\nSitemap: {base}/sitemap.xml\n"
            return 200, {"Content-Type": "text/plain"}, body.encode()
        if path == "/sitemap.xml":
            urls = "".join(
                f"<url><loc>{base}{p}</loc></url>" for p in ["/tin-tuc", *self.paths("/thanhuy/")]
            )
            body = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
            return 200, {"Content-Type": "application/xml"}, body.encode()
        if path in ("/", "/tin-tuc", "/tin-tuc?page=2"):
            return self._listing(path, port)
        if path == "/cu/bai-1.html":
            return 301, {"Location": f"{base}/tin-tuc/bai-1.html"}, b""
        if path == "/tam-thoi":
            return 302, {"Location": "/tin-tuc/bai-2.html?utm_source=zalo"}, b""
        if path == "/vong-a":
            return 302, {"Location": "/vong-b"}, b""
        if path == "/vong-b":
            return 302, {"Location": "/vong-a"}, b""
        if path == "/loi.html":
            return 500, {"Content-Type": "text/html"}, b"<h1>Internal Server Error</h1>"
        if path == "/cham.html":
            time.sleep(0.3)
            body = self._article(
                "/tin-tuc/bai-5.html", port, canonical=f"{base}/tin-tuc/bai-5.html"
            )
            return 200, {"Content-Type": "text/html; charset=utf-8"}, body
        if path == "/tep.pdf":
            return 200, {"Content-Type": "application/pdf"}, b"%PDF-1.4 not a page"
        article = self.articles.get(path)
        if article is None or path in self.removed:
            return 404, {"Content-Type": "text/html"}, b"<h1>Not found</h1>"
        body = self._article(path, port)
        if article.get("table"):
            return 200, {"Content-Type": "text/html"}, body
        return (
            200,
            {"Content-Type": "text/html; charset=utf-8", "Last-Modified": self.modified[path]},
            body,
        )

    def _article(self, path: str, port: int, canonical: str = "") -> bytes:
        article = self.articles[path]
        others = "".join(
            f'<li><a href="{p}">{self.articles[p]["title"]}</a></li>'
            for p in self.paths("/tin-tuc/")[:3]
        )
        link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
        if article.get("table"):
            html = ARTICLE_TABLE.format(title=article["title"], day=article["day"], others=others)
            return encode_cp1258(html)
        html = ARTICLE_HTML5.format(
            title=article["title"],
            day=f"{article['day']:02d}",
            topic=article["topic"],
            extra=article["extra"],
            others=others,
            canonical=link,
        )
        return html.encode("utf-8")

    def _listing(self, path: str, port: int) -> tuple[int, dict, bytes]:
        articles = self.paths("/tin-tuc/")
        page = 2 if path.endswith("page=2") else 1
        shown = articles[:4] if page == 1 else articles[4:]
        items = "".join(
            f'<li><a href="{p}">{self.articles[p]["title"]}</a> (04/08/2017)</li>' for p in shown
        )
        if page == 1:
            items += (
                '<li><a href="/cu/bai-1.html">Bài cũ chuyển địa chỉ mới</a></li>'
                '<li><a href="/tin-tuc/bai-2.html?utm_source=facebook#binh-luan">Bài 2 (chia sẻ)</a></li>'
                '<li><a href="/tam-thoi">Địa chỉ tạm thời của bài 2</a></li>'
                '<li><a href="/vong-a">Liên kết vòng lặp chuyển hướng</a></li>'
                '<li><a href="/loi.html">Trang đang bị lỗi máy chủ</a></li>'
                '<li><a href="/cham.html">Trang phản hồi chậm</a></li>'
                '<li><a href="/mat.html">Trang không còn tồn tại</a></li>'
                '<li><a href="/private/bi-mat.html">Trang nội bộ không được phép</a></li>'
                '<li><a href="/tep.pdf">Tệp đính kèm dạng PDF</a></li>'
                '<li><a href="/thanhuy/tin-7.html">Tin Thành ủy</a></li>'
            )
        pager = (
            '<a href="/tin-tuc?page=2">Trang 2</a>'
            if page == 1
            else '<a href="/tin-tuc">Trang 1</a>'
        )
        html = LISTING.format(items=items, pager=pager, offsite_port=self.offsite_port)
        return 200, {"Content-Type": "text/html; charset=utf-8"}, html.encode("utf-8")


def _handler(site: Site):  # noqa: ANN202
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            parts = urlsplit(self.path)
            path = parts.path + (f"?{parts.query}" if parts.query.startswith("page=") else "")
            with site.lock:
                site.log.append((path, dict(self.headers)))
            status, headers, body = site.render(path, self.server.server_address[1])
            etag = '"' + hashlib.md5(body).hexdigest() + '"' if status == 200 else None
            if etag and self.headers.get("If-None-Match") == etag:
                status, body = 304, b""
            modified = headers.get("Last-Modified")
            if (
                status == 200
                and modified
                and self.headers.get("If-Modified-Since") == modified
                and not etag
            ):
                status, body = 304, b""
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            if etag:
                self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


class Server:
    """Start the site (and an off-site server that must never be reached)."""

    def __init__(self) -> None:
        self.site = Site()
        self.offsite_hits: list[str] = []
        offsite = self

        class Offsite(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                offsite.offsite_hits.append(self.path)
                self.send_response(200)
                self.end_headers()

        self.offsite = ThreadingHTTPServer(("127.0.0.1", 0), Offsite)
        self.site.offsite_port = self.offsite.server_address[1]
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.site))
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        for server in (self.httpd, self.offsite):
            threading.Thread(target=server.serve_forever, daemon=True).start()

    def fetched(self) -> list[str]:
        with self.site.lock:
            return [path for path, _ in self.site.log]

    def close(self) -> None:
        for server in (self.httpd, self.offsite):
            server.shutdown()
            server.server_close()


if __name__ == "__main__":
    server = Server()
    print(server.base, flush=True)
    threading.Event().wait()
