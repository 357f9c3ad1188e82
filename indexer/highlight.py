"""Snippets that show the accented original with the matched words marked, HTML-escaped."""

from __future__ import annotations

import html
import re
from functools import lru_cache

from indexer.text import fold_aligned, fold_diacritics

_TOKEN = re.compile(r"\w+")
_COMBINING = re.compile("[\u0300-\u036f]")


def _folded_token(folded: str, m: re.Match[str]) -> str:
    token = folded[m.start() : m.end()]
    return token if token.isascii() else fold_diacritics(token)


@lru_cache(maxsize=512)
def _terms_pattern(terms: frozenset[str]) -> re.Pattern[str]:
    """Whole words equal to one of `terms`, longest first."""
    alternatives = "|".join(sorted(map(re.escape, terms), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def term_words(terms: set[str] | frozenset[str]) -> frozenset[str]:
    """The single words of `terms`: a term of several words ("hoa giai") stands for each."""
    return frozenset(word for term in terms for word in _TOKEN.findall(term))


def _matched_words(text: str, terms: set[str] | frozenset[str]) -> list[tuple[int, int]]:
    """(start, end) of every word of `text` whose folded form is one of the words of `terms`.

    A mark always covers exactly one word: "hòa giải" against the term "hoa giai" gives
    two spans, as it does against the terms "hoa" and "giai". One regular expression over
    the folded text (same offsets as `text`) instead of folding word by word; text with
    stray combining marks takes the word-by-word way.
    """
    terms = term_words(terms)
    if not terms:
        return []
    folded = fold_aligned(text)
    if _COMBINING.search(folded):
        return [m.span() for m in _TOKEN.finditer(text) if _folded_token(folded, m) in terms]
    return [m.span() for m in _terms_pattern(terms).finditer(folded)]


def highlight_terms(text: str, terms: set[str]) -> str:
    """Escape `text` and wrap every word whose folded form is in `terms` in <mark>."""
    out, last = [], 0
    for start, end in _matched_words(text, terms):
        out.append(html.escape(text[last:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        last = end
    out.append(html.escape(text[last:]))
    return "".join(out)


def make_snippet(text: str, terms: set[str], length: int = 260) -> str:
    """The passage of about `length` characters with the most matched words, marked."""
    if not text:
        return ""
    hits = _matched_words(text, terms)
    if not hits:
        cut = text[:length]
        return html.escape(cut.rsplit(" ", 1)[0] + "…" if len(text) > length else cut)
    best_start, best_count = hits[0][0], 0
    j = 0
    for i, (hit_start, _) in enumerate(hits):
        while hits[j][0] < hit_start - length + 40:
            j += 1
        if i - j + 1 > best_count:
            best_count, best_start = i - j + 1, hits[j][0]
    start = max(0, best_start - 60)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < best_start else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    snippet = highlight_terms(text[start:end], terms)
    return ("…" if start else "") + snippet + ("…" if end < len(text) else "")
