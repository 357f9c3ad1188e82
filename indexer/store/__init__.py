"""Where the index lives, behind one interface (indexer/store/interface.py).

`open_store(location)` gives the store of a location: a folder is the Whoosh index (the
embedded default, indexer/store/whoosh/); a `postgresql://` address is a database
(indexer/store/postgresql/). Every
other part of vankien (indexing, the search engine, the crawler, the web server, the
command line and the benches) reaches the index through a store, and nothing outside
this package imports Whoosh.
"""

from __future__ import annotations

from pathlib import Path

from indexer.store.errors import IndexError_, IndexLockedError, IndexUnreadableError
from indexer.store.interface import ColumnSource, IndexView, Store, StoreWriter

DATABASE_SCHEMES = ("postgresql://", "postgres://")


def is_database(location: str | Path) -> bool:
    """Whether `location` names a database rather than a folder."""
    return str(location).startswith(DATABASE_SCHEMES)


def shown_location(location: str | Path) -> str:
    """The location as messages show it: a database address without user and password."""
    if is_database(location):
        from indexer.store.postgresql.address import shown_address  # no driver needed

        return shown_address(str(location))
    return str(location)


def open_store(location: str | Path) -> Store:
    """The store at `location`: an index folder (Whoosh), or a PostgreSQL address."""
    text = str(location)
    if is_database(text):
        try:  # the driver only when a database is used (the `postgresql` extra)
            from indexer.store.postgresql.store import PostgresStore
        except ImportError as error:
            raise IndexError_(
                "chỉ mục trong PostgreSQL cần gói psycopg: hãy cài 'vankien[postgresql]'"
            ) from error
        return PostgresStore(text)
    from indexer.store.whoosh.store import WhooshStore  # Whoosh only when a folder is used

    return WhooshStore(Path(location))


__all__ = [
    "ColumnSource",
    "IndexError_",
    "IndexLockedError",
    "IndexUnreadableError",
    "IndexView",
    "Store",
    "StoreWriter",
    "is_database",
    "open_store",
    "shown_location",
]
