"""Snippets that show the accented original with the matched words marked, HTML-escaped."""

from __future__ import annotations

import html
import re

from indexer.text import fold_aligned, fold_diacritics

_TOKEN = re.compile(r"\w+")


def _folded_token(folded: str, m: re.Match[str]) -> str:
    token = folded[m.start() : m.end()]
    return token if token.isascii() else fold_diacritics(token)


def highlight_terms(text: str, terms: set[str]) -> str:
    """Escape `text` and wrap every word whose folded form is in `terms` in <mark>."""
    out, last = [], 0
    folded = fold_aligned(text)
    for m in _TOKEN.finditer(text):
        if _folded_token(folded, m) in terms:
            out.append(html.escape(text[last : m.start()]))
            out.append(f"<mark>{html.escape(m.group(0))}</mark>")
            last = m.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def make_snippet(text: str, terms: set[str], length: int = 260) -> str:
    """The passage of about `length` characters with the most matched words, marked."""
    if not text:
        return ""
    folded = fold_aligned(text)
    hits = [m for m in _TOKEN.finditer(text) if _folded_token(folded, m) in terms] if terms else []
    if not hits:
        cut = text[:length]
        return html.escape(cut.rsplit(" ", 1)[0] + "…" if len(text) > length else cut)
    best_start, best_count = hits[0].start(), 0
    j = 0
    for i, hit in enumerate(hits):
        while hits[j].start() < hit.start() - length + 40:
            j += 1
        if i - j + 1 > best_count:
            best_count, best_start = i - j + 1, hits[j].start()
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
