"""Soft 404: a page that answers 200 but says the address does not exist.

Portals built on SharePoint, NukeViet or home-made CMSs often answer a missing article
with 200 and a "Không tìm thấy trang" or "Bài viết không tồn tại" page. The crawler must
count it as not found, not index it, and mark an article it held before as gone.

Only the page's title and its main headings are read: an article's body may well say
"không tìm thấy dấu hiệu vi phạm", but its headline is not "Không tìm thấy trang".
"""

from __future__ import annotations

import re
from html import unescape

from indexer.text import fold_diacritics, normalize_text

# Matched against folded (no diacritics, lower case) title and headings.
NOT_FOUND = re.compile(
    r"^(?:loi\s*)?404\b"
    r"|\b404\s*(?:-|:|\|)?\s*(?:not found|page not found|khong tim thay)"
    r"|\bpage not found\b|^not found$|\bfile not found\b|\bpage (?:does not|doesn't) exist\b"
    r"|\bkhong tim thay (?:trang|bai viet|noi dung|tin|du lieu|duong dan|dia chi|yeu cau|tai nguyen)"
    r"|\b(?:trang|bai viet|noi dung|tin bai|duong dan|dia chi|lien ket)(?: nay| ban (?:yeu cau|tim))?"
    r" (?:khong ton tai|da bi xoa|khong con ton tai|da bi go)"
    r"|^khong tim thay$|^trang bao loi$"
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


def is_soft_404(html: str) -> bool:
    """True when the page's title or a main heading says the page was not found."""
    for text in _headings(html):
        folded = fold_diacritics(normalize_text(text)).lower().strip(" .!:-|")
        if NOT_FOUND.search(folded):
            return True
    return False
