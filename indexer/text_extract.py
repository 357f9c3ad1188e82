"""Plain-text articles: a title line when there is one, the body, a byline at the end."""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.layouts import BYLINE, ORIGINAL_LINK
from indexer.text import clean_text

_URL = re.compile(r"https?://\S+")
# A byline glued to the end of the last paragraph: "… như sau. Thanh Lê", "… (TTXVN)".
_TRAILING_BYLINE = re.compile(
    r"(?<=[.!?…”\"])\s+(?P<author>(?:[A-ZĐÀ-Ỹ][\w.'’-]*\s*){1,6}(?:\([^)]{2,60}\))?"
    r"|[A-ZĐÀ-Ỹ .\-–/+]{2,60}(?:\([^)]{2,60}\))?|PV\.?|\([^)]{2,60}\))\s*$"
)


@dataclass
class ExtractedText:
    """What the text extractor found."""

    title: str
    body: list[str]
    author: str | None
    source_url: str | None


def _looks_like_title(line: str) -> bool:
    return 4 <= len(line) <= 250 and not line.rstrip().endswith((".", ":", ";", ","))


def _fallback_title(first: str) -> str:
    sentence = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0]
    return sentence if len(sentence) <= 160 else sentence[:157].rsplit(" ", 1)[0] + "…"


def extract_text(text: str) -> ExtractedText:
    """Split a plain-text article into title, body paragraphs, author and original link."""
    lines = [clean_text(line).strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return ExtractedText("", [], None, None)
    author = source_url = None
    # Trailing lines: original link, its URL, "Tác giả:", "Nguồn:".
    while lines:
        last = lines[-1]
        if _URL.fullmatch(last):
            source_url = source_url or last
        elif ORIGINAL_LINK.search(last) and len(last) < 120:
            url = _URL.search(last)
            source_url = source_url or (url.group(0) if url else None)
        elif (m := BYLINE.match(last)) and len(last) <= 120 and m["label"].lower() not in ("tin", "bài"):
            url = _URL.search(last)
            if url:
                source_url = source_url or url.group(0)
            else:
                author = author or m["value"].strip(" .")
        else:
            break
        lines.pop()
    if not lines:
        return ExtractedText("", [], author, source_url)
    if _looks_like_title(lines[0]) and len(lines) > 1:
        title, body = lines[0], lines[1:]
    else:
        title, body = _fallback_title(lines[0]), lines
    if author is None and body:
        body, author = _split_trailing_byline(body)
    return ExtractedText(title, body, author, source_url)


def _split_trailing_byline(body: list[str]) -> tuple[list[str], str | None]:
    last = body[-1]
    if len(last) <= 60 and not last.endswith((".", ":", ";")) and len(body) > 1:
        if re.fullmatch(r"[^\d]{2,60}", last) and (last.isupper() or last.istitle() or "(" in last):
            return body[:-1], last.strip()
    m = _TRAILING_BYLINE.search(last)
    if m and len(m["author"].split()) <= 8:
        return body[:-1] + [last[: m.start()].rstrip()], m["author"].strip()
    return body, None
