"""How values read on the HTML pages: Vietnamese dates, what a query was understood as.

Pure functions; the JSON twins keep ISO dates and the raw `understood` dict.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from indexer.search.query import parse_query
from webui.labels import FACET_LABELS, UNDATED_LABEL

ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:[T ].*)?$")


def vn_date(value: str | None, missing: str = UNDATED_LABEL) -> str:
    """An ISO date as Vietnamese write it: 2010-05-30 -> 30/05/2010, 2010-05 -> 05/2010."""
    if not value:
        return missing
    match = ISO_DATE.match(str(value))
    if not match:
        return str(value)
    year, month, day = match.groups()
    return "/".join(part for part in (day, month, year) if part)


def vn_number(value: float, digits: int = 0) -> str:
    """A number as Vietnamese write it: 1.234 for thousands, 12,5 for a decimal."""
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def date_span(first: str | None, last: str | None) -> str:
    """A span of dates ("từ 02/03/2017 đến 05/08/2019"), one date when they are the same,
    "không rõ ngày" when neither is known."""
    first, last = first or None, last or None
    if not first and not last:
        return UNDATED_LABEL
    if not first or not last or first == last:
        return vn_date(first or last)
    return f"{vn_date(first)} – {vn_date(last)}"


def codes_as_indexed(codes: list[str], canonical: Callable[[str], str | None]) -> list[str]:
    """The codes a query was read as, each as the index writes it when it is known
    ("16/2017/ND-CP" typed -> "16/2017/NĐ-CP"), else as read ("05-CT/*")."""
    return list(dict.fromkeys(canonical(code) or code for code in codes))


def suggested_code(q: str, suggestion: str | None) -> str | None:
    """The code a suggestion puts in place of a typed one (the nearest code that exists),
    or None when the suggestion changes words only."""
    if not suggestion:
        return None
    typed = set(parse_query(q).codes)
    return next((c for c in parse_query(suggestion).codes if c not in typed), None)


def understood_parts(understood: dict, codes: list[str] | None = None) -> list[str]:
    """What the search read in the query, one short Vietnamese phrase per part; `codes`
    are the query's codes as shown (see `codes_as_indexed`), else as read."""
    parts = []
    codes = understood.get("codes") if codes is None else codes
    if codes:
        parts.append("mã văn bản " + ", ".join(codes))
    if understood.get("persons"):
        parts.append("người " + ", ".join(understood["persons"]))
    for name, values in (understood.get("fields") or {}).items():
        label = FACET_LABELS.get(name, {"title": "tiêu đề", "date": "ngày"}.get(name, name))
        parts.append(f"{label.lower()}: " + ", ".join(str(v) for v in values))
    for phrase in understood.get("phrases") or []:
        parts.append(f"cụm từ “{phrase}”")
    words = understood.get("words") or []
    if words:
        joined = " ".join(words)
        parts.append(
            f"các từ “{joined}” (đứng liền nhau được xếp trước)"
            if understood.get("mode") == "phrase-first"
            else f"từ “{joined}”"
        )
    excluded = understood.get("excluded") or []
    if excluded:
        parts.append("trừ " + ", ".join(excluded))
    return parts


def file_size(size: int | None) -> str:
    """A file size as a clerk reads it: "512 KB", "2,1 MB"."""
    if not size:
        return ""
    if size < 1024 * 1024:
        return f"{vn_number(max(1, round(size / 1024)))} KB"
    return f"{vn_number(size / (1024 * 1024), 1)} MB"


def document_facts(document: dict | None) -> str:
    """One line about an attached file: "6 trang · 512 KB · đọc bằng OCR (6 trang)"."""
    if not document:
        return ""
    parts = []
    if document.get("pages") and document.get("format") in ("pdf",):
        parts.append(f"{document['pages']} trang")
    if document.get("size"):
        parts.append(file_size(document["size"]))
    ocr = document.get("ocr_pages") or 0
    if ocr and ocr == document.get("pages"):
        parts.append("đọc bằng OCR")
    elif ocr:
        parts.append(f"đọc bằng OCR {ocr} trang")
    elif document.get("format"):
        parts.append("có lớp chữ")
    return " · ".join(parts)
