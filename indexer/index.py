"""Indexing runs (`vankien index`, the crawler): records into the store, in one transaction.

What an indexing run decides is here: which records are new, changed, moved or
unchanged, the copies of a body found (indexer/reposts.py), and which files need not even
be read (indexer/ledger.py). How the index stores them is the store's business
(indexer/store/): a run is one `StoreWriter`, so it commits as a whole or not at all.
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
from indexer.store import StoreWriter, open_store
from indexer.store.errors import (  # noqa: F401 - where callers have always found them
    IndexError_,
    IndexLockedError,
    IndexUnreadableError,
    reading_index,
)


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
    """Add, update or skip every record in one transaction; failures are listed, not lost.

    `items` may be a function of "is this id indexed?" giving them (index_files). A
    record's index document is built only when it is new or changed. `expected` (how many
    records are coming, when known) lets a store use every core for a large build. The
    `ledger` is saved once the run has committed (or had nothing to write).
    """
    summary = IndexSummary()
    with open_store(location).writer(expected) as writer:
        if callable(items):
            items = items(lambda doc_id: writer.stored(doc_id) is not None)
        seen: set[str] = set()
        finder = CopyFinder(writer.band_records)
        for count, item in enumerate(_chain(writer.carried, items), start=1):
            if isinstance(item, ParseFailure):
                listed = summary.skipped if item.skipped else summary.failed
                listed.append((item.path, item.reason))
                continue
            if isinstance(item, Unchanged):
                seen.add(item.doc_id)
                summary.unchanged += 1
            else:
                _write(writer, item, seen, summary, finder)
            if progress:
                progress(count, item.path)
        if summary.added or summary.updated:
            writer.commit()
        else:
            writer.cancel()
    if ledger is not None:
        ledger.save()
    return summary


def _write(
    writer: StoreWriter,
    record: ArticleRecord,
    seen: set[str],
    summary: IndexSummary,
    finder: CopyFinder,
) -> None:
    """Add, replace or skip one record; its index document (with the copies of its body
    found so far) is built only to be written."""
    doc_id = record.doc_id
    if doc_id in seen:
        summary.unchanged += 1
        return
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
