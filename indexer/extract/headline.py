"""Headlines as templates print them: empty date slots, timestamps and site names around.

Portal templates often render the headline and its date slot in one element
("Tiêu đề <span>( )</span>", "Tiêu đề 2019-06-25T05:00:00.000Z", "Tiêu đề (31.05.2019 08:15)").
These pure functions take such decorations off and hand back the date they held.
"""

from __future__ import annotations

import re
from datetime import date

from indexer.text.dates import make_date

# "( )", "[ ]", "(  -  )": a slot whose value the template left empty.
EMPTY_SLOT = re.compile(r"[(\[]\s*[-–:/|,.]?\s*[)\]]")
# A raw ISO timestamp: "2019-06-25T05:00:00.000Z", "2019-06-25 05:00:00".
_ISO = r"(?:19|20)\d\d-[01]\d-[0-3]\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?"
_DMY = r"[0-3]?\d[./-][01]?\d[./-](?:19|20)\d\d"
_TIME = r"\d{1,2}\s?[:hg]\s?\d{2}(?::\d{2})?(?:\s?[AaPp][Mm])?"
# A date slot: in brackets, or a date with a time, or an ISO timestamp.
_SLOT = (
    rf"(?:\(\s*(?:{_TIME}\s*,?\s*)?{_DMY}(?:\s*,?\s*{_TIME})?\s*\)|\(\s*{_ISO}\s*\)"
    rf"|(?:{_TIME}\s*,?\s*)?{_DMY}\s*,?\s*{_TIME}|{_ISO})"
)
TRAILING_DATE = re.compile(rf"\s*{_SLOT}\s*$")
LEADING_DATE = re.compile(rf"^\s*{_SLOT}\s*[-–|:]?\s*")
_ISO_PARTS = re.compile(r"(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)")
_DMY_PARTS = re.compile(r"(?P<d>[0-3]?\d)[./-](?P<m>[01]?\d)[./-](?P<y>(?:19|20)\d\d)")


def _date_of(slot: str) -> date | None:
    m = _ISO_PARTS.search(slot) or _DMY_PARTS.search(slot)
    return make_date(int(m["y"]), int(m["m"]), int(m["d"])) if m else None


def clean_headline(text: str) -> tuple[str, date | None]:
    """The headline without empty slots or a date slot at either end, and that slot's date.

    A date that is part of the wording ("Lịch công tác từ 8/7/2019 - 12/7/2019") stays:
    only a bracketed date, a date with a time, or an ISO timestamp counts as a slot.
    """
    title = EMPTY_SLOT.sub(" ", text)
    found: date | None = None
    for pattern in (TRAILING_DATE, LEADING_DATE):
        m = pattern.search(title)
        if m and len(title) - len(m.group(0)) >= 8:
            found = found or _date_of(m.group(0))
            title = title[: m.start()] + " " + title[m.end() :]
    title = re.sub(r"\s+", " ", title).strip(" -–|:,")
    return title, found


# Separators between a headline and the site's name in <title> and og:title.
SITE_SEPARATOR = re.compile(r"\s+[|\-–—»]\s+|\s*::\s*")
# What a site's or an organisation's name looks like (not a headline's words).
SITE_NAME = re.compile(
    r"^(?:trang thông tin|cổng thông tin|website|báo|tạp chí|đài|huyện ủy|tỉnh ủy|thành ủy|"
    r"quận ủy|thị ủy|đảng ủy|đảng bộ|ubnd|ủy ban|hđnd|sở|ban|trường|mặt trận|hội|"
    r"thanh tra|văn phòng|công an|bộ)\b|\.(?:vn|com|net|org)\b",
    re.I,
)
SITE_NAME_MAX_WORDS = 8


def _is_site_name(part: str, site_names: tuple[str, ...]) -> bool:
    if any(part.casefold() == name.casefold() for name in site_names if name):
        return True
    return len(part.split()) <= SITE_NAME_MAX_WORDS and bool(SITE_NAME.search(part))


def strip_site_name(text: str, site_names: tuple[str, ...] = ()) -> str | None:
    """The headline of a <title> or og:title without the site's name before or after it
    ("Tiêu đề - Huyện ủy Đắk Mil" -> "Tiêu đề"); None when no end reads as a site name.

    Only an end part is taken off, and only when what stays is longer than it, so a
    headline with a dash inside ("nhiệm kỳ 2019 - 2024") keeps it.
    """
    parts = SITE_SEPARATOR.split(text.strip())
    if len(parts) < 2:
        return None
    stripped = False
    while len(parts) > 1 and _is_site_name(parts[-1], site_names):
        if len(parts[-1]) >= len(" - ".join(parts[:-1])):
            break
        parts.pop()
        stripped = True
    while len(parts) > 1 and _is_site_name(parts[0], site_names):
        if len(parts[0]) >= len(" - ".join(parts[1:])):
            break
        parts.pop(0)
        stripped = True
    if not stripped:
        return None
    start = text.find(parts[0])
    end = text.rfind(parts[-1]) + len(parts[-1])
    return text[start:end].strip()
