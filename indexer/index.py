"""Build and update the Whoosh index from article records (`vankien index`).

One run is one Whoosh transaction: until it commits, searchers keep seeing the previous
index, and a run that is interrupted or crashes leaves that previous index untouched.
Whoosh's lock file stops a second writer, which is told so plainly.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import LockError

from indexer import messages
from indexer.columns import prepare_columns, segment_ids
from indexer.fields import document
from indexer.fields import summary as fields_summary
from indexer.ledger import Ledger
from indexer.parse import ParseFailure, Unchanged, parse_paths
from indexer.record import ArticleRecord
from indexer.reposts import CopyFinder, Signature
from indexer.schema import SCHEMA_VERSION, build_schema

INDEX_NAME = "MAIN"
PARALLEL_BUILD_THRESHOLD = 5000  # records; below this, extra processes cost more than they give
# Updates append a segment each (their columns are extended, not rebuilt); with this many
# segments the next commit merges them (and rebuilds the columns once).
MAX_SEGMENTS = 12
TAIL_SHARE = 0.1  # a segment with less than this share of the documents is merged away
WRITER_MEMORY_MB = 128  # Whoosh buffers this much per writer before it spills a segment
META_FILE = "vankien.json"
OPEN_ATTEMPTS = 10


class IndexError_(Exception):
    """A problem with the index the user must hear about (locked, unreadable, missing)."""


class IndexLockedError(IndexError_):
    """Another process is writing to the index."""


class IndexUnreadableError(IndexError_):
    """The index folder is there but cannot be read: corrupt, or copied only in part."""


@contextmanager
def reading_index(path: str | Path) -> Iterator[None]:
    """Turn any failure to read the index in `path` into one clear IndexUnreadableError."""
    try:
        yield
    except IndexError_:
        raise
    except Exception as error:  # noqa: BLE001 - Whoosh fails in many ways on damaged files
        raise IndexUnreadableError(
            f"không đọc được chỉ mục trong {path} (hỏng hoặc chép chưa xong: "
            f"{type(error).__name__}); hãy chép lại hoặc chạy lại 'vankien index'"
        ) from error


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


def _read_meta(path: Path) -> dict:
    try:
        return json.loads((path / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def open_index(path: str | Path):  # noqa: ANN201 - a Whoosh FileIndex
    """Open the index for reading; a clear error when there is none or it is outdated."""
    path = Path(path)
    with reading_index(path):
        for attempt in range(OPEN_ATTEMPTS):
            try:
                return _open_for_reading(path)
            except FileNotFoundError:
                # A commit replaced the table of contents between Whoosh listing and reading
                # it; Whoosh retries the same way when it opens a reader.
                if attempt == OPEN_ATTEMPTS - 1:
                    raise
                time.sleep(0.05)
    raise AssertionError("unreachable")


def _open_for_reading(path: Path):  # noqa: ANN202
    if not whoosh_index.exists_in(str(path), indexname=INDEX_NAME):
        raise IndexError_(messages.no_index_text(path))
    if _read_meta(path).get("schema_version") != SCHEMA_VERSION:
        raise IndexError_(
            f"chỉ mục trong {path} do phiên bản khác tạo ra: hãy chạy lại 'vankien index'"
        )
    return whoosh_index.open_dir(str(path), indexname=INDEX_NAME)


def _create_or_open_for_writing(path: Path):  # noqa: ANN202
    path.mkdir(parents=True, exist_ok=True)
    if whoosh_index.exists_in(str(path), indexname=INDEX_NAME):
        if _read_meta(path).get("schema_version") == SCHEMA_VERSION:
            return whoosh_index.open_dir(str(path), indexname=INDEX_NAME), []
        return _rebuild_for_new_schema(path)
    # The version first: a first build killed between the two writes then leaves "no
    # index yet", never a table of contents that looks like another version's.
    (path / META_FILE).write_text(json.dumps({"schema_version": SCHEMA_VERSION}), encoding="utf-8")
    ix = whoosh_index.create_in(str(path), build_schema(), indexname=INDEX_NAME)
    return ix, []


def _rebuild_for_new_schema(path: Path):  # noqa: ANN202
    """Keep the stored records of an index of another schema, and start a new index."""
    records = []
    try:
        old = whoosh_index.open_dir(str(path), indexname=INDEX_NAME)
        with old.searcher() as searcher:
            records = [
                fields["record"] for fields in searcher.all_stored_fields() if "record" in fields
            ]
        old.close()
    except Exception:  # noqa: BLE001 - an unreadable old index is rebuilt from the sources
        records = []
    staging = path.with_name(path.name + ".rebuild")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    whoosh_index.create_in(str(staging), build_schema(), indexname=INDEX_NAME)
    (staging / META_FILE).write_text(
        json.dumps({"schema_version": SCHEMA_VERSION}), encoding="utf-8"
    )
    backup = path.with_name(path.name + ".old")
    shutil.rmtree(backup, ignore_errors=True)
    path.rename(backup)
    staging.rename(path)
    shutil.rmtree(backup, ignore_errors=True)
    ix = whoosh_index.open_dir(str(path), indexname=INDEX_NAME)
    return ix, [ArticleRecord.from_dict(json.loads(r)) for r in records]


def facet_values(record: ArticleRecord) -> dict:
    """The small stored summary that facet columns and result lists are built from."""
    return fields_summary(record)


def record_to_fields(record: ArticleRecord) -> dict:
    """The Whoosh document of one record (its fields are declared in indexer/fields.py)."""
    return document(record)


Items = Iterable[ArticleRecord | ParseFailure | Unchanged]


def index_files(
    path: str | Path,
    sources: Iterable[str | Path],
    progress: Callable[[int, str], None] | None = None,
    expected: int = 0,
) -> IndexSummary:
    """Index the files, folders and WARC files `sources`: `index_records` of what they
    parse to, each file the index holds unchanged skipped before it is read or parsed
    (indexer/ledger.py)."""
    ledger = Ledger(Path(path))

    def items(indexed: Callable[[str], bool]) -> Items:
        return parse_paths(sources, ledger=ledger, indexed=indexed)

    return index_records(path, items, progress, expected, ledger)


def index_records(
    path: str | Path,
    items: Items | Callable[[Callable[[str], bool]], Items],
    progress: Callable[[int, str], None] | None = None,
    expected: int = 0,
    ledger: Ledger | None = None,
) -> IndexSummary:
    """Add, update or skip every record in one transaction; failures are listed, not lost.

    `items` may be a function of "is this id indexed?" giving them (index_files). A
    record's index document is built only when it is new or changed. `expected` (how many
    records are coming, when known) lets a large build analyse documents in one process
    per core. The `ledger` is saved once the run has committed (or had nothing to write).
    """
    path = Path(path)
    ix, carried = _create_or_open_for_writing(path)
    # Separate segment files: a compound file is read into memory when opened.
    options: dict = {"limitmb": WRITER_MEMORY_MB, "compound": False}
    cores = os.cpu_count() or 1
    if expected >= PARALLEL_BUILD_THRESHOLD and cores > 1:
        options.update(procs=min(cores, 4), multisegment=True)
    try:
        writer = ix.writer(**options)
    except LockError as error:
        raise IndexLockedError(
            f"một tiến trình vankien khác đang ghi vào chỉ mục trong {path}; hãy chờ nó xong"
        ) from error
    summary = IndexSummary()
    try:
        with ix.searcher() as searcher:
            segments = len(segment_ids(searcher.reader()))
            if callable(items):
                items = items(lambda doc_id: searcher.document_number(id=doc_id) is not None)
            seen: set[str] = set()
            finder = CopyFinder(_indexed_signatures(searcher))
            for count, item in enumerate(_chain(carried, items), start=1):
                if isinstance(item, ParseFailure):
                    listed = summary.skipped if item.skipped else summary.failed
                    listed.append((item.path, item.reason))
                    continue
                if isinstance(item, Unchanged):
                    seen.add(item.doc_id)
                    summary.unchanged += 1
                else:
                    _write(writer, searcher, item, seen, summary, finder)
                if progress:
                    progress(count, item.path)
        if summary.added or summary.updated:
            # An update appends its segment, leaving the others' document numbers in place,
            # so the columns are extended, not rebuilt; past MAX_SEGMENTS the small
            # segments at the end are merged (and only their columns read again).
            if "procs" in options or carried or not segments:
                writer.commit()
            elif segments < MAX_SEGMENTS:
                writer.commit(merge=False)
            else:
                writer.commit(mergetype=merge_tail)
            prepare_columns(path, ix)
        else:
            writer.cancel()
        if ledger is not None:
            ledger.save()
    except BaseException:
        writer.cancel()
        raise
    finally:
        ix.close()
    return summary


def merge_tail(writer, segments: list) -> list:  # noqa: ANN001 - Whoosh's merge policy
    """Whoosh merge policy: the small segments at the end (the updates since the large
    ones) are merged into the new segment; the large ones before them stay as they are,
    with their document numbers, so their columns are kept (indexer/columns.py)."""
    from whoosh.reading import SegmentReader

    total = sum(segment.doc_count_all() for segment in segments)
    cut = len(segments)
    while cut > 1 and segments[cut - 1].doc_count_all() < TAIL_SHARE * total:
        cut -= 1
    cut = min(cut, len(segments) - 2)  # at least two segments are merged: the count drops
    for segment in segments[max(cut, 0) :]:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return segments[: max(cut, 0)]


def _write(
    writer,  # noqa: ANN001
    searcher,  # noqa: ANN001
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
    existing = searcher.document(id=doc_id)
    moved = None if existing is not None else _moved_from(searcher, record, seen)
    if moved is not None:
        # The same file, read from another folder: it replaces its old entry.
        seen.add(moved)
        finder.written(moved)
        writer.delete_by_term("id", moved)
        writer.add_document(**_with_copies(record_to_fields(record), finder))
        summary.updated += 1
    elif existing is None:
        writer.add_document(**_with_copies(record_to_fields(record), finder))
        summary.added += 1
    elif existing.get("content_hash") != record.content_hash():
        writer.update_document(**_with_copies(record_to_fields(record), finder))
        summary.updated += 1
    else:
        summary.unchanged += 1


def _indexed_signatures(searcher):  # noqa: ANN001, ANN202 - a Whoosh searcher
    """The LSH lookup of the committed index: (id, stored signature) of the records
    holding a band term."""

    def lookup(term: str) -> Iterator[tuple[str, dict]]:
        for docnum in searcher.document_numbers(lsh=term):
            stored = searcher.stored_fields(docnum)
            if stored.get("near"):
                yield stored["id"], stored["near"]

    return lookup


def _with_copies(fields: dict, finder: CopyFinder) -> dict:
    """The document with the copies of its body found in the index and in this run."""
    finder.written(fields["id"])
    near = fields.get("near")
    if near is not None:
        fields["near"] = {**near, "e": finder.copies(fields["id"], Signature.from_stored(near))}
    return fields


def _moved_from(searcher, record: ArticleRecord, seen: set[str]) -> str | None:  # noqa: ANN001
    """The id under which the file `record` was read from is indexed at another path.

    Only for articles known by their path (no URL of their own): same bytes, another
    name, and not an entry this run has already written or matched.
    """
    if record.url or not record.source_hash:
        return None
    for fields in searcher.documents(source=record.source_hash):
        old = fields.get("id")
        if old and old not in seen and old != record.doc_id and "://" not in old:
            return old
    return None


def _chain(first: list, second: Iterable):  # noqa: ANN202
    yield from first
    yield from second
