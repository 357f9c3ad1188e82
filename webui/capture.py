"""The captured copy of a page as we show it: a banner saying whose copy it is, from when,
with links to the original and back, and its links pointed at our own copies.

Pure: the caller passes `local_link`, which says where a URL lives here (or None).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urldefrag, urljoin, urlsplit

from bs4 import BeautifulSoup
from markupsafe import escape

from indexer.charset import charset_from_content_type, decode_bytes
from webui.present import vn_date

MAX_REWRITTEN = 500  # links looked up in the index on one captured page, at most
BANNER_STYLE = (
    "all:initial;display:block;box-sizing:border-box;width:100%;padding:10px 14px;"
    "background:#fff4d6;color:#1b1b1b;border-bottom:2px solid #a31515;"
    "font:15px/1.5 'Noto Sans',Arial,sans-serif"
)
LINK_STYLE = "color:#0b4a8b;text-decoration:underline;margin-right:14px"


def banner_html(site: str, captured: str, original: str | None, article: str) -> str:
    """The banner at the top of a captured copy (inline styles: the copy has no stylesheet)."""
    links = [f'<a style="{LINK_STYLE}" href="{escape(article)}">← Về bài viết trong vankien</a>']
    if original:
        links.append(
            f'<a style="{LINK_STYLE}" href="{escape(original)}" rel="noopener noreferrer">'
            "Xem trang gốc</a>"
        )
    when = f" ngày {vn_date(captured)}" if captured else ""
    return (
        f'<div id="vankien-banner" role="note" lang="vi" style="{BANNER_STYLE}">'
        f"<strong>Bản lưu</strong> của trang {escape(site or 'không rõ')}, do vankien chụp{when}. "
        "Trang gốc có thể đã thay đổi hoặc bị gỡ. " + " ".join(links) + "</div>"
    )


def rewrite_links(
    soup: BeautifulSoup, page_url: str, local_link: Callable[[str], str | None]
) -> int:
    """Point the copy's links at our copies where we have them, the rest at absolute
    addresses on the original site; links that are not http(s) are dropped. Returns how
    many now point here."""
    for tag in soup.find_all("base"):  # links resolve against it, as they did on the site
        if tag.get("href"):
            page_url = urljoin(page_url, tag["href"].strip())
        tag.decompose()
    for tag in soup.find_all("meta", attrs={"http-equiv": True}):
        if tag["http-equiv"].lower() == "refresh":
            tag.decompose()
    local = 0
    seen: dict[str, str | None] = {}
    for anchor in soup.find_all("a", href=True):
        target = urljoin(page_url, anchor["href"].strip())
        if urlsplit(target).scheme.lower() not in ("http", "https"):
            del anchor["href"]
            continue
        address, fragment = urldefrag(target)
        if address not in seen and len(seen) < MAX_REWRITTEN:
            seen[address] = local_link(address)
        here = seen.get(address)
        anchor["href"] = here if here else target
        local += bool(here)
        if anchor.has_attr("target"):
            del anchor["target"]
    return local


def captured_page(
    body: bytes,
    content_type: str,
    page_url: str,
    banner: str,
    local_link: Callable[[str], str | None],
) -> str:
    """The captured response as UTF-8 HTML with `banner` first and its links rewritten."""
    text = decode_bytes(body, charset_from_content_type(content_type))
    if not content_type.lower().startswith(("text/html", "application/xhtml")):
        return (
            '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Bản lưu</title>'
            f"</head><body>{banner}<pre>{escape(text)}</pre></body></html>"
        )
    soup = BeautifulSoup(text, "lxml")
    if soup.html is None:
        soup.append(soup.new_tag("html"))
    if soup.body is None:
        soup.html.append(soup.new_tag("body"))
    if soup.head is None:
        soup.html.insert(0, soup.new_tag("head"))
    for meta in soup.find_all("meta", charset=True):
        meta.decompose()
    for meta in soup.find_all("meta", attrs={"http-equiv": True}):
        if meta["http-equiv"].lower() == "content-type":
            meta.decompose()
    soup.head.insert(0, soup.new_tag("meta", charset="utf-8"))
    if not soup.html.get("lang"):
        soup.html["lang"] = "vi"
    rewrite_links(soup, page_url, local_link)
    soup.body.insert(0, BeautifulSoup(banner, "html.parser"))
    return "<!DOCTYPE html>\n" + str(soup.html)
