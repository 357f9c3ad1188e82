"""Websites as they are in the field, served on 127.0.0.1 for crawler tests.

`folder_site` writes a site as folders of index.html files and serves it with the
standard library's http.server, which answers `/slug` with `301 /slug/` like Apache and
nginx. `FieldSite` is a handler with what committee portals do: <base href>, pagination
as ?page=, /page/3/, trang-4.html and __doPostBack, redirect chains and a slash-toggling
loop, a soft 404, rel=canonical to another site, to the home page and from a print
view, a gzip sitemap index found through a relative robots.txt line, RSS and Atom with
relative links, an infinite calendar, a robots.txt Disallow and a 404 in the sidebar.
"""

from __future__ import annotations

import functools
import gzip
import threading
import zlib
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ARTICLE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>{head}</head>
<body><nav class="menu"><a href="/">Trang chủ</a> <a href="/tin-tuc/">Tin tức</a>
<a href="/tin-tuc/khong-co.html">Liên hệ</a></nav>
<article><h1>{title}</h1><div class="meta">Thứ Hai, {day:02d}/06/2019 08:00</div>
<p>Sáng ngày {day} tháng 6 năm 2019, Ban Thường vụ Huyện ủy tổ chức hội nghị {topic}, quán triệt
Chỉ thị số 05-CT/TW của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách
Hồ Chí Minh tại các chi bộ trực thuộc.</p>
<p>Đồng chí Nguyễn Văn Bình, Bí thư Huyện ủy, đề nghị các cấp ủy tiếp tục {topic} trong quý
{day} và báo cáo kết quả về Văn phòng Huyện ủy trước ngày {day} tháng 7.</p></article>
<footer>Điện thoại 0261.3500.{day:03d}</footer></body></html>"""

LISTING = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Tin tức</title>{head}</head>
<body><nav class="menu"><a href="/">Trang chủ</a></nav><h1>Tin tức - Sự kiện</h1>
<ul class="news-list">{items}</ul><div class="pager">{pager}</div></body></html>"""

SOFT_404 = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Không tìm thấy trang</title>
</head><body><nav class="menu"><a href="/">Trang chủ</a> <a href="/tin-tuc/">Tin tức</a></nav>
<h1>404 - Không tìm thấy trang</h1><p>Đường dẫn bạn yêu cầu không tồn tại hoặc đã bị gỡ bỏ.
Xin quay lại trang chủ để xem các tin bài mới nhất của Huyện ủy.</p></body></html>"""


def article(title: str, day: int, topic: str, head: str = "") -> bytes:
    return ARTICLE.format(title=title, day=day, topic=topic, head=head).encode("utf-8")


def listing(links: list[tuple[str, str]], pager: str = "", head: str = "") -> bytes:
    items = "".join(f'<li><a href="{href}">{text}</a> (03/06/2019)</li>' for href, text in links)
    return LISTING.format(items=items, pager=pager, head=head).encode("utf-8")


def serve(handler: type[BaseHTTPRequestHandler]) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# -- a folder site served by http.server -------------------------------------------------

FOLDER_ARTICLES = ["hoi-nghi-so-ket", "hoc-tap-nghi-quyet", "kiem-tra-giam-sat", "dan-van-kheo"]


def folder_site(root: Path) -> None:
    """/tin-tuc/ lists /tin-tuc/<slug> (no slash) for each article folder, and a dead link."""
    topics = ["sơ kết", "học tập nghị quyết", "kiểm tra giám sát", "dân vận khéo"]
    links = []
    for day, (slug, topic) in enumerate(zip(FOLDER_ARTICLES, topics, strict=True), start=1):
        folder = root / "tin-tuc" / slug
        folder.mkdir(parents=True)
        title = f"Huyện ủy tổ chức hội nghị {topic}"
        (folder / "index.html").write_bytes(article(title, day, topic))
        links.append((f"/tin-tuc/{slug}", title))
    links.append(("/tin-tuc/da-go-bo", "Bài viết về hội nghị đã được gỡ bỏ khỏi trang"))
    (root / "tin-tuc" / "index.html").write_bytes(listing(links))
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /quan-tri/\n")


class QuietFolderHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def serve_folder(root: Path) -> ThreadingHTTPServer:
    return serve(functools.partial(QuietFolderHandler, directory=str(root)))


# -- a portal with field behaviours ----------------------------------------------------

ARTICLES = {
    # path -> (title, day, topic)
    "/tin-tuc/bai/mot.html": ("Hội nghị sơ kết công tác Đảng quý I", 1, "sơ kết quý I"),
    "/tin-tuc/bai/hai.html": ("Hội nghị học tập Nghị quyết Trung ương", 2, "học tập"),
    "/tin-tuc/bai/ba.html": ("Kiểm tra công tác dân vận tại xã", 3, "kiểm tra dân vận"),
    "/tin-tuc/bai/bon.html": ("Tuyên truyền cải cách hành chính", 4, "tuyên truyền"),
    "/tin-tuc/bai/nam.html": ("Giám sát thực hiện quy chế dân chủ", 5, "giám sát"),
    "/tin-tuc/sau-trang-2.html": ("Đại hội chi bộ thôn Bon Ja Ráh", 6, "đại hội chi bộ"),
    "/tin-tuc/trang-3-bai.html": ("Trao huy hiệu 40 năm tuổi Đảng", 7, "trao huy hiệu"),
    "/tin-tuc/trang-4-bai.html": ("Kết nạp đảng viên mới", 8, "kết nạp đảng viên"),
    "/tin-tuc/thu-muc/": ("Bài viết ở địa chỉ thư mục", 9, "thư mục"),
    "/tin-tuc/chuyen-den.html": ("Bài viết đã chuyển địa chỉ", 10, "chuyển địa chỉ"),
    "/tin-tuc/dang-lai.html": ("Bài đăng lại từ báo tỉnh", 11, "đăng lại"),
    "/tin-tuc/mau-sai.html": ("Bài có thẻ canonical sai", 12, "mẫu sai"),
    "/tin-tuc/chi-sitemap.html": ("Bài chỉ có trong sitemap nén", 13, "sitemap nén"),
    "/tin-tuc/chi-sitemap-2/": ("Bài thứ hai trong sitemap", 14, "sitemap thường"),
    "/tin-tuc/chi-rss.html": ("Bài chỉ có trong RSS", 15, "tin RSS"),
    "/tin-tuc/atom/chi-atom.html": ("Bài chỉ có trong Atom", 16, "tin Atom"),
}


class FieldSite:
    """The portal's content and its request log."""

    def __init__(self) -> None:
        self.log: list[str] = []
        self.lock = threading.Lock()
        self.port = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def render(self, path: str) -> tuple[int, dict[str, str], bytes]:  # noqa: PLR0911
        html = {"Content-Type": "text/html; charset=utf-8"}
        xml = {"Content-Type": "application/xml"}
        if path == "/robots.txt":
            text = "User-agent: *\nDisallow: /tin-tuc/noi-bo/\nSitemap: /sitemaps/index.xml.gz\n"
            return 200, {"Content-Type": "text/plain"}, text.encode()
        if path == "/sitemaps/index.xml.gz":
            body = (
                '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<sitemap><loc>{self.base}/sitemaps/bai-viet.xml.gz</loc></sitemap>"
                "<sitemap><loc>/sitemaps/khac.xml</loc></sitemap></sitemapindex>"
            )
            return 200, {"Content-Type": "application/x-gzip"}, gzip.compress(body.encode())
        if path == "/sitemaps/bai-viet.xml.gz":
            body = (
                '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<url><loc>{self.base}/tin-tuc/chi-sitemap.html</loc></url>"
                f"<url><loc>{self.base}/tin-tuc/bai/mot.html</loc></url></urlset>"
            )
            return 200, {"Content-Type": "application/gzip"}, gzip.compress(body.encode())
        if path == "/sitemaps/khac.xml":
            body = (
                '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<url><loc>{self.base}/tin-tuc/chi-sitemap-2</loc></url></urlset>"
            )
            return 200, xml, body.encode()
        if path == "/tin-tuc/rss":
            body = (
                '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                "<title>Tin tức</title><link>/tin-tuc/</link>"
                "<item><title>RSS</title><link>chi-rss.html</link>"
                '<guid isPermaLink="false">bai-12345</guid></item></channel></rss>'
            )
            return 200, {"Content-Type": "application/rss+xml"}, body.encode()
        if path == "/tin-tuc/atom.xml":
            body = (
                '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"'
                ' xml:base="/tin-tuc/atom/"><title>Tin</title><link rel="self" href="/tin-tuc/atom.xml"/>'
                '<entry><title>Atom</title><link rel="alternate" href="chi-atom.html"/>'
                '<link rel="edit" href="/quan-tri/sua/1"/></entry></feed>'
            )
            return 200, {"Content-Type": "application/atom+xml"}, body.encode()
        if path == "/tin-tuc/":
            head = (
                f'<base href="{self.base}/tin-tuc/bai/">'
                '<link rel="alternate" type="application/rss+xml" href="/tin-tuc/rss">'
                '<link rel="alternate" type="application/atom+xml" href="/tin-tuc/atom.xml">'
            )
            links = [
                (f"{n}.html", ARTICLES[f"/tin-tuc/bai/{n}.html"][0])
                for n in ("mot", "hai", "ba", "bon", "nam")
            ]
            links += [
                ("/tin-tuc/cu/a", "Địa chỉ cũ"),
                ("/tin-tuc/vong", "Vòng lặp"),
                ("/tin-tuc/da-xoa.html", "Bài đã xóa"),
                ("/tin-tuc/dang-lai.html", "Đăng lại"),
                ("/tin-tuc/mau-sai.html", "Mẫu sai"),
                ("/tin-tuc/in/mot.html", "Bản in"),
                ("/tin-tuc/noi-bo/mat.html", "Nội bộ"),
                ("/tin-tuc/lich?thang=1", "Lịch công tác"),
            ]
            return 200, html, listing(links, '<a href="/tin-tuc/?page=2">Trang sau</a>', head)
        if path == "/tin-tuc/?page=2":
            links = [("/tin-tuc/sau-trang-2.html", "Đại hội"), ("/tin-tuc/thu-muc", "Thư mục")]
            return 200, html, listing(links, '<a href="/tin-tuc/page/3/">Trang sau</a>')
        if path == "/tin-tuc/page/3/":
            links = [("/tin-tuc/trang-3-bai.html", "Huy hiệu")]
            return 200, html, listing(links, '<a href="/tin-tuc/trang-4.html">Trang sau</a>')
        if path == "/tin-tuc/trang-4.html":
            links = [("/tin-tuc/trang-4-bai.html", "Kết nạp")]
            pager = "<a href=\"javascript:__doPostBack('ctl00$pager','Page$5')\">5</a>"
            return 200, html, listing(links, pager)
        if path.startswith("/tin-tuc/lich?thang="):
            month = int(path.rsplit("=", 1)[1])
            cells = "".join(
                f'<td><a href="/tin-tuc/lich?thang={month + 1}">{d}</a></td>' for d in range(3)
            )
            return 200, html, f"<html><body><table><tr>{cells}</tr></table></body></html>".encode()
        redirects = {
            "/tin-tuc/cu/a": (301, "/tin-tuc/r2"),
            "/tin-tuc/r2": (302, f"{self.base}/tin-tuc/chuyen-den.html"),
            "/tin-tuc/thu-muc": (301, "/tin-tuc/thu-muc/"),
            "/tin-tuc/chi-sitemap-2": (301, "/tin-tuc/chi-sitemap-2/"),
            "/tin-tuc/vong": (301, "/tin-tuc/vong/"),
            "/tin-tuc/vong/": (301, "/tin-tuc/vong"),
        }
        if path in redirects:
            status, location = redirects[path]
            return status, {"Location": location}, b""
        if path == "/tin-tuc/da-xoa.html":
            return 200, html, SOFT_404.encode("utf-8")
        if path == "/tin-tuc/in/mot.html":
            title, day, topic = ARTICLES["/tin-tuc/bai/mot.html"]
            head = '<link rel="canonical" href="/tin-tuc/bai/mot.html">'
            return 200, html, article(title, day, topic, head)
        if path in ARTICLES:
            title, day, topic = ARTICLES[path]
            head = {
                "/tin-tuc/dang-lai.html": '<link rel="canonical" href="https://baotinh.example.vn/goc.html">',
                "/tin-tuc/mau-sai.html": '<link rel="canonical" href="/">',
            }.get(path, "")
            return 200, html, article(title, day, topic, head)
        return 404, html, b"<html><body><h1>404 Not Found</h1></body></html>"


def serve_field(site: FieldSite) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            with site.lock:
                site.log.append(self.path)
            status, headers, body = site.render(self.path)
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = serve(Handler)
    site.port = server.server_address[1]
    return server


# -- any set of pages ------------------------------------------------------------------


def serve_pages(
    pages: dict[str, tuple[str, bytes]], log: list[str] | None = None
) -> ThreadingHTTPServer:
    """Serve `pages` (path -> (content type, body)); any other path answers 404. The
    paths asked for are added to `log`."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            if log is not None:
                log.append(self.path)
            content_type, body = pages.get(self.path, ("text/html", b"<h1>404 Not Found</h1>"))
            etag = f'"{zlib.crc32(body):x}"'
            if self.path in pages and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200 if self.path in pages else 404)
            self.send_header("ETag", etag)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return serve(Handler)


TOPICS = [
    "sơ kết quý I", "học tập nghị quyết", "kiểm tra dân vận", "tuyên truyền cải cách",
    "giám sát dân chủ", "đại hội chi bộ", "trao huy hiệu", "kết nạp đảng viên",
]  # fmt: skip


LOGIN = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Đăng nhập</title></head>
<body><h1>Đăng nhập hệ thống</h1><form><input name="user"><input name="pass"></form></body></html>"""


def template_canonical_site(head: str, guest: bool = False) -> dict[str, tuple[str, bytes]]:
    """A portal whose template writes the same `head` (a canonical link) on every page:
    a listing at /tin/ and one article per topic at /tin/bai-N.html; with `guest`, the
    listing also links a login page at /guest."""
    html = "text/html; charset=utf-8"
    links = [(f"/tin/bai-{n}.html", f"Hội nghị {t}") for n, t in enumerate(TOPICS, 1)]
    if guest:
        links.insert(0, ("/guest", "Đăng nhập"))
    pages = {"/tin/": (html, listing(links, head=head))}
    if guest:
        pages["/guest"] = (html, LOGIN.encode())
    for n, topic in enumerate(TOPICS, 1):
        title = f"Huyện ủy tổ chức hội nghị {topic}"
        pages[f"/tin/bai-{n}.html"] = (html, article(title, n, topic, head))
    return pages


# -- a portal with its look: stylesheets and images ------------------------------------

PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201a1e1c02e0000000049454e44ae426082"
)
STYLED_HEAD = (
    '<link rel="stylesheet" href="/css/site.css"><link rel="icon" href="/favicon.ico">'
    '<script src="/js/app.js"></script>'
)
STYLED_BODY = (
    '<div id="wrap"><div id="banner"><img src="/img/logo.png" alt="Logo" width="988"></div>'
    '<img src="/img/blank.gif" data-src="/img/anh-bai.png" alt="Ảnh bài" width="600">'
    '<img src="/img/mat.png" alt="Ảnh đã mất" width="300" height="200">'
    '<img src="http://127.0.0.2:9/img/ngoai.png" alt="Ảnh nơi khác">'
    '<img src="/img/qua-lon.png" alt="Ảnh quá lớn">'
    '<table width="988"><tr><td width="700" style="background:url(/img/nen.png)">'
)


def png(width: int, height: int, color: tuple[int, int, int]) -> bytes:
    """A plain picture of that size and colour, with a lighter band across its middle."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), color)
    light = tuple(min(255, c + 90) for c in color)
    ImageDraw.Draw(image).rectangle((0, height // 3, width, 2 * height // 3), fill=light)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def styled_site(count: int = 5) -> dict[str, tuple[str, bytes]]:
    """A portal whose articles use a stylesheet (which imports another and names a
    background), a logo, a lazy-loaded picture, a lost picture, a picture on another
    host and one too large to keep; a 988 px fixed layout like the tester's portal."""
    html, image = "text/html; charset=utf-8", "image/png"
    css = (
        '@import "/css/them.css";\n#wrap{width:988px;margin:0 auto;background:url(../img/nen.png)}'
        "\nh1{color:rgb(163, 21, 21)}\n#banner{height:120px}"
    )
    pages = {
        "/css/site.css": ("text/css", css.encode()),
        "/css/them.css": ("text/css", b"p{line-height:1.6}"),
        "/img/logo.png": (image, png(988, 120, (163, 21, 21))),
        "/img/anh-bai.png": (image, png(600, 400, (60, 90, 130))),
        "/img/nen.png": (image, png(8, 8, (250, 246, 236))),
        "/img/blank.gif": ("image/gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
        "/img/qua-lon.png": (image, PNG_1PX + b"\x00" * 300_000),
        "/js/app.js": ("text/javascript", b"document.title='x'"),
    }
    links = []
    for n, topic in enumerate(TOPICS[:count], 1):
        title = f"Huyện ủy tổ chức hội nghị {topic}"
        body = ARTICLE.format(title=title, day=n, topic=topic, head=STYLED_HEAD)
        body = body.replace("<body>", "<body>" + STYLED_BODY).replace(
            "</body>", "</td></tr></table></div></body>"
        )
        pages[f"/tin/bai-{n}.html"] = (html, body.encode())
        links.append((f"/tin/bai-{n}.html", title))
    pages["/tin/"] = (html, listing(links))
    return pages
