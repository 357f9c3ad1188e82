"""The reading side of the Whoosh store: one open searcher behind `IndexView`."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

from whoosh import query as wq
from whoosh.searching import Searcher

from indexer import bitset
from indexer.search.columns import Columns, load_columns
from indexer.search.spelling import Lexicon
from indexer.store.errors import reading_index
from indexer.store.interface import AllOf, AndMaybe, AnyOf, PhraseScore, Scoring, TermScore
from indexer.store.whoosh.postings import terms_bitset
from indexer.store.whoosh.source import WhooshSource, generation_key


class WhooshView:
    """`IndexView` over one Whoosh searcher (one index generation)."""

    def __init__(self, searcher: Searcher, key: str, generation: int) -> None:
        self.searcher, self.key, self.generation = searcher, key, generation
        self._lexicons: dict[str, Lexicon] = {}  # per field, built at the first suggestion

    def terms_docs(self, terms: Sequence[tuple[str, str]]) -> int:
        return terms_bitset(self.searcher.reader(), list(terms))

    def phrase_docs(self, field: str, words: Sequence[str]) -> int:
        return bitset.from_docs(self.searcher.docs_for_query(wq.Phrase(field, list(words))))

    def expand_prefix(self, field: str, prefix: str) -> Iterator[str]:
        for term in self.searcher.reader().expand_prefix(field, prefix):
            yield term.decode("utf-8") if isinstance(term, bytes) else term

    def stored(self, doc: int) -> tuple[str, dict]:
        fields = self.searcher.stored_fields(doc)
        return fields["id"], json.loads(fields["record"])

    def doc_number(self, doc_id: str) -> int | None:
        return self.searcher.document_number(id=doc_id)

    def top(
        self, scoring: Scoring, allowed: set[int] | None, limit: int
    ) -> list[tuple[int, float]]:
        results = self.searcher.search(to_whoosh(scoring), filter=allowed, limit=limit)
        return [(hit.docnum, hit.score) for hit in results]

    def suggest(self, field: str, word: str, maxdist: int) -> list[str]:
        # Whoosh's corrector chooses the same words, but on an index of several segments
        # it computes an edit distance against every term (80 ms a word at 10,000
        # articles): the lexicon compares only words of a near length and letters.
        if field not in self._lexicons:
            self._lexicons[field] = Lexicon(self._frequencies(field).items())
        return self._lexicons[field].nearest(word, maxdist)

    def _frequencies(self, field: str) -> dict[str, float]:
        """Each term of `field` with its frequency, read segment by segment (a reader of
        several segments looks every term up in each of them: 0.5 ms a term)."""
        frequencies: dict[str, float] = {}
        for leaf, _ in self.searcher.reader().leaf_readers():
            for text, info in leaf.iter_field(field):
                term = text.decode("utf-8") if isinstance(text, bytes) else text
                frequencies[term] = frequencies.get(term, 0) + info.weight()
        return frequencies

    def close(self) -> None:
        self.searcher.close()


def to_whoosh(scoring: Scoring) -> wq.Query:
    """The Whoosh query scoring the same way as a backend-neutral scoring tree."""
    match scoring:
        case TermScore(field=field, text=text, boost=boost):
            return wq.Term(field, text, boost=boost)
        case PhraseScore(field=field, words=words, boost=boost):
            return wq.Phrase(field, list(words), boost=boost)
        case AllOf(parts=parts):
            return wq.And([to_whoosh(p) for p in parts])
        case AnyOf(parts=parts):
            return wq.Or([to_whoosh(p) for p in parts]) if parts else wq.NullQuery
        case AndMaybe(required=required, optional=optional):
            return wq.AndMaybe(to_whoosh(required), to_whoosh(optional))
    raise TypeError(f"not a scoring tree: {scoring!r}")


def open_view(index_dir: Path, known_key: str | None) -> tuple[WhooshView, Columns | None]:
    """Open the index's latest state, with its columns (None when its key is `known_key`:
    the caller already holds them, and drops this view)."""
    from indexer.store.whoosh.store import open_index  # the store imports this module

    ix = open_index(index_dir)
    searcher = None
    try:
        with reading_index(index_dir):
            searcher = ix.searcher()
            reader = searcher.reader()
            _open_every_file(reader)
            key = generation_key(reader)
            source = WhooshSource(reader)
            columns = None if key == known_key else load_columns(index_dir, key, source)
        # The generation this state holds (an index without segments reports none).
        generation = reader.generation()
        if generation is None or generation < 0:
            generation = ix.latest_generation()
    except BaseException:
        if searcher is not None:
            searcher.close()
        raise
    finally:
        ix.close()  # a no-op for a FileIndex: the searcher holds the files it reads
    return WhooshView(searcher, key, generation), columns


def _open_every_file(reader) -> None:  # noqa: ANN001 - a Whoosh IndexReader
    """Open the per-document files of every segment now, while they all exist.

    Whoosh opens a segment's stored-fields and field-length files on first use. A later
    commit that merges segments deletes the old files, so a searcher still on the old
    state failed with FileNotFoundError (or silently read lengths of 0) when it first
    needed one. Files opened before the deletion stay readable.
    """
    for leaf, _ in reader.leaf_readers():
        if not leaf.doc_count_all():
            continue
        leaf.stored_fields(0)
        for name, field_type in leaf.schema.items():
            if field_type.scorable:
                leaf.doc_field_length(0, name)
