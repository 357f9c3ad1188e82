"""The database schema, owned by vankien: numbered migrations applied in order, once each.

`schema_version` holds one row per migration applied. An indexing run (read-write)
applies the missing ones inside its own transaction, so a run killed half way leaves the
schema as it was; a server (often on a read-only replica) only checks the version.

The tables:

- `store`: one row, the store's identity (cache files of another database with the same
  address are never mistaken for this one's) and the signature of the declared fields;
- `generations`: one row per commit: how many document numbers exist, how many documents
  are live, their total field lengths (BM25's average lengths);
- `documents`: one row per document, numbered densely from 0 (bitsets are by number);
  `added` and `deleted` are the generations that wrote and removed it, so a reader of
  generation g sees exactly the documents with added <= g < deleted;
- `postings`: (field, term, doc, frequency, positions): the inverted index;
- `vocabulary`: each (field, term) with its live document count (expansion of prefixes,
  "did you mean", frequent words).
"""

from __future__ import annotations

import psycopg

from indexer.store.errors import IndexError_

MIGRATIONS: tuple[str, ...] = (
    # 1: the first schema.
    """
    CREATE TABLE store (
        only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
        identity text NOT NULL DEFAULT md5(random()::text || clock_timestamp()::text),
        fields text NOT NULL DEFAULT ''
    );
    INSERT INTO store DEFAULT VALUES;
    CREATE TABLE generations (
        generation integer PRIMARY KEY,
        committed_at timestamptz NOT NULL DEFAULT now(),
        base integer NOT NULL,
        doc_limit integer NOT NULL,
        live integer NOT NULL,
        lengths jsonb NOT NULL
    );
    CREATE TABLE documents (
        doc integer PRIMARY KEY,
        id text NOT NULL,
        source text,
        content_hash text,
        added integer NOT NULL,
        deleted integer,
        lengths jsonb NOT NULL,
        stored jsonb NOT NULL,
        record jsonb,
        words bytea
    );
    CREATE UNIQUE INDEX documents_live_id ON documents (id) WHERE deleted IS NULL;
    CREATE INDEX documents_id ON documents (id);
    CREATE INDEX documents_source ON documents (source);
    CREATE INDEX documents_deleted ON documents (deleted) WHERE deleted IS NOT NULL;
    CREATE TABLE postings (
        field text COLLATE "C" NOT NULL,
        term text COLLATE "C" NOT NULL,
        doc integer NOT NULL,
        freq integer NOT NULL,
        positions integer[]
    );
    CREATE INDEX postings_term ON postings (field, term, doc);
    CREATE INDEX postings_doc ON postings (doc);
    CREATE TABLE vocabulary (
        field text COLLATE "C" NOT NULL,
        term text COLLATE "C" NOT NULL,
        docs integer NOT NULL,
        PRIMARY KEY (field, term)
    );
    CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
    """,
)
VERSION = len(MIGRATIONS)


def current_version(conn: psycopg.Connection) -> int:
    """The number of migrations applied to the database (0: none, not a vankien index)."""
    exists = conn.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()
    if not exists or not exists[0]:
        return 0
    row = conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
    return int(row[0]) if row else 0


def migrate(conn: psycopg.Connection) -> int:
    """Apply the missing migrations in order, in the caller's transaction; the version."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY,"
        " applied_at timestamptz NOT NULL DEFAULT now())"
    )
    version = current_version(conn)
    if version > VERSION:
        raise IndexError_(newer_schema(version))
    for number in range(version + 1, VERSION + 1):
        conn.execute(MIGRATIONS[number - 1])
        conn.execute("INSERT INTO schema_version (version) VALUES (%s)", (number,))
    return VERSION


def newer_schema(version: int) -> str:
    return (
        f"cơ sở dữ liệu do phiên bản vankien mới hơn tạo ra (lược đồ {version}, "
        f"bản này biết đến {VERSION}): hãy cập nhật vankien"
    )


def check_readable(conn: psycopg.Connection, shown: str) -> None:
    """Refuse, in Vietnamese, a database a reader cannot read as it is."""
    version = current_version(conn)
    if version == 0:
        raise IndexError_(f"chưa có chỉ mục trong {shown}: hãy chạy 'vankien index' trước")
    if version > VERSION:
        raise IndexError_(newer_schema(version))
    if version < VERSION:
        raise IndexError_(
            f"chỉ mục trong {shown} theo lược đồ cũ ({version}): hãy chạy 'vankien index' "
            "để nâng cấp"
        )
