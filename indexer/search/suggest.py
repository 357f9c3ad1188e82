"""Whether a "Có phải bạn muốn tìm …?" suggestion helps the person who typed the query.

A suggestion (accents restored, a misspelt word corrected, the nearest code) is offered
only when following it gives something the typed query did not:

- more articles (a correction, a zero-result query whose fix finds some), or
- the same articles, with the suggested accents actually written in them: the changed
  words stand in those articles as suggested ("tinh giản biên chế"), where the typed
  spelling does not. "tỉnh gian biên chế", which no article writes, is not offered.

Matching folds accents, so restoring them never finds more; what it can give is the
form the articles use. The engine passes how a query text is matched (`docs_of`), so
this module knows nothing of Whoosh; the words are read from the index's text column.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from indexer import bitset
from indexer.search.query import Node, parse_query
from indexer.search.textcolumn import SEPARATOR, TextColumn, _in_range
from indexer.text.analysis import Term, analyse, folded_text

# Articles read to judge the accents: the first ones the typed query matches. A thousand
# articles show whether a spelling is used, at a bounded cost on any index (at 100,000
# articles: 0.7 ms a search on average; 2,000 cost 1.7 ms for the same decisions but one).
MAX_SAMPLE = 1000

Span = tuple[int, int]  # word numbers [low, high) of the text column


def helpful_suggestion(
    typed: str,
    suggestion: str | None,
    docs_of: Callable[[str], int],
    text: TextColumn,
    filters: Iterable[int] = (),
    typed_docs: int | None = None,
) -> str | None:
    """`suggestion` when it finds more than `typed`, or the same with its accents found in
    those articles; otherwise None.

    `docs_of(q)` is the bitset of documents a query text matches; `filters` are the
    bitsets of the page's selected facets, which both queries are counted under.
    `typed_docs`, when the caller has it, is what `typed` matches under those filters.
    """
    if not suggestion or suggestion.strip() == typed.strip():
        return None
    filters = list(filters)
    if typed_docs is None:
        typed_docs = _filtered(docs_of(typed), filters)
    if folded_text(suggestion) == folded_text(typed):
        suggested_docs = typed_docs  # only accents differ: matching folds them away
    else:
        suggested_docs = _filtered(docs_of(suggestion), filters)
    typed_count, suggested_count = typed_docs.bit_count(), suggested_docs.bit_count()
    if suggested_count != typed_count:
        return suggestion if suggested_count > typed_count else None
    if not typed_count:
        return None
    typed_terms, suggested_terms = analyse(typed), analyse(suggestion)
    if [t.folded for t in typed_terms] != [t.folded for t in suggested_terms]:
        return None  # other words that find no more articles
    sample = SampledText(text, typed_docs)
    return suggestion if better_accents(typed_terms, suggested_terms, sample) else None


def _filtered(docs: int, filters: list[int]) -> int:
    for selected in filters:
        docs &= selected
    return docs


def query_docs(node_docs: Callable[[Node], int], all_docs: int) -> Callable[[str], int]:
    """`docs_of` for `helpful_suggestion`: a query text parsed, then matched by `node_docs`."""

    def docs_of(q: str) -> int:
        parsed = parse_query(q)
        if parsed.root is None:
            return all_docs if parsed.matches_everything else 0
        return node_docs(parsed.root)

    return docs_of


def better_accents(typed: list[Term], suggested: list[Term], sample: SampledText) -> bool:
    """Whether every run of words the suggestion re-accents stands, as suggested, in the
    sampled articles more than in any other accents (the unaccented typing included).

    A run is a longest stretch of the query that the articles hold one word after
    another (folded); it gives the changed words their context, so "tỉnh" alone being a
    common word does not make "tỉnh gian biên chế" right. In a query of several words, a
    word re-accented alone (its run is one word: no article holds it beside its
    neighbours) is not judged at all: accents are restored from phrases, not word by word.
    """
    changed = [t.accented != s.accented for t, s in zip(typed, suggested, strict=True)]
    if not any(changed):
        return False  # only capitals differ: nothing to gain
    start = 0
    while start < len(suggested):
        end = sample.longest_run(suggested, start)
        if any(changed[start:end]):
            if end - start < 2 <= len(suggested):
                return False
            as_typed = sample.count(_spans(sample.text, typed, changed, start, end))
            as_suggested = sample.count(_spans(sample.text, suggested, changed, start, end))
            if as_suggested <= as_typed:
                return False
            # And no other accents of the changed words are written more often there.
            folded = [sample.text.ranges[t.folded] for t in suggested[start:end]]
            which = [i for i in range(end - start) if changed[start + i]]
            wanted = tuple(sample.text.number(suggested[start + i]) for i in which)
            forms = sample.form_counts(folded, which)
            if forms.get(wanted, 0) < max(forms.values(), default=0):
                return False
        start = end
    return True


def _spans(
    text: TextColumn, terms: list[Term], changed: list[bool], start: int, end: int
) -> list[Span] | None:
    """The word numbers to look for: a changed word with exactly its accents, the others
    in any accents (codes and words kept as typed need not be written that way)."""
    spans: list[Span] = []
    for term, exact in zip(terms[start:end], changed[start:end], strict=True):
        if exact:
            number = text.number(term)
            if number is None:
                return None
            spans.append((number, number + 1))
        else:
            span = text.ranges.get(term.folded)
            if span is None:
                return None
            spans.append(span)
    return spans


class SampledText:
    """The words of (at most MAX_SAMPLE of) some documents, as one array to count phrases."""

    def __init__(self, text: TextColumn, docs: int, limit: int = MAX_SAMPLE) -> None:
        self.text = text
        chosen = np.flatnonzero(bitset.to_mask(docs, docs.bit_length()))[:limit].astype(np.int64)
        chosen = chosen[chosen + 1 < text.offsets.size]
        begins, ends = text.offsets[chosen], text.offsets[chosen + 1]
        lengths = ends - begins
        # Where each document starts in the sample; every document's words in one gather.
        self.starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
        where = np.arange(int(lengths.sum()), dtype=np.int64)
        where += np.repeat(begins - self.starts, lengths)
        words = np.asarray(text.tokens)[where]
        end = np.full(1, SEPARATOR, dtype=words.dtype)  # no phrase runs off the end
        self.tokens = np.concatenate([words, end])

    def count(self, spans: list[Span] | None) -> int:
        """How many sampled documents hold words of `spans`, one after another."""
        if not spans or not self.starts.size:
            return 0
        size = self.tokens.size - len(spans) + 1
        if size <= 0:
            return 0
        found = np.ones(size, dtype=bool)
        for i, (low, high) in enumerate(spans):
            found &= _in_range(self.tokens[i : i + size], low, high)
        positions = np.flatnonzero(found)
        if not positions.size:
            return 0
        return int(np.unique(np.searchsorted(self.starts, positions, side="right")).size)

    def form_counts(self, spans: list[Span], which: list[int]) -> dict[tuple[int, ...], int]:
        """How many sampled documents write the folded words of `spans`, one after another,
        with each form (the word numbers, exact accents, at the offsets `which`)."""
        size = self.tokens.size - len(spans) + 1
        if size <= 0 or not self.starts.size:
            return {}
        found = np.ones(size, dtype=bool)
        for i, (low, high) in enumerate(spans):
            found &= _in_range(self.tokens[i : i + size], low, high)
        positions = np.flatnonzero(found)
        if not positions.size:
            return {}
        forms = np.stack([self.tokens[positions + i] for i in which], axis=1).tolist()
        docs = np.searchsorted(self.starts, positions, side="right").tolist()
        counts: dict[tuple[int, ...], int] = {}
        for form, _ in {(tuple(f), d) for f, d in zip(forms, docs, strict=True)}:
            counts[form] = counts.get(form, 0) + 1
        return counts

    def longest_run(self, terms: list[Term], start: int) -> int:
        """The end of the longest stretch from `start` that some sampled document holds
        (folded, one word after another); at least one word."""
        for end in range(len(terms), start + 1, -1):
            spans = [self.text.ranges.get(t.folded) for t in terms[start:end]]
            if all(spans) and self.count(spans):  # type: ignore[arg-type]
                return end
        return start + 1
