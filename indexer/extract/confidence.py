"""How sure the extractor is that it found the article: "found", "unsure" or "none".

The verdict weighs evidence that does not depend on any one site: whether the body holds
the page's largest block of prose (two methods, the best-window and the longest-text,
agreeing), how long the body is, and whether the title is confirmed by the page's
metadata, its URL slug or a heading element.
"""

from __future__ import annotations

from dataclasses import dataclass

FOUND = "found"
UNSURE = "unsure"
NONE = "none"
LEVELS = (FOUND, UNSURE, NONE)

NO_BODY_CHARS = 80  # below this there is no article text to speak of
SHORT_BODY_CHARS = 300  # a body this long stands on its own; shorter ones need punctuation
MIN_BODY_CHARS = 120  # ...or to hold the page's largest prose block and be at least this long
BIG_BLOCK_CHARS = 250  # a block of prose this long outside the body is suspicious


@dataclass(frozen=True)
class Evidence:
    """What the extractor saw on one page."""

    body_chars: int
    body_ends_sentence: bool  # the body's last line ends like prose ('.', '!', '?', '…')
    largest_block_chars: int  # the page's longest low-link text block
    largest_block_in_body: bool
    title_found: bool  # a non-empty title
    title_confirmed: bool  # by metadata, the URL slug, a layout or a heading element


def judge(evidence: Evidence) -> str:
    """The confidence level for one page's body."""
    if evidence.body_chars < NO_BODY_CHARS:
        return NONE
    body_ok = (
        evidence.body_chars >= SHORT_BODY_CHARS
        or evidence.body_ends_sentence
        or (evidence.largest_block_in_body and evidence.body_chars >= MIN_BODY_CHARS)
    )
    agrees = evidence.largest_block_in_body or evidence.largest_block_chars < BIG_BLOCK_CHARS
    if body_ok and agrees and evidence.title_found and evidence.title_confirmed:
        return FOUND
    return UNSURE


def text_confidence(title: str, body_chars: int) -> str:
    """Plain-text articles: the file is the article, so only emptiness is in doubt."""
    if body_chars < NO_BODY_CHARS:
        return NONE if not title else UNSURE
    return FOUND if title else UNSURE
