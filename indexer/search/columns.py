"""Per-document facet columns held in memory, and the vocabulary for suggestions.

Whoosh would rebuild every document's facet keys from postings on each faceted search;
reading them once per index generation and counting over document numbers is what keeps
faceted search fast. The columns are cached on disk beside the index, per generation.
"""

from __future__ import annotations

import math
import os
import pickle
import re
import sys
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

from indexer import bitset
from indexer.fields import COLUMN_FACETS, FOLDED_FACETS, column_values
from indexer.reposts import repost_groups
from indexer.search.textcolumn import TextColumn
from indexer.store.interface import ColumnSource
from indexer.text.normalize import fold_diacritics

DENSE_POSTING = 1024  # a value held by this many documents is kept as a bitset, else a tuple
# A facet is counted over the entries of the documents counted (found by binary search)
# when they are fewer than this share of its entries, else by one pass over all of them.
SPARSE_SHARE = 1 / 16


def _shared(value: str | None) -> str | None:
    return sys.intern(value) if value else value


class DocSummary:
    """What a result list shows of one document, in a few slots (not a dict per document)."""

    __slots__ = (
        "title",
        "url",
        "source_url",
        "path",
        "published",
        "site",
        "author",
        "persons",
        "codes",
        "format",
        "own_code",
        "document",
    )

    def __init__(self, data: dict, persons: tuple[str, ...], codes: tuple[str, ...]) -> None:
        self.title = data.get("title") or ""
        self.url = data.get("url")
        self.source_url = data.get("source_url")
        self.path = data.get("path")
        # Values many documents share are one string each (100,000 copies of a site's name
        # or a day cost ~12 MB otherwise).
        self.published = _shared(data.get("published"))
        self.site = _shared(data.get("site") or "")
        self.author = _shared(data.get("author") or "")
        self.persons, self.codes = persons, codes  # the same tuples as the facet columns
        self.format = _shared(data.get("format") or "")
        self.own_code = data.get("own_code")
        self.document = data.get("document")  # documents only: format, pages, OCR pages…

    def get(self, key: str, default: object = None) -> object:
        value = getattr(self, key, None)
        return default if value is None else value


def _pack_summaries(summaries: dict[int, DocSummary]) -> tuple[list[int], list[list]]:
    """The summaries as one list per slot: pickled and read ~3x faster than 100,000
    objects one by one (2.3 s of the 3.1 s an update spent reading the cache at 100k)."""
    rows = summaries.values()
    return list(summaries), [[getattr(s, slot) for s in rows] for slot in DocSummary.__slots__]


def _unpack_summaries(packed: tuple[list[int], list[list]]) -> dict[int, DocSummary]:
    docs, slots = packed
    entries = [object.__new__(DocSummary) for _ in docs]
    for slot, values in zip(DocSummary.__slots__, slots, strict=True):
        # The slot's own setter mapped over the entries: no Python loop per value.
        deque(map(getattr(DocSummary, slot).__set__, entries, values), maxlen=0)
    return dict(zip(docs, entries, strict=True))


CACHE_VERSION = 21
# What only an update reads: the inputs of the repost groups. The cache keeps them packed
# in one bytes value, so that a searcher never builds their 400,000 entries at 100,000
# articles; an update unpacks them (`Columns.repost_inputs`).
REPOST_INPUTS = ("origins", "digests", "links", "ids")


@dataclass
class Columns:
    """Everything the engine needs per live document, by Whoosh document number.

    Sets of documents are bitsets (see indexer.bitset): Python integers, one bit each.
    """

    docs: list[int] = field(default_factory=list)
    # Facet values per document, read while building; emptied by prepare() once the
    # postings and count arrays are made from them.
    values: dict[str, dict[int, tuple[str, ...]]] = field(default_factory=dict)
    published: dict[int, int] = field(default_factory=dict)  # proleptic ordinal, 0 = unknown
    group: dict[int, str] = field(default_factory=dict)
    summary: dict[int, DocSummary] = field(default_factory=dict)
    vocabulary: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    bigrams: dict[tuple[str, str], int] = field(default_factory=dict)
    persons_folded: dict[str, str] = field(default_factory=dict)
    cased: dict[str, str] = field(default_factory=dict)  # "đảng" -> "Đảng" when titles say so
    frequent_words: dict[str, int] = field(
        default_factory=dict
    )  # folded word -> bitset, precomputed
    # The same words -> the documents whose title holds them (the features ranking reads
    # titles: 60 ms a common word at 100,000 articles, read here once).
    frequent_titles: dict[str, int] = field(default_factory=dict)
    text: TextColumn = field(default_factory=TextColumn)
    # What these columns were read from: the index's segments, in order, and the count of
    # document numbers they cover. An update that only appends segments extends them.
    segments: tuple[str, ...] = ()
    doc_limit: int = 0
    # What the repost groups are computed from (indexer/reposts.py), kept so that an
    # update computes them again over the old documents and the new.
    origins: dict[int, str] = field(default_factory=dict)  # the group each record names
    digests: dict[int, str] = field(default_factory=dict)  # each body signature's digest
    links: dict[int, list] = field(default_factory=dict)  # the copies each record found
    ids: dict[str, int] = field(default_factory=dict)  # document id -> number
    _derived: dict[str, object] = field(default_factory=dict, repr=False)
    _packed_inputs: bytes | None = field(default=None, repr=False)  # REPOST_INPUTS, packed

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["summary"] = _pack_summaries(self.summary)
        if self._packed_inputs is None:
            inputs = tuple(state[name] for name in REPOST_INPUTS)
            state["_packed_inputs"] = pickle.dumps(inputs, protocol=pickle.HIGHEST_PROTOCOL)
        for name in REPOST_INPUTS:
            state[name] = {}
        return state

    def repost_inputs(self) -> Columns:
        """These columns with the inputs of the repost groups unpacked (read from the
        cache, they are packed: only an update needs them)."""
        if self._packed_inputs is not None:
            for name, value in zip(REPOST_INPUTS, pickle.loads(self._packed_inputs), strict=True):
                setattr(self, name, value)
            self._packed_inputs = None
        return self

    def __setstate__(self, state: dict) -> None:
        state["summary"] = _unpack_summaries(state["summary"])
        self.__dict__.update(state)

    def prepare(self) -> Columns:
        """Build every derived structure now, so that no search pays for it later."""
        for facet in COLUMN_FACETS:
            self.postings(facet)
            self._entries(facet)
            self._in_doc_order(facet)
            self.value_numbers(facet)
            self.name_ranks(facet)
        self.groups()
        self.documents()
        self.own_code_docs()
        self._group_arrays()
        self.undated()
        self._secondary()
        self._by_date()
        self.newest_first()
        self.oldest_first()
        self.published_array()
        for facet in FOLDED_FACETS:
            self.names_folded(facet)
        # Every use of the per-document values is built: the biggest structure can go.
        self.values = {facet: {} for facet in COLUMN_FACETS}
        return self

    def _cached(self, key: str, build):  # noqa: ANN001, ANN202
        if key not in self._derived:
            self._derived[key] = build()
        return self._derived[key]

    @property
    def all_docs(self) -> int:
        return self._cached("all", lambda: bitset.from_docs(self.docs))

    def own_code_docs(self) -> dict[str, list[int]]:
        """A code -> the documents (attached files) whose header carries it as their own."""

        def build() -> dict[str, list[int]]:
            out: dict[str, list[int]] = defaultdict(list)
            for doc in self.docs:
                if self.summary[doc].own_code:
                    out[self.summary[doc].own_code].append(doc)
            return dict(out)

        return self._cached("own-codes", build)

    def documents(self) -> int:
        """The records of attached files (PDF, Word…), as opposed to web articles."""
        return self._cached(
            "documents",
            lambda: bitset.from_docs(d for d in self.docs if self.summary[d].document),
        )

    def postings(self, facet: str) -> dict[str, int | tuple[int, ...]]:
        """Facet value -> its documents: a bitset when many hold it, else a tuple."""

        def build() -> dict[str, int | tuple[int, ...]]:
            names, entry_docs, entry_values = self._entries(facet)
            order = np.argsort(entry_values, kind="stable")  # documents stay ascending
            docs = entry_docs[order]
            bounds = np.searchsorted(entry_values[order], np.arange(len(names) + 1))
            out: dict[str, int | tuple[int, ...]] = {}
            for number, name in enumerate(names):
                held = docs[bounds[number] : bounds[number + 1]]
                if len(held) >= DENSE_POSTING:
                    out[name] = bitset.from_array(held.astype(np.int64))
                elif len(held):  # a value only deleted documents held is no value
                    out[name] = tuple(held.tolist())
            return out

        return self._cached("postings-" + facet, build)

    def groups(self) -> dict[str, list[int]]:
        """Repost group -> its documents, the original first (see `original_first`): the
        groups of several documents only (most are one document: `members` gives those)."""

        def build() -> dict[str, list[int]]:
            sizes = Counter(self.group.values())
            grouped: dict[str, list[int]] = defaultdict(list)
            for doc in self.docs:
                name = self.group[doc]
                if sizes[name] > 1:
                    grouped[name].append(doc)
            for docs in grouped.values():
                docs.sort(key=self.original_first(docs))
            return dict(grouped)

        return self._cached("groups", build)

    def members(self, doc: int) -> list[int]:
        """The documents of `doc`'s repost group, the original first ([doc] when alone)."""
        return self.groups().get(self.group[doc]) or [doc]

    def original_first(self, docs: list[int]):  # noqa: ANN201 - a sort key
        """The order of a repost group: the one its copies name as their source, then
        those naming no source, then the earliest published (undated last), then by
        address, so the same records always give the same order."""
        named = {self.summary[d].source_url for d in docs} - {None}

        def key(doc: int) -> tuple:
            summary = self.summary[doc]
            day = self.published.get(doc, 0)
            address = summary.url or summary.path or ""
            return (summary.url not in named, bool(summary.source_url), not day, day, address)

        return key

    def _entries(self, facet: str) -> tuple[list[str], np.ndarray, np.ndarray]:
        """The facet as arrays: value names, and per (document, value) pair both indexes."""

        def build() -> tuple[list[str], np.ndarray, np.ndarray]:
            names: dict[str, int] = {}
            docs: list[int] = []
            ids: list[int] = []
            for doc, values in self.values[facet].items():
                for value in values:
                    docs.append(doc)
                    ids.append(names.setdefault(value, len(names)))
            return list(names), np.array(docs, dtype=np.int32), np.array(ids, dtype=np.int32)

        return self._cached("entries-" + facet, build)

    def facet_names(self, facet: str) -> list[str]:
        """The values of `facet`, by value number."""
        return self._entries(facet)[0]

    def value_numbers(self, facet: str) -> dict[str, int]:
        """Value -> its number (the inverse of facet_names)."""
        return self._cached(
            "numbers-" + facet, lambda: {v: n for n, v in enumerate(self.facet_names(facet))}
        )

    def name_ranks(self, facet: str) -> np.ndarray:
        """Each value number's place in the sorted order of the values."""

        def build() -> np.ndarray:
            names = self.facet_names(facet)
            ranks = np.empty(len(names), dtype=np.int64)
            ranks[sorted(range(len(names)), key=names.__getitem__)] = np.arange(len(names))
            return ranks

        return self._cached("ranks-" + facet, build)

    def mask(self, docs: int) -> np.ndarray:
        """`docs` as booleans by document number, long enough for every facet."""
        return bitset.to_mask(docs, max(len(self.published_array()), docs.bit_length()))

    def count_array(self, facet: str, docs: int, mask: np.ndarray | None = None) -> np.ndarray:
        """How many of `docs` carry each value of `facet`, by value number (one numpy pass).
        `mask` is self.mask(docs), when the caller has it already."""
        names, entry_docs, entry_values = self._entries(facet)
        if not docs or not len(entry_docs):
            return np.zeros(len(names), dtype=np.int64)
        if mask is None:
            mask = self.mask(docs)
        _, values = self._entries_among(facet, docs, mask)
        return np.bincount(values, minlength=len(names))

    def _entries_among(self, facet: str, docs: int, mask: np.ndarray) -> tuple[np.ndarray, ...]:
        """The (document, value number) entries of `facet` whose document is in `docs`.

        A few documents (a code's or a person's articles among 100,000) are looked up in
        the entries, which are in document order, by binary search; many are picked by
        one pass over all the entries."""
        _, entry_docs, entry_values = self._entries(facet)
        if docs.bit_count() < SPARSE_SHARE * len(entry_docs) and self._in_doc_order(facet):
            wanted = np.flatnonzero(mask).astype(entry_docs.dtype)  # not a cast of all
            starts = np.searchsorted(entry_docs, wanted, "left")
            lengths = np.searchsorted(entry_docs, wanted, "right") - starts
            # The ranges [start, start + length) of every wanted document, concatenated.
            offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
            picked = offsets + np.arange(int(lengths.sum()))
        else:
            picked = mask[entry_docs]
        return entry_docs[picked], entry_values[picked]

    def _in_doc_order(self, facet: str) -> bool:
        """Whether the facet's entries are sorted by document (as built and extended)."""

        def build() -> bool:
            entry_docs = self._entries(facet)[1]
            return bool(np.all(entry_docs[1:] >= entry_docs[:-1]))

        return self._cached("in-order-" + facet, build)

    def _group_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """Repost group number by document number, and whether the group has several."""

        def build() -> tuple[np.ndarray, np.ndarray]:
            size = len(self.published_array())
            numbers = np.arange(size, dtype=np.int64)  # a document alone is its own group
            shared = np.zeros(size, dtype=bool)
            for docs in self.groups().values():
                numbers[docs] = docs[0]
                shared[docs] = True
            return numbers, shared

        return self._cached("group-arrays", build)

    def group_count_array(
        self, facet: str, docs: int, mask: np.ndarray | None = None
    ) -> np.ndarray:
        """How many repost groups with a document among `docs` carry each value of `facet`:
        a group counts once per value any of its documents in `docs` carries, which is what
        selecting that value returns (see `representatives`)."""
        names, entry_docs, entry_values = self._entries(facet)
        if not docs or not len(entry_docs):
            return np.zeros(len(names), dtype=np.int64)
        if mask is None:
            mask = self.mask(docs)
        numbers, shared = self._group_arrays()
        inside_docs, inside_values = self._entries_among(facet, docs, mask)
        grouped = shared[inside_docs]
        counts = np.bincount(inside_values[~grouped], minlength=len(names))
        if grouped.any():
            keys = numbers[inside_docs[grouped]] * len(names) + inside_values[grouped]
            counts += np.bincount(np.unique(keys) % len(names), minlength=len(names))
        return counts

    def undated(self) -> int:
        """The documents without a publication date."""
        return self._cached(
            "undated", lambda: bitset.from_docs(d for d in self.docs if not self.published.get(d))
        )

    def count(self, facet: str, docs: int) -> Counter:
        """How many of `docs` carry each value of `facet`, by value."""
        names, counts = self.facet_names(facet), self.count_array(facet, docs)
        hits = np.flatnonzero(counts)
        return Counter(
            dict(zip((names[i] for i in hits.tolist()), counts[hits].tolist(), strict=True))
        )

    def count_slow(self, facet: str, docs: int) -> Counter:
        """The same counts value by value from the postings, without numpy (the reference
        the tests compare `count` to)."""
        present = bitset.Membership(docs)
        counter: Counter = Counter()
        for value, posting in self.postings(facet).items():
            if isinstance(posting, int):
                hits = (docs & posting).bit_count()
            else:
                hits = sum(map(present.__contains__, posting))
            if hits:
                counter[value] = hits
        return counter

    def representatives(self, docs: int) -> int:
        """One document per repost group: the original when it is among `docs`."""
        reposts = docs & self._secondary()
        if not reposts:
            return docs
        kept = docs & ~reposts
        present = bitset.Membership(docs)
        groups = self.groups()
        extra: dict[str, int] = {}
        for doc in bitset.to_docs(reposts):
            group = self.group[doc]
            members = groups[group]
            if group in extra or members[0] in present:
                continue  # the original (first of the group) represents it
            extra[group] = next(d for d in members if d in present)
        return kept | bitset.from_docs(extra.values())

    def _secondary(self) -> int:
        return self._cached(
            "secondary",
            lambda: bitset.from_docs(d for docs in self.groups().values() for d in docs[1:]),
        )

    def with_values(self, facet: str, values: list[str]) -> int:
        postings = self.postings(facet)
        out = 0
        for value in values:
            posting = postings.get(value, 0)
            out |= posting if isinstance(posting, int) else bitset.from_docs(posting)
        return out

    def _by_date(self) -> tuple[list[int], list[int]]:
        def build() -> tuple[list[int], list[int]]:
            docs, days = self._docs_and_days()
            dated = days > 0
            docs, days = docs[dated], days[dated]
            order = np.lexsort((docs, days))  # by day, then by document
            return days[order].tolist(), docs[order].tolist()

        return self._cached("by-date", build)

    def _docs_and_days(self) -> tuple[np.ndarray, np.ndarray]:
        """The live documents and their publication days (0 = unknown), as arrays: sorting
        them is one numpy pass, not a Python sort of 100,000 keys."""
        docs = np.array(self.docs, dtype=np.int64)
        return docs, self.published_array()[docs] if len(docs) else docs

    def in_date_range(self, start: date | None, end: date | None) -> int:
        """Documents published between `start` and `end` (inclusive; either may be open)."""
        days, docs = self._by_date()
        low = bisect_left(days, start.toordinal()) if start else 0
        high = bisect_right(days, end.toordinal()) if end else len(days)
        return bitset.from_docs(docs[low:high])

    def published_array(self) -> np.ndarray:
        """Publication day (proleptic ordinal, 0 = unknown) by document number."""

        def build() -> np.ndarray:
            days = np.zeros(max(self.docs, default=0) + 1, dtype=np.int64)
            for doc, day in self.published.items():
                days[doc] = day
            return days

        return self._cached("published-array", build)

    def oldest_first(self) -> list[int]:
        """Every dated document, oldest first, then the undated ones."""

        def build() -> list[int]:
            docs, days = self._docs_and_days()
            undated_last = np.where(days > 0, days, np.iinfo(np.int64).max)
            return docs[np.lexsort((docs, undated_last))].tolist()

        return self._cached("oldest", build)

    def names_folded(self, facet: str) -> dict[str, list[str]]:
        """Folded value -> the values of `facet` that fold to it ("le hong son" -> Lê Hồng Sơn)."""

        def build() -> dict[str, list[str]]:
            out: dict[str, list[str]] = defaultdict(list)
            for value in self.postings(facet):
                out[fold_diacritics(value)].append(value)
            return dict(out)

        return self._cached("folded-" + facet, build)

    def newest_first(self) -> list[int]:
        """Every document, newest first (undated ones last)."""

        def build() -> list[int]:
            docs, days = self._docs_and_days()
            return docs[np.lexsort((docs, -days))].tolist()

        return self._cached("newest", build)


def build_columns(source: ColumnSource, first_doc: int = 0) -> Columns:
    """Read the stored summaries of every live document (from `first_doc` on: an
    update's new segments) and the text vocabulary."""
    columns = Columns(values={facet: {} for facet in COLUMN_FACETS})
    columns.doc_limit, columns.segments = source.doc_limit, source.segments
    bigrams: Counter = Counter()
    cased: dict[str, Counter] = defaultdict(Counter)

    def read_documents() -> Iterator[tuple[int, bytes | None]]:
        """Fill the columns document by document, handing each one's words on to the
        text column as it goes (holding them all at once would cost ~100 MB at 100k)."""
        for doc, stored in source.documents(first_doc):
            read_summary(doc, stored)
            yield doc, stored.get("words")

    def read_summary(doc: int, stored: dict) -> None:
        summary = stored.get("facets") or {}
        columns.docs.append(doc)
        doc_id = stored.get("id") or str(doc)
        columns.origins[doc] = stored.get("group") or doc_id
        columns.ids[doc_id] = doc
        near = stored.get("near")
        if near:  # each signature's digest, and the copies confirmed (most have none)
            columns.digests[doc] = near["d"]
            if near.get("e"):
                columns.links[doc] = near["e"]
        published = summary.get("published")
        columns.published[doc] = date.fromisoformat(published).toordinal() if published else 0
        values_of = column_values(summary)
        for facet, values in values_of.items():
            if values:
                columns.values[facet][doc] = values
        entry = DocSummary(summary, values_of["person"], values_of["code"])
        if entry.url == doc_id:
            entry.url = doc_id  # one string for the id and the address
        columns.summary[doc] = entry
        for name in summary.get("persons", ()):
            columns.persons_folded.setdefault(fold_diacritics(name), name)
        title_words = re.findall(r"\w+", summary.get("title", ""))
        for word in title_words[1:]:  # the first word is capitalised anyway
            cased[word.lower()][word] += 1
        words = [w.lower() for w in title_words]
        bigrams.update(zip(words, words[1:], strict=False))

    columns.text = TextColumn.build(read_documents(), source.doc_limit)
    columns.group = repost_groups(columns.origins, columns.digests, columns.links, columns.ids)
    columns.vocabulary = columns.text.vocabulary()
    if first_doc == 0:
        columns.frequent_words, columns.frequent_titles = _frequent_word_bitsets(
            source, columns.all_docs
        )
    columns.bigrams = {k: v for k, v in bigrams.items() if v >= 2}
    columns.cased = {
        w: forms.most_common(1)[0][0]
        for w, forms in cased.items()
        if forms.most_common(1)[0][0] != w
    }
    return columns


def extend_columns(old: Columns, source: ColumnSource, first_doc: int) -> Columns:
    """The columns of `source`'s state from those of an earlier state of the same index
    whose first segments it keeps in place, up to document number `first_doc`: of those,
    the documents deleted since are dropped; the rest (new segments, and small ones merged
    anew) is read. What this costs grows with what was added, changed and merged, not
    with the archive (beyond a few array passes)."""
    old = old.repost_inputs()
    deleted = [d for d in old.docs if d >= first_doc or source.is_deleted(d)]
    gone = set(deleted)
    new = build_columns(source, first_doc=first_doc)

    def kept(table: dict) -> dict:
        return {doc: value for doc, value in table.items() if doc not in gone}

    merged = Columns(
        docs=[d for d in old.docs if d not in gone] + new.docs,
        published=kept(old.published) | new.published,
        origins=kept(old.origins) | new.origins,
        digests=kept(old.digests) | new.digests,
        links=kept(old.links) | new.links,
        ids={i: d for i, d in old.ids.items() if d not in gone} | new.ids,
        summary=kept(old.summary) | new.summary,
        vocabulary={},
        bigrams=_add_counts(old.bigrams, new.bigrams),
        persons_folded={**old.persons_folded, **new.persons_folded},
        cased={**old.cased, **new.cased},
        text=old.text.extended(new.text, first_doc),
        segments=new.segments,
        doc_limit=new.doc_limit,
    )
    merged.group = repost_groups(merged.origins, merged.digests, merged.links, merged.ids)
    merged.vocabulary = merged.text.vocabulary()
    removed = bitset.from_docs(deleted)
    for facet in COLUMN_FACETS:
        merged._derived["entries-" + facet] = _merged_entries(
            old._entries(facet), new._entries(facet), removed
        )
    merged.frequent_titles = {
        word: (docs & ~removed) | source.term_docs("title_f", word, first_doc)
        for word, docs in old.frequent_titles.items()
    }
    merged.frequent_words = {
        word: (docs & ~removed)
        | source.term_docs("body_f", word, first_doc)
        | merged.frequent_titles.get(word, bitset.EMPTY)
        for word, docs in old.frequent_words.items()
    }
    merged.values = {facet: {} for facet in COLUMN_FACETS}
    return merged.prepare()


def _add_counts(old: dict, new: dict) -> dict:
    merged = dict(old)
    for key, count in new.items():
        merged[key] = merged.get(key, 0) + count
    return merged


def _merged_entries(
    old: tuple[list[str], np.ndarray, np.ndarray],
    new: tuple[list[str], np.ndarray, np.ndarray],
    removed: int,
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """A facet's (value names, entry documents, entry value numbers): the old entries
    without the removed documents, then the new ones, numbered in the merged names."""
    names, docs, values = old
    if removed and len(docs):
        keep = ~bitset.to_mask(removed, int(docs.max()) + 1)[docs]
        docs, values = docs[keep], values[keep]
    numbers = {name: n for n, name in enumerate(names)}
    names = list(names)
    for name in new[0]:
        if name not in numbers:
            numbers[name] = len(names)
            names.append(name)
    renumber = np.array([numbers[name] for name in new[0]], dtype=np.int32)
    new_values = renumber[new[2]] if len(new[2]) else new[2]
    return (
        names,
        np.concatenate([docs, new[1]]).astype(np.int32),
        np.concatenate([values, new_values]).astype(np.int32),
    )


def refresh_columns(folder: Path, key: str, source: ColumnSource) -> Columns:
    """The columns of a freshly committed state `key`, cached in `folder` so that
    searchers start fast: extended from the previous state's when the commit kept that
    state's first parts in place, else read whole."""
    previous = _cached_columns(folder)
    kept = source.kept_documents(previous.segments) if previous is not None else 0
    if previous is None or not kept:
        return load_columns(folder, key, source)
    columns = extend_columns(previous, source, kept)
    _save_columns(folder, key, columns)
    return columns


def _cached_columns(index_dir: Path) -> Columns | None:
    """The columns cached in the folder (of the state before this commit), if readable."""
    for cache in index_dir.glob("columns-*.pickle"):
        key = cache.name.removeprefix("columns-").removesuffix(".pickle")
        try:
            with cache.open("rb") as handle:
                version, columns = pickle.load(handle)
            if version == CACHE_VERSION:
                columns.text.load_tokens(index_dir / f"text-{key}.npy")
                return columns
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
            continue
    return None


FREQUENT_SHARE = 0.05  # words in more than this share of articles get precomputed sets
FREQUENT_MAX = 600


def _frequent_word_bitsets(
    source: ColumnSource, live: int
) -> tuple[dict[str, int], dict[str, int]]:
    """The sets of the commonest words (in titles or bodies, and in titles), read once per
    index generation.

    Reading a word held by most of 100,000 articles costs tens of milliseconds; doing it
    here, once, keeps the first search for "Đảng" as fast as the hundredth.
    """
    threshold = max(1, int(live.bit_count() * FREQUENT_SHARE))
    frequent = sorted(source.frequent_terms("body_f", threshold), reverse=True)
    words, titles = {}, {}
    for _, word in frequent[:FREQUENT_MAX]:
        titles[word] = source.term_docs("title_f", word) & live
        words[word] = (source.term_docs("body_f", word) & live) | titles[word]
    return words, titles


def load_columns(index_dir: Path, generation_key: str, source: ColumnSource) -> Columns:
    """Columns from the on-disk cache for this generation, else built and cached."""
    cache = index_dir / f"columns-{generation_key}.pickle"
    tokens = index_dir / f"text-{generation_key}.npy"
    try:
        with cache.open("rb") as handle:
            version, columns = pickle.load(handle)
        if version == CACHE_VERSION:
            columns.text.load_tokens(tokens)
            return columns
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        pass
    columns = build_columns(source).prepare()
    _save_columns(index_dir, generation_key, columns)
    return columns


def _save_columns(index_dir: Path, key: str, columns: Columns) -> None:
    """Cache the columns of state `key` beside the index, the other states' removed."""
    cache = index_dir / f"columns-{key}.pickle"
    tokens = index_dir / f"text-{key}.npy"
    try:
        columns.text.save_tokens(tokens)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")  # two processes may build at once
        with tmp.open("wb") as handle:
            pickle.dump((CACHE_VERSION, columns), handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(cache)
        for old in [*index_dir.glob("columns-*.pickle"), *index_dir.glob("text-*.npy")]:
            if old not in (cache, tokens):
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only index still works, only slower to open


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
