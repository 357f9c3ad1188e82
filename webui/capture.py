"""The captured copy of a page as we show it: a banner saying whose copy it is, from when,
with links to the original and back, its links pointed at our own copies, and its own
stylesheets and images served from the WARC files; no script, frame or plug-in, and a
viewport and width rules so that it fits a phone.

Pure: the caller passes `local_link`, which says where a URL lives here (or None), and
`local_asset`, where a stylesheet or image the crawl kept is served here (or None).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urldefrag, urljoin, urlsplit

from bs4 import BeautifulSoup, Tag
from markupsafe import escape

from indexer.crawl.requisites import image_sources, rewrite_css
from indexer.crawl.urls import canonical_url
from indexer.text.charset import charset_from_content_type, decode_bytes
from webui.present import vn_date

MAX_REWRITTEN = 500  # links looked up in the index on one captured page, at most
BANNER_STYLE = (
    "all:initial;display:block;box-sizing:border-box;width:100%;padding:10px 14px;"
    "background:#fff4d6;color:#1b1b1b;border-bottom:2px solid #a31515;"
    "font:15px/1.5 'Noto Sans',Arial,sans-serif"
)
LINK_STYLE = "color:#0b4a8b;text-decoration:underline;margin-right:14px"
# What a copy may not hold: it runs no script and loads nothing from elsewhere.
ACTIVE_TAGS = ("script", "iframe", "frame", "frameset", "object", "embed", "applet", "video")
ACTIVE_TAGS += ("audio", "source", "track", "portal")
DROPPED_LINK_RELS = frozenset(
    {"preload", "prefetch", "preconnect", "dns-prefetch", "modulepreload", "manifest", "icon"}
)
DROPPED_LINK_RELS |= {"apple-touch-icon", "shortcut", "alternate", "search", "pingback"}
_EVENT_ATTRIBUTE = re.compile(r"^on[a-z]+$", re.I)
_PIXELS = re.compile(r"^\s*(\d{1,4})(?:px)?\s*$")
VIEWPORT = "width=device-width, initial-scale=1"
# Injected after the page's own styles: nothing wider than the screen, pictures scaled,
# long words broken, minimum widths lifted; on a phone, floats stacked, layout tables
# (marked by `mark_layout_tables`) read as blocks and data tables scrolled in place.
FIT_CSS = (
    "html,body{max-width:100%!important;overflow-x:clip!important}body{position:relative!important}"
    "body *{max-width:100%!important;min-width:0!important;box-sizing:border-box}"
    "img,svg,canvas,input[type=image]{height:auto!important}"
    "table{height:auto!important}"
    "body,td,th,p,div,span,a,li,pre,code{overflow-wrap:anywhere}"
    "pre{white-space:pre-wrap!important}"
    "@media (max-width:700px){body *{float:none!important}"
    "body *:not(img):not(input){width:auto!important}"
    "table[data-layout],table[data-layout]>tbody,table[data-layout]>tbody>tr,"
    "table[data-layout]>tbody>tr>td,table[data-layout]>tr,table[data-layout]>tr>td"
    "{display:block!important}"
    "table:not([data-layout]){display:block!important;overflow-x:auto!important}}"
)
LAYOUT_TABLE_PIXELS = 500  # a table this wide, or holding a table, lays a page out
_STYLE_WIDTH = re.compile(r"(?:^|;)\s*width\s*:\s*(\d+)px", re.I)


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


def strip_active(soup: BeautifulSoup) -> None:
    """Remove what would run or load from elsewhere: scripts, frames, plug-ins, media,
    hints to fetch, event attributes."""
    for tag in soup.find_all(ACTIVE_TAGS):
        tag.decompose()
    for tag in soup.find_all("link"):
        rels = {r.lower() for r in tag.get("rel") or []}
        if rels & DROPPED_LINK_RELS or not rels:
            tag.decompose()
    for tag in soup.find_all(True):
        for name in [a for a in tag.attrs if _EVENT_ATTRIBUTE.match(a)]:
            del tag[name]


def _placeholder(soup: BeautifulSoup, image: Tag) -> Tag | None:
    """An empty box the size of a lost picture (when its size is written), else None."""
    width, height = (_PIXELS.match(str(image.get(a) or "")) for a in ("width", "height"))
    if not (width and height):
        return None
    box = soup.new_tag("span")
    box["aria-hidden"] = "true"
    box["style"] = (
        f"display:inline-block;width:{width.group(1)}px;height:{height.group(1)}px;max-width:100%"
    )
    return box


def rewrite_assets(
    soup: BeautifulSoup, base: str, local_asset: Callable[[str], str | None]
) -> tuple[int, int]:
    """Point the copy's stylesheets and images at our copies of them; a stylesheet we do
    not hold is dropped, a picture becomes an empty box of its size or nothing (never a
    broken-image icon). Returns (assets found here, assets missing)."""
    found, missing = 0, 0

    def here(raw: str) -> str | None:
        nonlocal found, missing
        url = canonical_url(raw, base) if raw else None
        local = local_asset(url) if url else None
        found, missing = found + bool(local), missing + (not local)
        return local

    for sheet in soup.find_all("link", rel=True):
        if "stylesheet" not in {r.lower() for r in sheet["rel"]}:
            continue
        local = here((sheet.get("href") or "").strip())
        if local:
            sheet["href"] = local
        else:
            sheet.decompose()
    for image in soup.find_all(["img", "input"]):
        if image.name == "input" and (image.get("type") or "").lower() != "image":
            continue
        sources = image_sources(image)
        inline = next((s for s in sources if s.lower().startswith("data:image/")), None)
        local = inline or next((h for s in sources if (h := here(s))), None)
        for name in ("srcset", "sizes", "data-src", "data-original", "data-lazy-src", "data-lazy"):
            if image.has_attr(name):
                del image[name]
        if local:
            image["src"] = local
        elif image.name == "input":
            image.decompose()
        else:
            image.replace_with(_placeholder(soup, image) or "")
    for tag in soup.find_all(background=True):
        local = here(str(tag["background"]).strip())
        if local:
            tag["background"] = local
        else:
            del tag["background"]
    for tag in soup.find_all(style=re.compile("url", re.I)):
        tag["style"] = rewrite_css(str(tag["style"]), base, local_asset)
    for style in soup.find_all("style"):
        if style.string:
            style.string = rewrite_css(style.string, base, local_asset)
    return found, missing


def mark_layout_tables(soup: BeautifulSoup) -> int:
    """Mark the tables that lay the page out (wide, or holding tables) with data-layout,
    so that a phone reads them as blocks; returns how many."""
    marked = 0
    for table in soup.find_all("table"):
        width = _PIXELS.match(str(table.get("width") or "")) or _STYLE_WIDTH.search(
            str(table.get("style") or "")
        )
        wide = width is not None and int(width.group(1)) >= LAYOUT_TABLE_PIXELS
        if wide or table.find("table") is not None:
            table["data-layout"] = ""
            marked += 1
    return marked


def fit_to_screen(soup: BeautifulSoup) -> None:
    """A viewport for phones and width rules after the page's own styles."""
    mark_layout_tables(soup)
    for meta in soup.find_all("meta", attrs={"name": re.compile("^viewport$", re.I)}):
        meta.decompose()
    soup.head.append(soup.new_tag("meta", attrs={"name": "viewport", "content": VIEWPORT}))
    style = soup.new_tag("style", id="vankien-fit")
    style.string = FIT_CSS
    soup.head.append(style)


def captured_page(
    body: bytes,
    content_type: str,
    page_url: str,
    banner: str,
    local_link: Callable[[str], str | None],
    local_asset: Callable[[str], str | None] = lambda url: None,
) -> str:
    """The captured response as UTF-8 HTML with `banner` first, its links rewritten, its
    stylesheets and images served from our copies, nothing active, fit to the screen."""
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
    for tag in soup.find_all("base"):  # links and assets resolve against it, as on the site
        if tag.get("href"):
            page_url = urljoin(page_url, tag["href"].strip())
    strip_active(soup)
    rewrite_assets(soup, page_url, local_asset)
    rewrite_links(soup, page_url, local_link)
    fit_to_screen(soup)
    soup.body.insert(0, BeautifulSoup(banner, "html.parser"))
    return "<!DOCTYPE html>\n" + str(soup.html)
