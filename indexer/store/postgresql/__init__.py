"""The index in a PostgreSQL database (`postgresql://user@host:port/db`): the second
storage backend behind indexer/store/interface.py.

It owns the schema and its migrations (migrations.py), the rows of a document (rows.py),
the connections (connection.py), an indexing run's transaction (store.py), a committed
generation as the search stages and the columns read it (view.py, source.py). It never
parses articles or decides what a search means; only this package imports psycopg.
"""
