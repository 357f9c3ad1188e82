"""One committed generation of the database (`State`), and that state as the columns read
it (`ColumnSource`).

Each generation that added documents is one "segment" of the columns (indexer/search/
columns.py): documents are numbered in the order they were added and numbers are never
reused, so a commit appends, and the columns of the previous state are extended with
the new documents instead of being read again.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import psycopg

from indexer import bitset
from indexer.store.postgresql.connection import reading, talking_to
from indexer.store.postgresql.rows import stored_fields

READ_BATCH = 2000  # documents fetched at a time when the columns read them all


@dataclass(frozen=True)
class State:
    """One committed generation: what a reader of it may see."""

    identity: str  # the store's identity (a recreated database is another store)
    generation: int  # 0: nothing committed yet
    base: int  # the generation the document numbering started at (a rebuild restarts it)
    doc_limit: int  # document numbers below this exist
    live: int  # documents live in this generation
    lengths: dict[str, int]  # field -> total length over the live documents
    segments: tuple[tuple[str, int], ...] = field(default=())  # (name, doc limit after it)

    @property
    def key(self) -> str:
        """Names this state (the columns cache is filed under it)."""
        return f"pg{self.identity[:8]}-{self.generation}-{self.doc_limit}-{self.live}"

    def live_sql(self, alias: str) -> str:
        """The SQL condition of a document of table alias `alias` live in this state."""
        g = int(self.generation)
        return f"{alias}.added <= {g} AND ({alias}.deleted IS NULL OR {alias}.deleted > {g})"


def latest_state(conn: psycopg.Connection) -> State:
    """The newest committed generation (generation 0 when none is)."""
    identity = conn.execute("SELECT identity FROM store").fetchone()
    row = conn.execute(
        "SELECT generation, base, doc_limit, live, lengths FROM generations"
        " ORDER BY generation DESC LIMIT 1"
    ).fetchone()
    if row is None:
        return State(identity[0] if identity else "", 0, 0, 0, 0, {})
    generation, base, doc_limit, live, lengths = row
    segments, previous = [], 0
    for number, limit in conn.execute(
        "SELECT generation, doc_limit FROM generations WHERE base = %s AND generation <= %s"
        " ORDER BY generation",
        (base, generation),
    ):
        if limit > previous:
            segments.append((f"g{number}", limit))
            previous = limit
    return State(identity[0], generation, base, doc_limit, live, dict(lengths), tuple(segments))


class PostgresSource:
    """`ColumnSource` over one generation of the database."""

    def __init__(self, address: str, state: State) -> None:
        self.address, self.state = address, state
        self.doc_limit = state.doc_limit
        self.segments = tuple(name for name, _ in state.segments)
        self._live: bitset.Membership | None = None

    def documents(self, first_doc: int = 0) -> Iterator[tuple[int, dict]]:
        live = self.state.live_sql("d")
        last = first_doc - 1
        while True:  # by keyset pages: no cursor held open while the columns are built
            with reading(self.address) as conn:
                rows = conn.execute(
                    f"SELECT doc, stored, record, words FROM documents d WHERE doc > %s"
                    f" AND doc < %s AND {live} ORDER BY doc LIMIT %s",
                    (last, self.doc_limit, READ_BATCH),
                ).fetchall()
            for doc, stored, record, words in rows:
                yield doc, stored_fields(stored, record, words)
            if len(rows) < READ_BATCH:
                return
            last = rows[-1][0]

    def is_deleted(self, doc: int) -> bool:
        """Not live in this generation: deleted, or its row purged since (see
        PostgresWriter._purge), which a column cache of an old state may still hold."""
        if self._live is None:
            live = self.state.live_sql("d")
            self._live = bitset.Membership(
                docs_bitset(
                    self.address,
                    f"SELECT doc FROM documents d WHERE doc < %s AND {live}",
                    (self.doc_limit,),
                )
            )
        return doc not in self._live

    def frequent_terms(self, field: str, min_docs: int) -> list[tuple[int, str]]:
        with reading(self.address) as conn:
            rows = conn.execute(
                "SELECT docs, term FROM vocabulary WHERE field = %s AND docs >= %s",
                (field, min_docs),
            ).fetchall()
        return [(int(n), t) for n, t in rows]

    def term_docs(self, field: str, text: str, first_doc: int = 0) -> int:
        return docs_bitset(
            self.address,
            "SELECT doc FROM postings WHERE field = %s AND term = %s AND doc >= %s AND doc < %s",
            (field, text, first_doc, self.doc_limit),
        )

    def kept_documents(self, segments: tuple[str, ...]) -> int:
        kept = 0
        for number, (name, limit) in enumerate(self.state.segments):
            if number >= len(segments) or segments[number] != name:
                break
            kept = limit
        return kept


def docs_bitset(address: str, sql: str, params: tuple) -> int:
    """The document numbers a query returns (first column), as a bitset."""
    with reading(address) as conn, talking_to(address), conn.cursor(binary=True) as cur:
        cur.execute(sql, params)
        docs = np.fromiter((r[0] for r in cur), dtype=np.int64)
    return bitset.from_array(docs) if len(docs) else bitset.EMPTY
