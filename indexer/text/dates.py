"""Vietnamese dates: always day, month, year; bylines, metadata and event sentences."""

from __future__ import annotations

import re
from datetime import date

from indexer.text.normalize import normalize_text

EVENT_DATE_CHARS = 1500  # the opening sentences, where an event date is stated
WORDY_DATE_CHARS = 400  # a date in words further on is about something else
_DAY = r"(?P<d>[0-3]?\d)"
_MONTH = r"(?P<m>[01]?\d)"
_YEAR = r"(?P<y>(?:19|20)\d\d)"
# "ngày 04 tháng 8 năm 2017"
WORDY_DATE = re.compile(rf"ngày\s+{_DAY}\s+tháng\s+{_MONTH}\s+năm\s+{_YEAR}", re.I)
# "04/8/2017", "04-08-2017", "04.8.2017", "04 08 2019" (some portals' headers)
NUMERIC_DATE = re.compile(
    rf"(?<![\d/.-]){_DAY}\s?(?P<sep>[/.-]|\s)\s?{_MONTH}\s?(?P=sep)\s?{_YEAR}(?![\d/]|-\d)"
)
ISO_DATE = re.compile(rf"{_YEAR}-(?P<m>[01]\d)-(?P<d>[0-3]\d)")
# A day and month without a year, opening an event sentence: "Sáng ngày 2/4", "Chiều 22.4".
EVENT_OPENING = re.compile(
    rf"(?:sáng|chiều|tối|trưa|đêm|ngày|hôm|từ ngày|trong (?:hai|ba) ngày)\s+(?:nay\s+)?\(?"
    rf"(?:ngày\s+)?{_DAY}\s?[/.-]\s?{_MONTH}(?:\s?[/.-]\s?{_YEAR})?(?![\d/.-]?\d)",
    re.I,
)
# "Sáng nay (2.5)", "hôm nay, 26/5": the day the text says it is written on.
TODAY_PHRASE = re.compile(
    rf"(?:sáng|chiều|tối|trưa|đêm|hôm)\s+nay\s*,?\s*\(?(?:ngày\s+)?"
    rf"{_DAY}\s?[/.-]\s?{_MONTH}(?:\s?[/.-]\s?{_YEAR})?(?![\d/.-]?\d)",
    re.I,
)
_ANY_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ])|\n")


def make_date(year: int, month: int, day: int) -> date | None:
    """A `date`, or None when the numbers are not a real calendar day."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _from_match(m: re.Match[str]) -> date | None:
    return make_date(int(m["y"]), int(m["m"]), int(m["d"]))


def parse_date(text: str) -> date | None:
    """The first full date written anywhere in `text` (day/month/year order)."""
    text = normalize_text(text)
    found = []
    for pattern in (WORDY_DATE, NUMERIC_DATE, ISO_DATE):
        for m in pattern.finditer(text):
            day = _from_match(m)
            if day:
                found.append((m.start(), day))
                break
    return min(found)[1] if found else None


def parse_iso(text: str) -> date | None:
    """A date from metadata (ISO 8601 first, else any Vietnamese form)."""
    m = ISO_DATE.search(text or "")
    return _from_match(m) if m else parse_date(text or "")


def find_event_date(body: str, published: date | None = None) -> date | None:
    """The day the reported event happened, when the opening sentences state it.

    The year comes from the date itself, else from the same sentence, else from the
    publication date (an event is reported after it happens).
    """
    head = normalize_text(body[:EVENT_DATE_CHARS])
    for sentence in _SENTENCE_END.split(head)[:4]:
        m = EVENT_OPENING.search(sentence)
        if not m:
            continue
        year = int(m["y"]) if m["y"] else None
        if year is None:
            years = _ANY_YEAR.findall(sentence[m.end() :]) or _ANY_YEAR.findall(sentence)
            if years:
                year = int(years[0])
            elif published:
                year = published.year
                if (int(m["m"]), int(m["d"])) > (published.month, published.day):
                    year -= 1
        if year:
            found = make_date(year, int(m["m"]), int(m["d"]))
            if found:
                return found
        wordy = WORDY_DATE.search(sentence)
        if wordy:
            return _from_match(wordy)
    m = WORDY_DATE.search(head[:WORDY_DATE_CHARS])
    return _from_match(m) if m else None


def written_on(body: str, published: date | None) -> date | None:
    """The day the opening sentences say they are written ("Sáng nay (2.5), …"), or None.

    Without a year the day is placed in the year, around `published`, that brings it
    closest to it (without `published` there is no year to give it)."""
    m = TODAY_PHRASE.search(normalize_text(body[:EVENT_DATE_CHARS]))
    if not m:
        return None
    if m["y"]:
        return make_date(int(m["y"]), int(m["m"]), int(m["d"]))
    if published is None:
        return None
    days = [make_date(published.year + k, int(m["m"]), int(m["d"])) for k in (-1, 0, 1)]
    found = [d for d in days if d is not None]
    return min(found, key=lambda d: abs(d - published)) if found else None
