"""Error pages: a page that answers 200 (or lies in a folder) but is a server's message.

Portals built on SharePoint, NukeViet or home-made CMSs often answer a missing article
with 200 and a "Không tìm thấy trang" or "Bài viết không tồn tại" page; a mirrored site
keeps IIS, Apache and nginx error pages ("404 Not Found", "Runtime Error", "Object
moved") and their default pages ("Welcome to nginx!") as files. None is an article: the
crawler counts a not-found page as not found (an article it held before is marked gone)
and a server error as failed, and the parser refuses both.

Only the page's title and its main headings are read: an article's body may well say
"không tìm thấy dấu hiệu vi phạm", but its headline is not "Không tìm thấy trang".
"""

from __future__ import annotations

import re
from html import unescape

from indexer.text.normalize import fold_diacritics, normalize_text

# Matched against folded (no diacritics, lower case) title and headings.
NOT_FOUND = re.compile(
    r"^(?:loi\s*)?404\b"
    r"|\b404(?:\.\d+)?\s*(?:-|:|\|)?\s*(?:not found|page not found|file or directory not found"
    r"|khong tim thay)"
    r"|\bpage not found\b|^not found$|\bfile (?:or directory )?not found\b"
    r"|\bpage (?:does not|doesn't) exist\b"
    r"|^the (?:page|resource)(?: you are looking for)? (?:cannot|could not) be found$"
    r"|\bkhong tim thay (?:trang|bai viet|noi dung|tin|du lieu|duong dan|dia chi|yeu cau|tai nguyen)"
    r"|\b(?:trang|bai viet|noi dung|tin bai|duong dan|dia chi|lien ket)(?: nay| ban (?:yeu cau|tim))?"
    r" (?:khong ton tai|da bi xoa|khong con ton tai|da bi go)"
    r"|^khong tim thay$|^trang bao loi$"
)
_HTTP_ERRORS = (
    r"bad request|unauthorized|forbidden(?:: access is denied)?|access is denied"
    r"|method not allowed|not acceptable|request time-?out|too many requests"
    r"|internal server error|server error|bad gateway|service (?:temporarily )?unavailable"
    r"|gateway time-?out"
)
# A server's error, redirect or default page (matched like NOT_FOUND). Short, generic
# phrases must be the whole heading: "Runtime Error" is one, an article about it is not,
# and "500 đảng viên" is no HTTP status.
SERVER_PAGE = re.compile(
    rf"^(?:http )?error [45]\d\d\b|^[45]\d\d(?:\.\d+)?\s*(?:-|:|\|)?\s*(?:{_HTTP_ERRORS})$"
    rf"|^(?:{_HTTP_ERRORS})$|^(?:iis|http) (?:\d+(?:\.\d+)? )?(?:detailed )?error\b"
    r"|\bserver error in '.*' application\b"
    r"|^(?:runtime|server|application|unexpected|database|fatal) error$"
    r"|^(?:an )?(?:unexpected )?error (?:has )?occurred$|^error$|^loi$"
    r"|^(?:object|document) moved(?: to here)?$|^moved (?:permanently|temporarily)$"
    r"|^30[1237] (?:moved permanently|found|see other|temporary redirect)$"
    r"|^the page cannot be displayed$"
    r"|^welcome to nginx$|^(?:apache2?|nginx|httpd)(?: \w+){0,3} (?:default|test) page\b"
    r"|^it works$|^test page for (?:the )?(?:apache|nginx)\b|^iis windows(?: server)?$"
    r"|^internet information services$|^account suspended$"
    r"|^website (?:is )?(?:suspended|under maintenance|under construction)$"
    r"|^(?:da )?co (?:mot )?loi(?: da)? xay ra(?:[,.]? (?:vui long|xin) thu lai(?: sau)?)?$"
    r"|^loi (?:may chu|he thong|ung dung)(?: \d{3})?$"
    r"|^(?:trang web|trang|website|he thong) (?:dang )?(?:bao tri|tam ngung hoat dong)$"
    r"|^(?:ban )?khong co quyen truy cap(?: trang nay)?$|^truy cap bi tu choi$"
)
MAX_HEADING_CHARS = 120  # a longer heading is a headline, not an error message
HEAD_CHARS = 200_000  # where a not-found page says so


_OPENING = re.compile(r"<(title|h1|h2)\b[^<>]{0,500}>", re.I)
_TAG = re.compile(r"<[^>]*>")
HEADING_WINDOW = 2000  # characters of markup between an opening tag and its end
MAX_HEADINGS = 64  # a not-found page says so in its first headings


def _headings(html: str) -> list[str]:
    """Text of the title and h1/h2 elements; linear in the page, whatever its markup
    (unclosed tags included), since it runs on every crawled page."""
    head = html[:HEAD_CHARS]
    lower = head.lower()
    texts = []
    for n, match in enumerate(_OPENING.finditer(head)):
        if n == MAX_HEADINGS:
            break
        close = lower.find(f"</{match.group(1).lower()}", match.end(), match.end() + HEADING_WINDOW)
        if close > 0:
            texts.append(unescape(_TAG.sub(" ", head[match.end() : close])))
    return [t for t in (" ".join(x.split()) for x in texts) if 0 < len(t) <= MAX_HEADING_CHARS]


NOT_FOUND_PAGE, SERVER_ERROR_PAGE = "not found", "server error"


def error_page(html: str) -> tuple[str, str] | None:
    """(kind, the heading that says so) when the page is a not-found page (NOT_FOUND_PAGE)
    or a server's error or default page (SERVER_ERROR_PAGE); None for any other page."""
    for text in _headings(html):
        folded = fold_diacritics(normalize_text(text)).lower().strip(" .!:-|")
        if NOT_FOUND.search(folded):
            return NOT_FOUND_PAGE, text
        if SERVER_PAGE.search(folded):
            return SERVER_ERROR_PAGE, text
    return None


def is_soft_404(html: str) -> bool:
    """True when the page's title or a main heading says the page was not found."""
    found = error_page(html)
    return found is not None and found[0] == NOT_FOUND_PAGE
