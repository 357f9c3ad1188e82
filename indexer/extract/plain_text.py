"""Plain-text articles: a title line when there is one, the body, a byline at the end."""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.extract.byline import split_byline
from indexer.text.normalize import clean_text


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
    lines, author, source_url = split_byline([line for line in lines if line])
    if not lines:
        return ExtractedText("", [], author, source_url)
    if _looks_like_title(lines[0]) and len(lines) > 1:
        title, body = lines[0], lines[1:]
    else:
        title, body = _fallback_title(lines[0]), lines
    return ExtractedText(title, body, author, source_url)
