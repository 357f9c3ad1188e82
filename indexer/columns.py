"""Per-document facet columns held in memory, and the vocabulary for suggestions.

Whoosh would rebuild every document's facet keys from postings on each faceted search;
reading them once per index generation and counting over document numbers is what keeps
faceted search fast. The columns are cached on disk beside the index, per generation.
"""

from __future__ import annotations

import hashlib
import math
import pickle
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import chain, repeat
from pathlib import Path

from indexer.text import fold_diacritics

COLUMN_FACETS = ("year", "month", "person", "code", "type", "issuer", "site", "author")
CACHE_VERSION = 4


@dataclass
class Columns:
    """Everything the engine needs per live document, by Whoosh document number."""

    docs: list[int] = field(default_factory=list)
    values: dict[str, dict[int, tuple[str, ...]]] = field(default_factory=dict)
    published: dict[int, int] = field(default_factory=dict)  # proleptic ordinal, 0 = unknown
    group: dict[int, str] = field(default_factory=dict)
    summary: dict[int, dict] = field(default_factory=dict)
    vocabulary: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    bigrams: dict[tuple[str, str], int] = field(default_factory=dict)
    persons_folded: dict[str, str] = field(default_factory=dict)
    cased: dict[str, str] = field(default_factory=dict)  # "đảng" -> "Đảng" when titles say so
    _postings: dict[str, dict[str, frozenset[int]]] = field(default_factory=dict, repr=False)

    def prepare(self) -> Columns:
        """Build every derived structure now, so that no search pays for it later."""
        for facet in COLUMN_FACETS:
            self.postings(facet)
            self._global_count(facet)
        self.groups()
        self._secondary()
        self.in_date_range(None, None)
        return self

    @property
    def all_docs(self) -> frozenset[int]:
        if "_all" not in self._postings:
            self._postings["_all"] = {"": frozenset(self.docs)}
        return self._postings["_all"][""]

    def postings(self, facet: str) -> dict[str, frozenset[int]]:
        """Facet value -> the documents that have it (built on first use)."""
        if facet not in self._postings:
            index: dict[str, set[int]] = defaultdict(set)
            for doc, values in self.values[facet].items():
                for value in values:
                    index[value].add(doc)
            self._postings[facet] = {k: frozenset(v) for k, v in index.items()}
        return self._postings[facet]

    def groups(self) -> dict[str, list[int]]:
        """Repost group -> its documents, originals first."""
        if "_groups" not in self._postings:
            grouped: dict[str, list[int]] = defaultdict(list)
            for doc in self.docs:
                grouped[self.group[doc]].append(doc)
            for docs in grouped.values():
                docs.sort(
                    key=lambda d: (
                        bool(self.summary[d].get("source_url")),
                        self.published.get(d, 0),
                    )
                )
            self._postings["_groups"] = grouped  # type: ignore[assignment]
        return self._postings["_groups"]  # type: ignore[return-value]

    def count(self, facet: str, docs: frozenset[int]) -> Counter:
        """How many of `docs` carry each value of `facet`.

        Small sets are counted document by document; sets larger than half the index are
        counted as everything minus their complement; facets with few values intersect
        each value's postings. Every path runs its inner loop in C.
        """
        everything = self.all_docs
        if len(docs) * 2 > len(everything):
            counter = self._global_count(facet).copy()
            counter.subtract(self._count_docs(facet, everything - docs))
            return +counter
        postings = self.postings(facet)
        if len(postings) <= 64 and len(docs) > 2000:
            counter = Counter()
            for value, posting in postings.items():
                hits = len(docs & posting)
                if hits:
                    counter[value] = hits
            return counter
        return self._count_docs(facet, docs)

    def _count_docs(self, facet: str, docs: frozenset[int] | set[int]) -> Counter:
        get = self.values[facet].get
        return Counter(chain.from_iterable(map(get, docs, repeat((), len(docs)))))

    def _global_count(self, facet: str) -> Counter:
        key = "_count_" + facet
        if key not in self._postings:
            self._postings[key] = self._count_docs(facet, self.all_docs)  # type: ignore[assignment]
        return self._postings[key]  # type: ignore[return-value]

    def representatives(self, docs: frozenset[int]) -> frozenset[int]:
        """One document per repost group: the original when it is among `docs`."""
        secondary = self._secondary()
        reposts = docs & secondary
        if not reposts:
            return docs
        kept = docs - secondary
        groups_kept = {self.group[d] for d in kept}
        extra = {}
        for doc in reposts:
            group = self.group[doc]
            if group not in groups_kept:
                extra.setdefault(group, doc)
        return kept | frozenset(extra.values())

    def _secondary(self) -> frozenset[int]:
        if "_secondary" not in self._postings:
            secondary = {d for docs in self.groups().values() for d in docs[1:]}
            self._postings["_secondary"] = {"": frozenset(secondary)}
        return self._postings["_secondary"][""]

    def with_values(self, facet: str, values: list[str]) -> frozenset[int]:
        postings = self.postings(facet)
        out: set[int] = set()
        for value in values:
            out |= postings.get(value, frozenset())
        return frozenset(out)

    def in_date_range(self, start: date | None, end: date | None) -> frozenset[int]:
        """Documents published between `start` and `end` (inclusive; either may be open)."""
        if "_by_date" not in self._postings:
            dated = sorted((day, doc) for doc, day in self.published.items() if day)
            self._postings["_by_date"] = ([day for day, _ in dated], [doc for _, doc in dated])  # type: ignore[assignment]
        days, docs = self._postings["_by_date"]  # type: ignore[misc]
        low = bisect_left(days, start.toordinal()) if start else 0
        high = bisect_right(days, end.toordinal()) if end else len(days)
        return frozenset(docs[low:high])


def _summary_values(summary: dict) -> dict[str, tuple[str, ...]]:
    published = summary.get("published") or ""
    return {
        "year": (published[:4],) if published else (),
        "month": (published[:7],) if published else (),
        "person": tuple(summary.get("persons", ())),
        "code": tuple(summary.get("codes", ())),
        "type": tuple(summary.get("types", ())),
        "issuer": tuple(summary.get("issuers", ())),
        "site": (summary["site"],) if summary.get("site") else (),
        "author": (summary["author"],) if summary.get("author") else (),
    }


def build_columns(reader) -> Columns:  # noqa: ANN001 - a Whoosh IndexReader
    """Read the stored summaries of every live document and the text vocabulary."""
    columns = Columns(values={facet: {} for facet in COLUMN_FACETS})
    bigrams: Counter = Counter()
    cased: dict[str, Counter] = defaultdict(Counter)
    for doc in reader.all_doc_ids():
        stored = reader.stored_fields(doc)
        summary = stored.get("facets") or {}
        columns.docs.append(doc)
        columns.summary[doc] = summary
        columns.group[doc] = stored.get("group") or stored.get("id") or str(doc)
        published = summary.get("published")
        columns.published[doc] = date.fromisoformat(published).toordinal() if published else 0
        for facet, values in _summary_values(summary).items():
            if values:
                columns.values[facet][doc] = values
        for name in summary.get("persons", ()):
            columns.persons_folded.setdefault(fold_diacritics(name), name)
        title_words = re.findall(r"\w+", summary.get("title", ""))
        for word in title_words[1:]:  # the first word is capitalised anyway
            cased[word.lower()][word] += 1
        words = [w.lower() for w in title_words]
        bigrams.update(zip(words, words[1:], strict=False))
    vocabulary: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for term, info in reader.iter_field("body"):
        word = term.decode("utf-8") if isinstance(term, bytes) else term
        vocabulary[fold_diacritics(word)].append((word, info.doc_frequency()))
    for forms in vocabulary.values():
        forms.sort(key=lambda item: -item[1])
        del forms[4:]
    columns.vocabulary = dict(vocabulary)
    columns.bigrams = {k: v for k, v in bigrams.items() if v >= 2}
    columns.cased = {
        w: forms.most_common(1)[0][0]
        for w, forms in cased.items()
        if forms.most_common(1)[0][0] != w
    }
    return columns


def generation_key(ix) -> str:  # noqa: ANN001 - a Whoosh FileIndex
    """Names the committed index state (stable across processes, unlike hash())."""
    with ix.reader() as reader:
        segments = "-".join(
            sorted(getattr(s, "segid", str(i)) for i, s in enumerate(ix._segments()))
        )
        digest = hashlib.sha1(segments.encode()).hexdigest()[:12]
        return f"{ix.latest_generation()}-{digest}-{reader.doc_count()}"


def prepare_columns(index_dir: Path, ix) -> None:  # noqa: ANN001
    """Build and cache the columns of a freshly committed index, so searchers start fast."""
    with ix.searcher() as searcher:
        load_columns(index_dir, generation_key(ix), searcher.reader())


def load_columns(index_dir: Path, generation_key: str, reader) -> Columns:  # noqa: ANN001
    """Columns from the on-disk cache for this generation, else built and cached."""
    cache = index_dir / f"columns-{generation_key}.pickle"
    try:
        with cache.open("rb") as handle:
            version, columns = pickle.load(handle)
        if version == CACHE_VERSION:
            return columns
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        pass
    columns = build_columns(reader).prepare()
    try:
        tmp = cache.with_suffix(".tmp")
        with tmp.open("wb") as handle:
            pickle.dump((CACHE_VERSION, columns), handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(cache)
        for old in index_dir.glob("columns-*.pickle"):
            if old != cache:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only index still works, only slower to open
    return columns


def restore_diacritics(words: list[str], columns: Columns) -> list[str]:
    """Most likely accented spelling of folded words, from the corpus's own vocabulary."""
    candidates = []
    for word in words:
        forms = columns.vocabulary.get(word) or [(word, 1)]
        candidates.append(forms[:3])
    best: list[tuple[float, list[str]]] = [(math.log(df + 1), [form]) for form, df in candidates[0]]
    for forms in candidates[1:]:
        step = []
        for form, df in forms:
            score, path = max(
                (
                    (
                        s
                        + math.log(df + 1)
                        + 3 * math.log(columns.bigrams.get((p[-1], form), 0) + 1),
                        p,
                    )
                    for s, p in best
                ),
                key=lambda item: item[0],
            )
            step.append((score, [*path, form]))
        best = step
    words = max(best, key=lambda item: item[0])[1]
    return [columns.cased.get(w, w) for w in words]
