"""Snippets that show the accented original with the matched words marked, HTML-escaped."""

from __future__ import annotations

import html
import re
from functools import lru_cache

from indexer.text.analysis import Term
from indexer.text.normalize import fold_aligned, fold_diacritics, normalize_tone

_TOKEN = re.compile(r"\w+")
_COMBINING = re.compile("[\u0300-\u036f]")
_WORD_CHAR = re.compile(r"\w")
PHRASE_WEIGHT, EXACT_WEIGHT = 3, 2  # a matched word's worth when choosing the passage


class QueryTerms(set):
    """The folded words to mark, and what the query said beyond them: the runs of words
    typed together (marked where they stand together) and the accents typed."""

    def __init__(self, terms: set[str], runs: list[list[Term]], typed: list[Term]) -> None:
        super().__init__(terms)
        self.runs = [tuple(t.folded for t in run) for run in runs if len(run) > 1]
        self.exact: dict[str, set[str]] = {}
        for term in typed:  # analysed once by the query parser: no folding here
            if term.has_diacritics:
                self.exact.setdefault(term.folded, set()).add(term.accented)


def _exact_key(word: str) -> str:
    """A word as typed, compared without case or tone placement (hòa = hoà)."""
    return normalize_tone(word).lower()


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


def _weighted_spans(text: str, terms: set[str]) -> list[tuple[int, int, int]]:
    """The words to mark, each with its worth. With `QueryTerms`, words typed together are
    marked only where they stand together (when they do somewhere in `text`), and a word
    typed with accents only in those accents (when `text` has them somewhere)."""
    spans = _matched_words(text, terms)
    runs = getattr(terms, "runs", [])
    exact = getattr(terms, "exact", {})
    if not spans or not (runs or exact):
        return [(start, end, 1) for start, end in spans]
    folded = [fold_diacritics(text[start:end]) for start, end in spans]
    in_phrase = [False] * len(spans)
    for run in runs:
        size = len(run)
        for i in range(len(spans) - size + 1):
            if tuple(folded[i : i + size]) == run and not any(
                _WORD_CHAR.search(text[spans[k][1] : spans[k + 1][0]])
                for k in range(i, i + size - 1)
            ):
                in_phrase[i : i + size] = [True] * size
    run_words = {w for run in runs for w in run}
    is_exact = [
        word in exact and _exact_key(text[start:end]) in exact[word]
        for word, (start, end) in zip(folded, spans, strict=True)
    ]
    exact_found = {word for word, found in zip(folded, is_exact, strict=True) if found}
    out = []
    for i, (start, end) in enumerate(spans):
        word = folded[i]
        if any(in_phrase) and word in run_words and not in_phrase[i]:
            continue
        if word in exact_found and not is_exact[i]:
            continue
        weight = PHRASE_WEIGHT if in_phrase[i] else EXACT_WEIGHT if is_exact[i] else 1
        out.append((start, end, weight))
    return out


def _marked(text: str, spans: list[tuple[int, int, int]], start: int, end: int) -> str:
    """text[start:end] escaped, with the spans inside it marked."""
    out, last = [], start
    for span_start, span_end, _ in spans:
        if span_start < start or span_end > end:
            continue
        out.append(html.escape(text[last:span_start]))
        out.append(f"<mark>{html.escape(text[span_start:span_end])}</mark>")
        last = span_end
    out.append(html.escape(text[last:end]))
    return "".join(out)


def highlight_terms(text: str, terms: set[str]) -> str:
    """Escape `text` and wrap every word whose folded form is in `terms` in <mark>
    (preferring the phrase and the accents typed, see `_weighted_spans`)."""
    if isinstance(terms, QueryTerms):
        return _marked(text, _weighted_spans(text, terms), 0, len(text))
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
    hits = _weighted_spans(text, terms)
    if not hits:
        cut = text[:length]
        return html.escape(cut.rsplit(" ", 1)[0] + "…" if len(text) > length else cut)
    best_start, best_count = hits[0][0], 0
    j, window = 0, 0
    for hit_start, _, weight in hits:  # the window of most worth (the phrase, the accents)
        window += weight
        while hits[j][0] < hit_start - length + 40:
            window -= hits[j][2]
            j += 1
        if window > best_count:
            best_count, best_start = window, hits[j][0]
    start = max(0, best_start - 60)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < best_start else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    snippet = _marked(text, hits, start, end)
    return ("…" if start else "") + snippet + ("…" if end < len(text) else "")
