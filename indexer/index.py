"""Indexing runs (`vankien index`, the crawler): records into the store, in transactions.

What an indexing run decides is here: which records are new, changed, moved or
unchanged, the copies of a body found (indexer/reposts.py), and which files need not even
be read (indexer/ledger.py). How the index stores them is the store's business
(indexer/store/): a run is one `StoreWriter`, so it commits as a whole or not at all;
only a run of more than CHECKPOINT_RECORDS written records commits in parts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from indexer.extract.parse import ParseFailure, Unchanged, parse_paths
from indexer.fields import document
from indexer.fields import summary as fields_summary
from indexer.ledger import Ledger
from indexer.record import ArticleRecord
from indexer.reposts import CopyFinder, Signature
from indexer.store import Store, StoreWriter, open_store
from indexer.store.errors import (  # noqa: F401 - where callers have always found them
    IndexError_,
    IndexLockedError,
    IndexUnreadableError,
    reading_index,
)

# A run that writes more records than this commits them and goes on in a new transaction:
# an interrupted first build of a large archive keeps them, and the next run skips them.
CHECKPOINT_RECORDS = 50_000


@dataclass
class IndexSummary:
    """What one `vankien index` run did."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # read, but no article

    def to_dict(self) -> dict:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": [{"path": p, "reason": r} for p, r in self.failed],
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
        }


def facet_values(record: ArticleRecord) -> dict:
    """The small stored summary that facet columns and result lists are built from."""
    return fields_summary(record)


def record_to_fields(record: ArticleRecord) -> dict:
    """The index document of one record (its fields are declared in indexer/fields.py)."""
    return document(record)


Items = Iterable[ArticleRecord | ParseFailure | Unchanged]


def index_files(
    location: str | Path,
    sources: Iterable[str | Path],
    progress: Callable[[int, str], None] | None = None,
    expected: int = 0,
) -> IndexSummary:
    """Index the files, folders and WARC files `sources`: `index_records` of what they
    parse to, each file the index holds unchanged skipped before it is read or parsed
    (indexer/ledger.py)."""
    ledger = Ledger(open_store(location).ledger_dir)

    def items(indexed: Callable[[str], bool]) -> Items:
        return parse_paths(sources, ledger=ledger, indexed=indexed)

    return index_records(location, items, progress, expected, ledger)


def index_records(
    location: str | Path,
    items: Items | Callable[[Callable[[str], bool]], Items],
    progress: Callable[[int, str], None] | None = None,
    expected: int = 0,
    ledger: Ledger | None = None,
) -> IndexSummary:
    """Add, update or skip every record in one transaction (a part per CHECKPOINT_RECORDS
    written); failures are listed, not lost.

    `items` may be a function of "is this id indexed?" giving them (index_files). A
    record's index document is built only when it is new or changed. `expected` (how many
    records are coming, when known) lets a store use every core for a large build. The
    `ledger` is saved whenever the run has committed (or had nothing to write).
    """
    summary = IndexSummary()
    store = open_store(location)
    run = _Transaction(store, expected)
    try:
        if callable(items):
            items = items(lambda doc_id: run.writer.has(doc_id))  # the current part's writer
        seen: set[str] = set()
        for count, item in enumerate(_chain(run.writer.carried, items), start=1):
            if isinstance(item, ParseFailure):
                listed = summary.skipped if item.skipped else summary.failed
                listed.append((item.path, item.reason))
                continue
            if isinstance(item, Unchanged):
                seen.add(item.doc_id)
                summary.unchanged += 1
            elif _write(run.writer, item, seen, summary, run.finder):
                run.written += 1
                if run.written >= CHECKPOINT_RECORDS:
                    run.checkpoint(expected - count)
                    if ledger is not None:
                        ledger.save()
            if progress:
                progress(count, item.path)
        run.finish()
    finally:
        run.close()
    if ledger is not None:
        ledger.save()
    return summary


class _Transaction:
    """The store writer of the current part of a run, and the copies it has found.

    A run commits once at its end; a long one (a first build of a large archive) also
    commits every CHECKPOINT_RECORDS written records, so that an interruption keeps what
    was committed and the next run skips it. Each part is one store transaction."""

    def __init__(self, store: Store, expected: int) -> None:
        self.store = store
        self.writer = store.writer(expected)
        self.finder = CopyFinder(self.writer.band_records)
        self.written = 0

    def checkpoint(self, remaining: int) -> None:
        """Commit what was written and go on in a new transaction."""
        self.writer.commit()
        self.writer.close()
        # The records just committed are now found through the store, not in memory.
        self.writer = self.store.writer(max(0, remaining))
        self.finder = CopyFinder(self.writer.band_records)
        self.written = 0

    def finish(self) -> None:
        if self.written:
            self.writer.commit()
        else:
            self.writer.cancel()

    def close(self) -> None:
        """Give the writer up: what was not committed is cancelled."""
        self.writer.cancel()
        self.writer.close()


def _write(
    writer: StoreWriter,
    record: ArticleRecord,
    seen: set[str],
    summary: IndexSummary,
    finder: CopyFinder,
) -> bool:
    """Add, replace or skip one record (True when it was written); its index document
    (with the copies of its body found so far) is built only to be written."""
    doc_id = record.doc_id
    if doc_id in seen:
        summary.unchanged += 1
        return False
    seen.add(doc_id)
    existing = writer.stored(doc_id)
    moved = None if existing is not None else _moved_from(writer, record, seen)
    if moved is not None:
        # The same file, read from another folder: it replaces its old entry.
        seen.add(moved)
        finder.written(moved)
        writer.delete(moved)
        writer.add(_with_copies(record_to_fields(record), finder))
        summary.updated += 1
    elif existing is None:
        writer.add(_with_copies(record_to_fields(record), finder))
        summary.added += 1
    elif existing.get("content_hash") != record.content_hash():
        writer.replace(_with_copies(record_to_fields(record), finder))
        summary.updated += 1
    else:
        summary.unchanged += 1
        return False
    return True


def _with_copies(fields: dict, finder: CopyFinder) -> dict:
    """The document with the copies of its body found in the index and in this run."""
    finder.written(fields["id"])
    near = fields.get("near")
    if near is not None:
        fields["near"] = {**near, "e": finder.copies(fields["id"], Signature.from_stored(near))}
    return fields


def _moved_from(writer: StoreWriter, record: ArticleRecord, seen: set[str]) -> str | None:
    """The id under which the file `record` was read from is indexed at another path.

    Only for articles known by their path (no URL of their own): same bytes, another
    name, and not an entry this run has already written or matched.
    """
    if record.url or not record.source_hash:
        return None
    for old in writer.ids_with_source(record.source_hash):
        if old not in seen and old != record.doc_id and "://" not in old:
            return old
    return None


def _chain(first: list, second: Iterable):  # noqa: ANN202
    yield from first
    yield from second
