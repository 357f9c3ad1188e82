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
from indexer.columns import prepare_columns
from indexer.fields import document
from indexer.fields import summary as fields_summary
from indexer.parse import ParseFailure
from indexer.record import ArticleRecord
from indexer.reposts import CopyFinder, Signature
from indexer.schema import SCHEMA_VERSION, build_schema

INDEX_NAME = "MAIN"
PARALLEL_BUILD_THRESHOLD = 5000  # records; below this, extra processes cost more than they give
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

    def to_dict(self) -> dict:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": [{"path": p, "reason": r} for p, r in self.failed],
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


def index_records(
    path: str | Path,
    items: Iterable[ArticleRecord | ParseFailure],
    progress: Callable[[int, str], None] | None = None,
    expected: int = 0,
) -> IndexSummary:
    """Add, update or skip every record in one transaction; failures are listed, not lost.

    `expected` (how many records are coming, when known) lets a large build analyse
    documents in one process per core.
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
            seen: set[str] = set()
            finder = CopyFinder(_indexed_signatures(searcher))
            for count, item in enumerate(_chain(carried, items), start=1):
                if isinstance(item, ParseFailure):
                    summary.failed.append((item.path, item.reason))
                    continue
                fields = record_to_fields(item)
                doc_id = fields["id"]
                if doc_id in seen:
                    summary.unchanged += 1
                    continue
                seen.add(doc_id)
                existing = searcher.document(id=doc_id)
                moved = None if existing is not None else _moved_from(searcher, item, seen)
                if moved is not None:
                    # The same file, read from another folder: it replaces its old entry.
                    seen.add(moved)
                    finder.written(moved)
                    writer.delete_by_term("id", moved)
                    writer.add_document(**_with_copies(fields, finder))
                    summary.updated += 1
                elif existing is None:
                    writer.add_document(**_with_copies(fields, finder))
                    summary.added += 1
                elif existing.get("content_hash") != fields["content_hash"]:
                    writer.update_document(**_with_copies(fields, finder))
                    summary.updated += 1
                else:
                    summary.unchanged += 1
                if progress:
                    progress(count, item.path)
        if summary.added or summary.updated:
            writer.commit()
            prepare_columns(path, ix)
        else:
            writer.cancel()
    except BaseException:
        writer.cancel()
        raise
    finally:
        ix.close()
    return summary


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
