"""A Whoosh reader as the columns read it (`ColumnSource`), and the name of its state."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from indexer import bitset
from indexer.store.whoosh.postings import term_bitset_of_leaf


class WhooshSource:
    """`ColumnSource` over one Whoosh reader (one committed state)."""

    def __init__(self, reader) -> None:  # noqa: ANN001 - a Whoosh IndexReader
        self.reader = reader
        self.doc_limit = reader.doc_count_all()
        self.segments = segment_ids(reader)

    def documents(self, first_doc: int = 0) -> Iterator[tuple[int, dict]]:
        for doc in self.reader.all_doc_ids():
            if doc >= first_doc:
                yield doc, self.reader.stored_fields(doc)

    def is_deleted(self, doc: int) -> bool:
        return self.reader.is_deleted(doc)

    def frequent_terms(self, field: str, min_docs: int) -> list[tuple[int, str]]:
        found = []
        for term, info in self.reader.iter_field(field):
            if info.doc_frequency() >= min_docs:
                text = term.decode("utf-8") if isinstance(term, bytes) else term
                found.append((info.doc_frequency(), text))
        return found

    def term_docs(self, field: str, text: str, first_doc: int = 0) -> int:
        out = bitset.EMPTY
        for leaf, offset in self.reader.leaf_readers():
            if offset + leaf.doc_count_all() > first_doc:
                out |= term_bitset_of_leaf(leaf, field, text, offset)
        return out

    def kept_documents(self, segments: tuple[str, ...]) -> int:
        kept = 0
        leaves = list(self.reader.leaf_readers())
        for number, segment in enumerate(self.segments):
            if number >= len(segments) or segments[number] != segment:
                break
            kept = leaves[number][1] + leaves[number][0].doc_count_all()
        return kept


def live_ids(reader) -> set[str]:  # noqa: ANN001 - a Whoosh IndexReader
    """The ids of the live documents, in one pass over the id terms of each segment (not
    a lookup per id: 30,000 of those cost seconds). An id is one document per segment,
    unless the segment also holds a deleted older version of it."""
    ids: set[str] = set()
    for leaf, _ in reader.leaf_readers():
        for term, info in leaf.iter_field("id"):
            one = info.doc_frequency() == 1
            docs = [info.min_id()] if one else leaf.postings("id", term).all_ids()
            if any(not leaf.is_deleted(doc) for doc in docs):
                ids.add(term.decode("utf-8") if isinstance(term, bytes) else term)
    return ids


def segment_ids(reader) -> tuple[str, ...]:  # noqa: ANN001 - a Whoosh IndexReader
    """The ids of the segments a reader reads, in document-number order."""
    return tuple(getattr(s, "segid", str(i)) for i, s in enumerate(reader.segments() or []))


def generation_key(reader) -> str:  # noqa: ANN001 - a Whoosh IndexReader
    """Names the index state a reader sees (stable across processes, unlike hash()).

    Everything comes from the reader's own snapshot: asking the index folder instead
    could name a generation committed a moment after the reader opened, and file the
    columns of one state under the name of the next.
    """
    segments = "-".join(sorted(segment_ids(reader)))
    digest = hashlib.sha1(segments.encode()).hexdigest()[:12]
    return f"{reader.generation()}-{digest}-{reader.doc_count()}"
