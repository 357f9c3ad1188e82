"""What the search stages ask of a storage backend: one small interface, no Whoosh.

A backend (Whoosh today, see whoosh_view.py; PostgreSQL later) implements `IndexView`
for one committed state of the index. Document sets are bitsets (ints, see
indexer/bitset.py) of document numbers; deleted documents may be included, because
every caller intersects with the live documents of the snapshot's columns.

Ranking asks for the top documents of a `Scoring` tree: small frozen dataclasses that
say what earns points (a term, all of, any of, a phrase, an optional boost), which the
backend translates into its own scoring (Whoosh's BM25F queries, or SQL).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable


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
