"""The reading side of the PostgreSQL store: one committed generation behind `IndexView`.

Sets of documents come from the postings table as bitsets. Ranking fetches the postings
of the scoring tree's terms (with each document's field length) in one query and scores
them with BM25 here: the document frequencies and average lengths are those of this
generation, a field's declared boost multiplies its score (the accented title outranks
the folded one, as in the Whoosh store), and the tree adds them up as Whoosh's queries
do. The search stages call it only for small result sets (indexer/search/ranking.py).
"""

from __future__ import annotations

import bisect
import math
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence

from indexer import bitset
from indexer.search.spelling import edit_distance
from indexer.store.interface import AllOf, AndMaybe, AnyOf, PhraseScore, Scoring, TermScore
from indexer.store.postgresql.connection import reading
from indexer.store.postgresql.rows import FIELD_BOOST
from indexer.store.postgresql.source import State, docs_bitset

K1, B = 1.2, 0.75  # BM25's term-frequency saturation and length normalisation
RECORD_CACHE_SIZE = 1024  # stored records kept per process (a few MB)
LEVENSHTEIN_MAX = 255  # fuzzystrmatch compares words up to this many characters

Scores = dict[int, float]


class RecordCache:
    """The stored records read last, shared by the views of a process. A document number
    is never given to another document (updates add a new one) until a rebuild restarts
    the numbering (a new `base`), so a record read once is valid in every later generation
    of the same base: result pages and code ranking read the same few
    records again and again, each a round trip to the database otherwise."""

    def __init__(self, size: int) -> None:
        self.size, self.items = size, OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple) -> tuple[str, dict] | None:
        with self.lock:
            found = self.items.get(key)
            if found is not None:
                self.items.move_to_end(key)
            return found

    def put(self, key: tuple, value: tuple[str, dict]) -> None:
        with self.lock:
            self.items[key] = value
            while len(self.items) > self.size:
                self.items.popitem(last=False)


RECORDS = RecordCache(RECORD_CACHE_SIZE)


class PostgresView:
    """`IndexView` over one generation of the database."""

    def __init__(self, address: str, state: State) -> None:
        self.address, self.state = address, state
        self.key, self.generation = state.key, state.generation

    def _live(self, alias: str = "d") -> str:
        return self.state.live_sql(alias)

    def terms_docs(self, terms: Sequence[tuple[str, str]]) -> int:
        if not terms:
            return bitset.EMPTY
        fields, texts = zip(*terms, strict=True)
        return docs_bitset(
            self.address,
            "SELECT doc FROM postings WHERE (field, term) IN"
            " (SELECT * FROM unnest(%s::text[], %s::text[])) AND doc < %s",
            (list(fields), list(texts), self.state.doc_limit),
        )

    def phrase_docs(self, field: str, words: Sequence[str]) -> int:
        return bitset.from_docs(self._phrase_counts(field, words))

    def _phrase_counts(self, field: str, words: Sequence[str]) -> dict[int, int]:
        """Document -> how many times `words` stand one after another in `field`."""
        words = list(words)
        if not words:
            return {}
        with reading(self.address) as conn:
            rows = conn.execute(
                "SELECT term, doc, positions FROM postings WHERE field = %s AND term = ANY(%s)"
                " AND doc < %s AND positions IS NOT NULL",
                (field, words, self.state.doc_limit),
            ).fetchall()
        places: dict[str, dict[int, set[int]]] = {}
        for term, doc, positions in rows:
            places.setdefault(term, {})[doc] = set(positions)
        if any(w not in places for w in words):
            return {}
        counts = {}
        for doc in set.intersection(*(set(places[w]) for w in words)):
            starts = places[words[0]][doc]
            for offset, word in enumerate(words[1:], start=1):
                starts = {s for s in starts if s + offset in places[word][doc]}
            if starts:
                counts[doc] = len(starts)
        return counts

    def expand_prefix(self, field: str, prefix: str) -> Iterator[str]:
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        with reading(self.address) as conn:
            rows = conn.execute(
                "SELECT term FROM vocabulary WHERE field = %s AND term LIKE %s ORDER BY term",
                (field, escaped + "%"),
            ).fetchall()
        return iter([r[0] for r in rows])

    def stored(self, doc: int) -> tuple[str, dict]:
        key = (self.address, self.state.identity, self.state.base, doc)
        found = RECORDS.get(key)
        if found is None:
            with reading(self.address) as conn:
                row = conn.execute(
                    "SELECT id, record FROM documents WHERE doc = %s", (doc,)
                ).fetchone()
            if row is None:
                raise KeyError(doc)
            found = (row[0], row[1] or {})
            RECORDS.put(key, found)
        return found

    def doc_number(self, doc_id: str) -> int | None:
        with reading(self.address) as conn:
            row = conn.execute(
                f"SELECT doc FROM documents d WHERE id = %s AND {self._live()}"
                " ORDER BY doc DESC LIMIT 1",
                (doc_id,),
            ).fetchone()
        return row[0] if row else None

    def top(
        self, scoring: Scoring, allowed: set[int] | None, limit: int
    ) -> list[tuple[int, float]]:
        terms = sorted({(t.field, t.text) for t in _leaves(scoring, TermScore)})
        postings = self._term_postings(terms)
        scores = self._score(scoring, postings)
        found = [(d, s) for d, s in scores.items() if allowed is None or d in allowed]
        found.sort(key=lambda item: (-item[1], item[0]))
        return found[:limit]

    def _term_postings(
        self, terms: list[tuple[str, str]]
    ) -> dict[tuple[str, str], dict[int, tuple[int, int]]]:
        """(field, term) -> document -> (frequency, the document's length of that field),
        over the live documents of this generation."""
        out: dict[tuple[str, str], dict[int, tuple[int, int]]] = {t: {} for t in terms}
        if not terms:
            return out
        fields, texts = zip(*terms, strict=True)
        with reading(self.address) as conn:
            rows = conn.execute(
                "SELECT p.field, p.term, p.doc, p.freq, coalesce((d.lengths ->> p.field)::int, 0)"
                " FROM postings p JOIN documents d USING (doc)"
                " WHERE (p.field, p.term) IN (SELECT * FROM unnest(%s::text[], %s::text[]))"
                f" AND {self._live()}",
                (list(fields), list(texts)),
            )
            for field, term, doc, freq, length in rows:
                out[field, term][doc] = (freq, length)
        return out

    def _bm25(self, field: str, boost: float, docs: dict[int, tuple[int, int]]) -> Scores:
        """BM25F of one term (or phrase) held by `docs` (document -> frequency, length),
        as Whoosh computes it: the field's boost weighs each occurrence, the query's boost
        the result, lengths rounded to its one-byte scale."""
        total = max(1, self.state.live)
        average = self.state.lengths.get(field, 0) / total or 1.0
        idf = math.log(total / (len(docs) + 1)) + 1
        field_boost = FIELD_BOOST.get(field, 1.0)
        scores = {}
        for doc, (freq, length) in docs.items():
            weight = freq * field_boost
            saturation = weight + K1 * (1 - B + B * stored_length(length) / average)
            scores[doc] = boost * idf * weight * (K1 + 1) / saturation
        return scores

    def _score(self, scoring: Scoring, postings: dict) -> Scores:
        match scoring:
            case TermScore(field=field, text=text, boost=boost):
                return self._bm25(field, boost, postings.get((field, text), {}))
            case PhraseScore(field=field, words=words, boost=boost):
                counts = self._phrase_counts(field, words)
                lengths = self._lengths(field, list(counts))
                held = {d: (n, lengths[d]) for d, n in counts.items() if d in lengths}
                return self._bm25(field, boost, held)
            case AllOf(parts=parts):
                each = [self._score(p, postings) for p in parts]
                if not each:
                    return {}
                common = set.intersection(*(set(s) for s in each))
                return {d: sum(s[d] for s in each) for d in common}
            case AnyOf(parts=parts):
                out: Scores = {}
                for part in parts:
                    for doc, score in self._score(part, postings).items():
                        out[doc] = out.get(doc, 0.0) + score
                return out
            case AndMaybe(required=required, optional=optional):
                base = self._score(required, postings)
                extra = self._score(optional, postings)
                return {d: s + extra.get(d, 0.0) for d, s in base.items()}
        raise TypeError(f"not a scoring tree: {scoring!r}")

    def _lengths(self, field: str, docs: list[int]) -> dict[int, int]:
        """The length of `field` in each of `docs` live in this generation."""
        if not docs:
            return {}
        with reading(self.address) as conn:
            rows = conn.execute(
                "SELECT doc, coalesce((lengths ->> %s)::int, 0) FROM documents d"
                f" WHERE doc = ANY(%s) AND {self._live()}",
                (field, docs),
            ).fetchall()
        return dict(rows)

    def suggest(self, field: str, word: str, maxdist: int) -> list[str]:
        """The most frequent indexed term within `maxdist` edits (adjacent letters swapped
        count as one, as in the Whoosh store): the database narrows the vocabulary with
        `levenshtein_less_equal` (a swap costs it two), the exact distance is checked here."""
        if not word or len(word) + maxdist > LEVENSHTEIN_MAX:
            return []
        with reading(self.address) as conn:
            rows = conn.execute(
                "SELECT term, docs FROM vocabulary WHERE field = %s"
                " AND length(term) BETWEEN %s AND %s"
                " AND levenshtein_less_equal(term, %s, %s) <= %s",
                (field, len(word) - maxdist, len(word) + maxdist, word, 2 * maxdist, 2 * maxdist),
            ).fetchall()
        near = [(t, n) for t, n in rows if edit_distance(word, t, maxdist) <= maxdist]
        if not near:
            return []
        best = max(near, key=lambda item: (item[1], item[0]))
        return [best[0]]

    def close(self) -> None:
        """Nothing to release: connections go back to the process's pool after each read."""


# Whoosh keeps a document's field length in one byte, on a logarithmic scale, and scores
# with the length that byte stands for: the same rounding here gives the same scores.
_LENGTHS = [int(round((1.033**n - 1) * 27)) for n in range(256)]


def stored_length(length: int) -> int:
    """The field length as the Whoosh store scores it: the next value of its scale."""
    return _LENGTHS[min(bisect.bisect_left(_LENGTHS, length), 255)]


def _leaves(scoring: Scoring, kind: type) -> Iterator:
    match scoring:
        case TermScore() | PhraseScore():
            if isinstance(scoring, kind):
                yield scoring
        case AllOf(parts=parts) | AnyOf(parts=parts):
            for part in parts:
                yield from _leaves(part, kind)
        case AndMaybe(required=required, optional=optional):
            yield from _leaves(required, kind)
            yield from _leaves(optional, kind)
