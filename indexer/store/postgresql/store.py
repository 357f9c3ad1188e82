"""The index in a PostgreSQL database: `Store` and `StoreWriter` of indexer/store/interface.py.

One indexing run is one transaction on one connection: its rows are loaded with COPY as
it goes, and become generation g+1 when it commits; a run that is killed or fails rolls
back and leaves generation g as it was. A transaction-level advisory lock stops a second
writer, which is told so plainly. Readers of generation g never see the rows of g+1
(every read filters on `added <= g` and `deleted`), so a commit never changes a state a
search is reading.

The ledger of indexed files and the column cache are local to each machine, in a folder
named from the address (indexer/store/postgresql/address.py): both are caches of what
this machine read or computed, not data to share, and a database replica stays a plain
copy of the primary.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from pathlib import Path

import psycopg
from psycopg.types.json import Jsonb

from indexer.fields import INDEX_FORMS
from indexer.record import ArticleRecord
from indexer.search.columns import Columns, refresh_columns
from indexer.store.errors import IndexError_, IndexLockedError
from indexer.store.postgresql import migrations
from indexer.store.postgresql.address import cache_dir, shown_address
from indexer.store.postgresql.connection import connect, reading, talking_to
from indexer.store.postgresql.rows import (
    DOCUMENT_COLUMNS,
    POSTING_COLUMNS,
    DocumentRows,
    document_rows,
    stored_fields,
)
from indexer.store.postgresql.source import PostgresSource, State, latest_state
from indexer.store.postgresql.view import PostgresView
from indexer.text.analysis import SYLLABLE_PATTERN

WRITER_LOCK = 7_202_611  # the advisory lock of the one writer of a database
LOCK_WAIT_SECONDS = 3.0  # a second writer waits this long for the first, then is refused
FLUSH_DOCUMENTS = 500
PURGE_AFTER = "1 hour"  # rows of deleted documents are kept this long for older readers
ANALYZE_MIN_DOCUMENTS, ANALYZE_SHARE = (
    1000,
    0.1,
)  # a load this large refreshes statistics  # documents buffered before they are loaded with COPY


def fields_signature() -> str:
    """What the terms of a document depend on: the declared forms and the tokenizer. A
    database indexed under another signature is rebuilt from its stored records."""
    declared = [
        (f.name, str(f.kind), f.boost, f.phrase, f.lowercase, f.stored) for f in INDEX_FORMS
    ]
    return hashlib.sha1(repr((declared, SYLLABLE_PATTERN)).encode()).hexdigest()[:16]


class PostgresStore:
    """The index in one database."""

    def __init__(self, address: str) -> None:
        self.address = address
        self.location = shown_address(address)
        self.ledger_dir = cache_dir(address)
        with contextlib.suppress(OSError):  # a read-only home: caches rebuilt each time
            self.ledger_dir.mkdir(parents=True, exist_ok=True)

    @property
    def columns_dir(self) -> Path:
        return self.ledger_dir / "columns"

    def open_view(self, known_key: str | None) -> tuple[PostgresView, Columns | None]:
        from indexer.search.columns import load_columns

        with reading(self.address) as conn:
            migrations.check_readable(conn, self.location)
            state = latest_state(conn)
        source = PostgresSource(self.address, state)
        columns = None
        if state.key != known_key:
            self.columns_dir.mkdir(parents=True, exist_ok=True)
            with talking_to(self.address):
                columns = load_columns(self.columns_dir, state.key, source)
        return PostgresView(self.address, state), columns

    def latest_generation(self) -> int:
        with reading(self.address) as conn:
            migrations.check_readable(conn, self.location)
            return latest_state(conn).generation

    def writer(self, expected: int = 0) -> PostgresWriter:
        return PostgresWriter(self, expected)


class PostgresWriter:
    """One indexing run: one transaction, its lookups made in the state it started from."""

    def __init__(self, store: PostgresStore, expected: int = 0) -> None:
        self.store, self.address = store, store.address
        self.conn = connect(self.address)
        self.carried: list[ArticleRecord] = []
        self._pending: list[DocumentRows] = []
        self._live_ids: set[str] | None = None
        self._closed = False
        try:
            with talking_to(self.address):
                self._begin()
        except BaseException:
            self.conn.close()
            raise

    def _begin(self) -> None:
        conn = self.conn
        standby = conn.execute("SELECT pg_is_in_recovery()").fetchone()
        if standby and standby[0]:
            raise IndexError_(
                f"{self.store.location} là bản sao chỉ đọc: hãy lập chỉ mục vào máy chính"
            )
        # Wait a little: the lock of a run that was just killed is released only once the
        # server notices its client has gone.
        conn.execute(f"SET LOCAL lock_timeout = '{int(LOCK_WAIT_SECONDS * 1000)}ms'")
        try:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITER_LOCK,))
        except psycopg.errors.LockNotAvailable as error:
            raise IndexLockedError(
                f"một tiến trình vankien khác đang ghi vào chỉ mục {self.store.location}; "
                "hãy chờ nó xong"
            ) from error
        conn.execute("SET LOCAL lock_timeout = 0")
        migrations.migrate(conn)
        self.start = latest_state(conn)
        self.generation = self.start.generation + 1
        self.base = self.start.base or self.generation
        self.next_doc = self.start.doc_limit
        self.first_new = self.next_doc
        signature = fields_signature()
        row = conn.execute("SELECT fields FROM store").fetchone()
        if row and row[0] != signature:
            if row[0]:
                self._carry_records()
            conn.execute("UPDATE store SET fields = %s", (signature,))

    def _carry_records(self) -> None:
        """An index of other fields: keep its records to write again, and start anew."""
        live = self.start.live_sql("d")
        rows = self.conn.execute(
            f"SELECT record FROM documents d WHERE {live} AND record IS NOT NULL ORDER BY doc"
        )
        self.carried = [ArticleRecord.from_dict(r[0]) for r in rows]
        self.conn.execute("TRUNCATE documents, postings, vocabulary")
        self.base, self.next_doc, self.first_new = self.generation, 0, 0
        self.start = State(self.start.identity, self.start.generation, self.generation, 0, 0, {})

    def __enter__(self) -> PostgresWriter:
        return self

    def __exit__(self, kind: object, *rest: object) -> None:
        if kind is not None:
            self.cancel()
        self.close()

    # -- lookups in the state the run started from -------------------------------------

    def _started(self, sql: str, params: tuple) -> list[tuple]:
        """The rows of `sql` over the documents `d` live when the run started (`{live}`):
        none, without asking, when the run started from an empty store (a first build)."""
        if not self.start.live:
            return []
        with talking_to(self.address):
            return self.conn.execute(sql.format(live=self.start.live_sql("d")), params).fetchall()

    def stored(self, doc_id: str) -> dict | None:
        rows = self._started(
            "SELECT stored, record, words FROM documents d WHERE id = %s AND {live}", (doc_id,)
        )
        return stored_fields(*rows[0]) if rows else None

    def has(self, doc_id: str) -> bool:
        if self._live_ids is None:  # asked of every file of a folder: one query, not one each
            self._live_ids = {
                r[0] for r in self._started("SELECT id FROM documents d WHERE {live}", ())
            }
        return doc_id in self._live_ids

    def ids_with_source(self, source_hash: str) -> list[str]:
        rows = self._started(
            "SELECT id FROM documents d WHERE source = %s AND {live} ORDER BY doc", (source_hash,)
        )
        return [r[0] for r in rows]

    def band_records(self, bands: list[str]) -> Iterator[tuple[str, str, dict]]:
        rows = self._started(
            "SELECT p.term, d.id, d.stored -> 'near' FROM postings p JOIN documents d"
            " USING (doc) WHERE p.field = 'lsh' AND p.term = ANY(%s) AND {live}"
            " ORDER BY p.term, d.doc",
            (bands,),
        )
        for band, doc_id, near in rows:
            if near:
                yield band, doc_id, stored_fields({"near": near}, None, None)["near"]

    # -- writing -----------------------------------------------------------------------

    def add(self, document: dict) -> None:
        self._pending.append(document_rows(document))
        if len(self._pending) >= FLUSH_DOCUMENTS:
            self._flush()

    def replace(self, document: dict) -> None:
        self.delete(document["id"])
        self.add(document)

    def delete(self, doc_id: str) -> None:
        self._pending = [rows for rows in self._pending if rows.id != doc_id]
        with talking_to(self.address):
            self.conn.execute(
                "UPDATE documents SET deleted = %s WHERE id = %s AND deleted IS NULL",
                (self.generation, doc_id),
            )

    def _flush(self) -> None:
        """Load the buffered documents and their postings with COPY (still uncommitted)."""
        if not self._pending:
            return
        with talking_to(self.address), self.conn.cursor() as cur:
            first = self.next_doc
            with cur.copy(f"COPY documents ({', '.join(DOCUMENT_COLUMNS)}) FROM STDIN") as copy:
                copy.set_types(
                    ["int4", "text", "text", "text", "int4", "jsonb", "jsonb", "jsonb", "bytea"]
                )
                for number, rows in enumerate(self._pending, start=first):
                    copy.write_row(
                        (
                            number,
                            rows.id,
                            rows.source,
                            rows.content_hash,
                            self.generation,
                            Jsonb(rows.lengths),
                            Jsonb(rows.stored),
                            Jsonb(rows.record) if rows.record is not None else None,
                            rows.words,
                        )
                    )
            with cur.copy(f"COPY postings ({', '.join(POSTING_COLUMNS)}) FROM STDIN") as copy:
                copy.set_types(["text", "text", "int4", "int4", "int4[]"])
                for number, rows in enumerate(self._pending, start=first):
                    for field, term, freq, positions in rows.postings:
                        copy.write_row((field, term, number, freq, positions))
        self.next_doc += len(self._pending)
        self._pending = []

    def commit(self) -> None:
        """Generation g+1: the vocabulary and field lengths updated, then one COMMIT; the
        columns of the new state are computed (and cached) at once."""
        with talking_to(self.address):
            self._flush()
            state = self._record_generation()
            self._purge()
            self._analyze(state)
            self.conn.commit()
        self._closed = True
        source = PostgresSource(self.address, state)
        self.store.columns_dir.mkdir(parents=True, exist_ok=True)
        with talking_to(self.address):
            refresh_columns(self.store.columns_dir, state.key, source)

    def _record_generation(self) -> State:
        conn, g, old = self.conn, self.generation, self.start.generation
        new = "doc >= %(first)s AND deleted IS NULL"
        gone = "deleted = %(g)s AND added <= %(old)s"
        values = {"first": self.first_new, "g": g, "old": old}
        conn.execute(
            "INSERT INTO vocabulary (field, term, docs)"
            f" SELECT field, term, count(*) FROM postings JOIN documents USING (doc) WHERE {new}"
            " GROUP BY field, term ON CONFLICT (field, term)"
            " DO UPDATE SET docs = vocabulary.docs + excluded.docs",
            values,
        )
        conn.execute(
            "UPDATE vocabulary v SET docs = v.docs - g.n FROM (SELECT field, term, count(*) n"
            f" FROM postings JOIN documents USING (doc) WHERE {gone} GROUP BY field, term) g"
            " WHERE v.field = g.field AND v.term = g.term",
            values,
        )
        conn.execute("DELETE FROM vocabulary WHERE docs <= 0")
        lengths = dict(self.start.lengths)
        for sign, where in ((1, new), (-1, gone)):
            rows = conn.execute(
                "SELECT key, sum(value::bigint) FROM documents, jsonb_each_text(lengths)"
                f" WHERE {where} GROUP BY key",
                values,
            )
            for key, total in rows:
                lengths[key] = lengths.get(key, 0) + sign * int(total)
        added = conn.execute(f"SELECT count(*) FROM documents WHERE {new}", values).fetchone()
        removed = conn.execute(f"SELECT count(*) FROM documents WHERE {gone}", values).fetchone()
        live = self.start.live + added[0] - removed[0]
        conn.execute(
            "INSERT INTO generations (generation, base, doc_limit, live, lengths)"
            " VALUES (%s, %s, %s, %s, %s)",
            (g, self.base, self.next_doc, live, Jsonb(lengths)),
        )
        return latest_state(conn)

    def _purge(self) -> None:
        """Remove the rows of documents deleted by a generation committed more than
        PURGE_AFTER ago: no reader still holds a state that shows them (a server drops an
        old state within minutes), and their postings would otherwise grow with every
        nightly update."""
        self.conn.execute(
            "WITH gone AS (DELETE FROM documents WHERE deleted IN (SELECT generation FROM"
            " generations WHERE committed_at < now() - %s::interval) RETURNING doc)"
            " DELETE FROM postings WHERE doc IN (SELECT doc FROM gone)",
            (PURGE_AFTER,),
        )

    def _analyze(self, state: State) -> None:
        """Fresh planner statistics after a load that changed the tables much (a first
        build, a large update): autovacuum would get to it, but only later."""
        added = state.doc_limit - self.first_new
        if added >= max(ANALYZE_MIN_DOCUMENTS, ANALYZE_SHARE * state.live):
            self.conn.execute("ANALYZE documents, postings, vocabulary")

    def cancel(self) -> None:
        if not self._closed:
            self._pending = []
            with contextlib.suppress(psycopg.Error):  # a lost connection rolled back already
                self.conn.rollback()
            self._closed = True

    def close(self) -> None:
        self.cancel()
        self.conn.close()
