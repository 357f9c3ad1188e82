"""What the rest of vankien asks of a storage backend: one small interface, no Whoosh.

A backend (Whoosh, indexer/store/whoosh/; PostgreSQL, indexer/store/postgresql/) implements:

- `Store`: the index at one location; opens read views, says which generation is the
  newest, and gives one writer at a time;
- `StoreWriter`: one transaction (add, replace, delete by id, commit as one new
  generation, or cancel), and the lookups the indexing run needs before it writes;
- `IndexView`: one committed state of the index, read by the search stages;
- `ColumnSource`: what the facet and text columns (indexer/search/columns.py) are built from.

Document sets are bitsets (ints, see indexer/bitset.py) of document numbers; deleted
documents may be included, because every caller intersects with the live documents of
the snapshot's columns.

Ranking asks for the top documents of a `Scoring` tree: small frozen dataclasses that
say what earns points (a term, all of, any of, a phrase, an optional boost), which the
backend translates into its own scoring (Whoosh's BM25F queries, or SQL).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from indexer.record import ArticleRecord
    from indexer.search.columns import Columns


@dataclass(frozen=True, slots=True)
class TermScore:
    """A document holding `text` in `field` earns points."""

    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True, slots=True)
class PhraseScore:
    """A document holding the words one after another in `field` earns points."""

    field: str
    words: tuple[str, ...]
    boost: float = 1.0


@dataclass(frozen=True, slots=True)
class AllOf:
    """Every part must match; the scores add up."""

    parts: tuple[Scoring, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    """Any part may match; the scores of those that do add up (none: matches nothing)."""

    parts: tuple[Scoring, ...]


@dataclass(frozen=True, slots=True)
class AndMaybe:
    """`required` decides what matches; `optional` adds to the score where it matches too."""

    required: Scoring
    optional: Scoring


Scoring = TermScore | PhraseScore | AllOf | AnyOf | AndMaybe


@runtime_checkable
class IndexView(Protocol):
    """One committed state of the index, read by the search stages."""

    key: str  # names this state (the columns cache is filed under it)
    generation: int  # the committed generation it holds, to notice a newer one

    def terms_docs(self, terms: Sequence[tuple[str, str]]) -> int:
        """The documents holding any of the (field, text) terms, as a bitset."""
        ...

    def phrase_docs(self, field: str, words: Sequence[str]) -> int:
        """The documents holding `words` one after another in a positional field."""
        ...

    def expand_prefix(self, field: str, prefix: str) -> Iterable[str]:
        """The indexed terms of `field` starting with `prefix`, in order."""
        ...

    def stored(self, doc: int) -> tuple[str, dict]:
        """The stored id (canonical URL, else path) and article record of a document."""
        ...

    def doc_number(self, doc_id: str) -> int | None:
        """The document number of an id, or None."""
        ...

    def top(
        self, scoring: Scoring, allowed: set[int] | None, limit: int
    ) -> list[tuple[int, float]]:
        """The best `limit` (document, score) by `scoring`, among `allowed` (None: all)."""
        ...

    def suggest(self, field: str, word: str, maxdist: int) -> list[str]:
        """The indexed term of `field` closest to `word` within `maxdist` edits, if any."""
        ...

    def close(self) -> None:
        """Release the files or connections this view holds."""
        ...


class ColumnSource(Protocol):
    """One committed state, as the columns read it."""

    doc_limit: int  # document numbers below this may hold a document
    segments: tuple[str, ...]  # the parts it is stored in, in document-number order

    def documents(self, first_doc: int = 0) -> Iterator[tuple[int, dict]]:
        """(number, stored fields) of every live document from `first_doc` on, in order."""
        ...

    def is_deleted(self, doc: int) -> bool: ...

    def frequent_terms(self, field: str, min_docs: int) -> list[tuple[int, str]]:
        """(document count, term) of the terms of `field` held by `min_docs` or more."""
        ...

    def term_docs(self, field: str, text: str, first_doc: int = 0) -> int:
        """The documents (from `first_doc` on) holding `text` in `field`, as a bitset."""
        ...

    def kept_documents(self, segments: tuple[str, ...]) -> int:
        """How many document numbers this state keeps from a state stored in `segments`
        (its first parts, the same and in the same order): 0 when none."""
        ...


class StoreWriter(Protocol):
    """One indexing run: what it writes becomes searchable at once, when it commits."""

    carried: list[ArticleRecord]  # records of an index of another schema, to write again

    def stored(self, doc_id: str) -> dict | None:
        """The stored fields of the indexed document `doc_id` (its content hash…), or None."""
        ...

    def has(self, doc_id: str) -> bool:
        """Whether `doc_id` is indexed (its stored fields not read)."""
        ...

    def ids_with_source(self, source_hash: str) -> list[str]:
        """The ids of the documents read from a file with these bytes (a moved file)."""
        ...

    def band_records(self, bands: list[str]) -> Iterator[tuple[str, str, dict]]:
        """(band, id, stored signature) of the documents whose body signature has one of
        `bands` (one lookup for a body's bands: a database is asked once, not per band)."""
        ...

    def add(self, document: dict) -> None: ...

    def replace(self, document: dict) -> None:
        """Write `document` in place of the one with its id."""
        ...

    def delete(self, doc_id: str) -> None: ...

    def commit(self) -> None:
        """Make everything written one new generation, and its columns ready."""
        ...

    def cancel(self) -> None: ...

    def close(self) -> None:
        """Release the index (after a commit or a cancel)."""
        ...


class Store(Protocol):
    """The index at one location (a folder, or a database address)."""

    location: str
    ledger_dir: Path  # where the ledger of indexed files is kept (indexer/ledger.py)

    def open_view(self, known_key: str | None) -> tuple[IndexView, Columns | None]:
        """The newest committed state and its columns (None when its key is `known_key`:
        the caller holds them already and drops this view)."""
        ...

    def latest_generation(self) -> int:
        """The newest committed generation (to notice that a newer one exists)."""
        ...

    def writer(self, expected: int = 0) -> StoreWriter:
        """The writer of one run (`expected` records, when known); refused with
        IndexLockedError while another holds it."""
        ...
