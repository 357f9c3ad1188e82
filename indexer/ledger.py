"""What the index knows of the files it was built from, so that an unchanged file is
skipped before it is read, let alone parsed.

One small SQLite table in the index folder: for each file's name as indexed, its size,
modification time, the sha256 of its bytes and the id of the record it gave. A file whose
size and time are unchanged is not read; one whose bytes hash the same is not parsed.
Both hold only while the parser is the same code: the ledger is filed under a fingerprint
of the package's sources, and a new one starts empty (every file is read again once).

The ledger is a cache: it is written after the index commits, and losing it (a crash
between the two, a copied index) only costs one run that reads every file again.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

LEDGER_FILE = "files.sqlite"
SCHEMA = """
CREATE TABLE IF NOT EXISTS files(
    name TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, sha256 TEXT, doc_id TEXT,
    fingerprint TEXT);
"""


@functools.cache
def parser_fingerprint() -> str:
    """A hash of the indexer's own sources: any change to them may change what a file
    parses to, so the ledger of another version is not trusted."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for source in sorted(root.rglob("*.py")):
        digest.update(source.relative_to(root).as_posix().encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class FileState:
    """One file as last indexed."""

    size: int
    mtime_ns: int
    sha256: str
    doc_id: str


class Ledger:
    """The files table of one index folder; changes are kept until `save`."""

    def __init__(self, index_dir: Path) -> None:
        self.path = Path(index_dir) / LEDGER_FILE
        self.fingerprint = parser_fingerprint()
        self._pending: dict[str, tuple[int, int, str, str]] = {}
        self._known: dict[str, FileState] | None = None

    def _load(self) -> dict[str, FileState]:
        if self._known is None:
            self._known = {}
            if self.path.exists():
                try:
                    with sqlite3.connect(self.path) as db:
                        rows = db.execute(
                            "SELECT name, size, mtime_ns, sha256, doc_id FROM files"
                            " WHERE fingerprint = ?",
                            (self.fingerprint,),
                        )
                        self._known = {r[0]: FileState(*r[1:]) for r in rows}
                except sqlite3.Error:
                    self._known = {}  # a damaged ledger is only a cache: read every file
        return self._known

    def state(self, name: str) -> FileState | None:
        return self._load().get(name)

    def unchanged_stat(self, name: str, stat: os.stat_result) -> FileState | None:
        """The file's state when its size and modification time are what was indexed."""
        known = self.state(name)
        if known and known.size == stat.st_size and known.mtime_ns == stat.st_mtime_ns:
            return known
        return None

    def note(self, name: str, stat: os.stat_result, sha256: str, doc_id: str) -> None:
        """Remember a file as indexed now (written by `save`, after the index commits)."""
        self._pending[name] = (stat.st_size, stat.st_mtime_ns, sha256, doc_id)

    def save(self) -> None:
        """Write what was noted; a failure only costs reading those files again."""
        if not self._pending:
            return
        rows = [(n, *values, self.fingerprint) for n, values in self._pending.items()]
        try:
            with sqlite3.connect(self.path) as db:
                db.executescript(SCHEMA)
                db.execute("DELETE FROM files WHERE fingerprint != ?", (self.fingerprint,))
                db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)", rows)
        except sqlite3.Error:
            return
        self._pending.clear()
        self._known = None
