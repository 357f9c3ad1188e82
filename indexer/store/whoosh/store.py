"""The Whoosh index in a folder: `Store` and `StoreWriter` of indexer/store/interface.py.

One writer run is one Whoosh transaction: until it commits, searchers keep seeing the
previous state, and a run that is interrupted or crashes leaves that state untouched.
Whoosh's lock file stops a second writer, which is told so plainly.

An update appends its segment without merging, so the other segments keep their document
numbers and their columns are extended, not read again (indexer/search/columns.py); past
MAX_SEGMENTS, the small segments at the end are merged (`merge_tail`).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import LockError

from indexer import messages
from indexer.record import ArticleRecord
from indexer.search.columns import Columns, refresh_columns
from indexer.store.errors import IndexError_, IndexLockedError, reading_index
from indexer.store.whoosh.parallel import ParallelWriter
from indexer.store.whoosh.schema import SCHEMA_VERSION, build_schema
from indexer.store.whoosh.source import WhooshSource, generation_key, live_ids, segment_ids
from indexer.store.whoosh.view import WhooshView, open_view

INDEX_NAME = "MAIN"
META_FILE = "vankien.json"
OPEN_ATTEMPTS = 10
# Records; below this, extra processes cost more than they give (1,200 written into an
# index of 100,000: 27.8 s in one process, 20.9 s with two, bench/update.py).
PARALLEL_BUILD_THRESHOLD = 500
WRITER_MEMORY_MB = 128  # Whoosh buffers this much per writer before it spills a segment
# Updates append a segment each (their columns are extended, not rebuilt); with this many
# segments the next commit merges the small ones at the end.
MAX_SEGMENTS = 12
TAIL_SHARE = 0.1  # a segment with less than this share of the documents is merged away


class WhooshStore:
    """The index in one folder."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.location = str(folder)
        self.ledger_dir = self.folder

    def open_view(self, known_key: str | None) -> tuple[WhooshView, Columns | None]:
        return open_view(self.folder, known_key)

    def latest_generation(self) -> int:
        ix = open_index(self.folder)
        try:
            return ix.latest_generation()
        finally:
            ix.close()

    def writer(self, expected: int = 0) -> WhooshWriter:
        return WhooshWriter(self.folder, expected)


class WhooshWriter:
    """One run over the folder's index: a Whoosh writer and a searcher of the state it
    started from (for the lookups made before writing)."""

    def __init__(self, folder: Path, expected: int) -> None:
        self.folder = folder
        self.ix, self.carried = _create_or_open_for_writing(folder)
        # Separate segment files: a compound file is read into memory when opened.
        options: dict = {"limitmb": WRITER_MEMORY_MB, "compound": False}
        cores = os.cpu_count() or 1
        try:
            if expected >= PARALLEL_BUILD_THRESHOLD and cores > 1:
                self.writer = ParallelWriter(
                    self.ix, procs=min(cores, 4), multisegment=True, **options
                )
            else:
                self.writer = self.ix.writer(**options)
        except LockError as error:
            self.ix.close()
            raise IndexLockedError(
                f"một tiến trình vankien khác đang ghi vào chỉ mục trong {folder}; hãy chờ nó xong"
            ) from error
        self.searcher = self.ix.searcher()
        self.segments = len(segment_ids(self.searcher.reader()))
        self._live_ids: set[str] | None = None

    def __enter__(self) -> WhooshWriter:
        return self

    def __exit__(self, kind: object, *rest: object) -> None:
        if kind is not None:
            self.cancel()
        self.close()

    # -- lookups in the state the run started from -----------------------------------

    def stored(self, doc_id: str) -> dict | None:
        return self.searcher.document(id=doc_id)

    def has(self, doc_id: str) -> bool:
        if self._live_ids is None:  # asked of every file of a folder: read them all once
            self._live_ids = live_ids(self.searcher.reader())
        return doc_id in self._live_ids

    def ids_with_source(self, source_hash: str) -> list[str]:
        return [f["id"] for f in self.searcher.documents(source=source_hash) if f.get("id")]

    def band_records(self, bands: list[str]) -> Iterator[tuple[str, str, dict]]:
        reader = self.searcher.reader()
        for band in bands:
            if ("lsh", band) not in reader:  # most bands of a new body: no query built
                continue
            for docnum in reader.postings("lsh", band).all_ids():
                if reader.is_deleted(docnum):
                    continue
                stored = self.searcher.stored_fields(docnum)
                if stored.get("near"):
                    yield band, stored["id"], stored["near"]

    # -- writing -----------------------------------------------------------------------

    def add(self, document: dict) -> None:
        self.writer.add_document(**document)

    def replace(self, document: dict) -> None:
        self.writer.update_document(**document)

    def delete(self, doc_id: str) -> None:
        self.writer.delete_by_term("id", doc_id)

    def commit(self) -> None:
        """One new generation; an update's segment appended (its columns extended)."""
        if self.carried or not self.segments:
            self.writer.commit()  # a first build: Whoosh merges its parts as it likes
        elif self.segments < MAX_SEGMENTS:
            self.writer.commit(merge=False)
        else:
            self.writer.commit(mergetype=merge_tail)
        with self.ix.searcher() as searcher:
            reader = searcher.reader()
            refresh_columns(self.folder, generation_key(reader), WhooshSource(reader))

    def cancel(self) -> None:
        if not self.writer.is_closed:
            self.writer.cancel()

    def close(self) -> None:
        self.searcher.close()
        self.ix.close()


def merge_tail(writer, segments: list) -> list:  # noqa: ANN001 - Whoosh's merge policy
    """Whoosh merge policy: the small segments at the end (the updates since the large
    ones) are merged into the new segment; the large ones before them stay as they are,
    with their document numbers, so their columns are kept (indexer/search/columns.py)."""
    from whoosh.reading import SegmentReader

    total = sum(segment.doc_count_all() for segment in segments)
    cut = len(segments)
    while cut > 1 and segments[cut - 1].doc_count_all() < TAIL_SHARE * total:
        cut -= 1
    cut = max(0, min(cut, len(segments) - 2))  # at least two segments merged: the count drops
    for segment in segments[cut:]:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return segments[:cut]


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
