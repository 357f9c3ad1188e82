"""Soft 404: a page that answers 200 but says the address does not exist.

Portals built on SharePoint, NukeViet or home-made CMSs often answer a missing article
with 200 and a "Không tìm thấy trang" or "Bài viết không tồn tại" page. The crawler must
count it as not found, not index it, and mark an article it held before as gone.

Only the page's title and its main headings are read: an article's body may well say
"không tìm thấy dấu hiệu vi phạm", but its headline is not "Không tìm thấy trang".
"""

from __future__ import annotations

import re

import lxml.etree
import lxml.html

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


def _headings(html: str) -> list[str]:
    try:
        tree = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return []
    texts = [node.text_content() for node in tree.xpath("//title | //h1 | //h2")]
    return [t for t in (" ".join(x.split()) for x in texts) if 0 < len(t) <= MAX_HEADING_CHARS]


def is_soft_404(html: str) -> bool:
    """True when the page's title or a main heading says the page was not found."""
    for text in _headings(html):
        folded = fold_diacritics(normalize_text(text)).lower().strip(" .!:-|")
        if NOT_FOUND.search(folded):
            return True
    return False
