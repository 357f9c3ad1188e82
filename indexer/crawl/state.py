"""What the crawler knows between runs, in one SQLite file beside the WARC files.

The frontier is committed after every page, so a crawl killed at any moment continues
where it stopped; what each URL answered last time (ETag, Last-Modified, content hash,
capture) makes the next crawl incremental.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

STATE_FILE = "crawl-state.sqlite"  # beside the WARC files
SCHEMA = """
CREATE TABLE IF NOT EXISTS runs(id INTEGER PRIMARY KEY, started REAL, finished REAL, indexed REAL);
CREATE TABLE IF NOT EXISTS pages(
    url TEXT PRIMARY KEY, status INTEGER, etag TEXT, last_modified TEXT, content_hash TEXT,
    kind TEXT, gone INTEGER DEFAULT 0, warc TEXT, offset INTEGER, fetched REAL, run INTEGER,
    changed_run INTEGER);
CREATE TABLE IF NOT EXISTS frontier(
    run INTEGER, url TEXT, depth INTEGER, seq INTEGER, state TEXT, reason TEXT,
    PRIMARY KEY(run, url));
CREATE INDEX IF NOT EXISTS frontier_queue ON frontier(run, state, seq);
"""


@dataclass
class PageState:
    url: str
    status: int
    etag: str | None
    last_modified: str | None
    content_hash: str | None
    kind: str | None
    gone: bool
    warc: str | None
    offset: int | None
    record: str | None = None  # the article as the crawler parsed it (JSON), for indexing


class CrawlState:
    """The crawl database: runs, known pages and the frontier of the current run."""

    def __init__(self, path: str | Path) -> None:
        self.db = sqlite3.connect(str(path), timeout=30)
        self.db.executescript(SCHEMA)
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(frontier)")}
        if "kind" not in columns:  # state files written before sitemap indexes were followed
            self.db.execute("ALTER TABLE frontier ADD COLUMN kind TEXT")
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(pages)")}
        if "record" not in columns:  # state files written before the parsed record was kept
            self.db.execute("ALTER TABLE pages ADD COLUMN record TEXT")
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.commit()
        self._seq: int | None = None

    def close(self) -> None:
        self.db.close()

    # -- runs ----------------------------------------------------------------------------

    def open_run(self) -> tuple[int, bool]:
        """The unfinished run to resume, else a new one; True when resuming."""
        row = self.db.execute(
            "SELECT id FROM runs WHERE finished IS NULL ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row:
            return row[0], True
        cursor = self.db.execute("INSERT INTO runs(started) VALUES (?)", (time.time(),))
        self.db.commit()
        return int(cursor.lastrowid), False

    def finish_run(self, run: int) -> None:
        self.db.execute("UPDATE runs SET finished = ? WHERE id = ?", (time.time(), run))
        self.db.commit()

    def mark_indexed(self, run: int) -> None:
        self.db.execute("UPDATE runs SET indexed = ? WHERE id = ?", (time.time(), run))
        self.db.commit()

    def unindexed_runs(self) -> list[int]:
        return [
            r[0]
            for r in self.db.execute(
                "SELECT id FROM runs WHERE finished IS NOT NULL AND indexed IS NULL"
            )
        ]

    # -- frontier ------------------------------------------------------------------------

    def enqueue(self, run: int, url: str, depth: int, kind: str | None = None) -> bool:
        """Queue `url` once per run; False when it was already seen in this run.

        `kind` "sitemap" marks a sitemap or feed (fetched even outside the path prefix).
        """
        seq = self.db.execute(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM frontier WHERE run = ?", (run,)
        ).fetchone()[0]
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO frontier(run, url, depth, seq, state, kind)"
            " VALUES (?, ?, ?, ?, 'queued', ?)",
            (run, url, depth, seq, kind),
        )
        self.db.commit()
        return cursor.rowcount > 0

    def seen(self, run: int, url: str) -> bool:
        return (
            self.db.execute(
                "SELECT 1 FROM frontier WHERE run = ? AND url = ?", (run, url)
            ).fetchone()
            is not None
        )

    def next_queued(self, run: int) -> tuple[str, int, str | None] | None:
        row = self.db.execute(
            "SELECT url, depth, kind FROM frontier WHERE run = ? AND state = 'queued'"
            " ORDER BY seq LIMIT 1",
            (run,),
        ).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def frontier_entry(self, run: int, url: str) -> tuple[str, str | None] | None:
        """(state, reason) of `url` in this run's frontier, None when never queued."""
        row = self.db.execute(
            "SELECT state, reason FROM frontier WHERE run = ? AND url = ?", (run, url)
        ).fetchone()
        return (row[0], row[1]) if row else None

    def settle(self, run: int, url: str, state: str, reason: str | None = None) -> None:
        self.db.execute(
            "UPDATE frontier SET state = ?, reason = ? WHERE run = ? AND url = ?",
            (state, reason, run, url),
        )
        self.db.commit()

    def requeue(self, run: int, url: str, reason: str) -> None:
        """Queue `url` again, behind everything queued now (it waits for another page)."""
        self.db.execute(
            "UPDATE frontier SET state = 'queued', reason = ?, seq ="
            " (SELECT COALESCE(MAX(seq), 0) + 1 FROM frontier WHERE run = ?)"
            " WHERE run = ? AND url = ?",
            (reason, run, run, url),
        )
        self.db.commit()

    def outcomes(self, run: int) -> list[tuple[str, str, str | None]]:
        return list(
            self.db.execute(
                "SELECT url, state, reason FROM frontier WHERE run = ? ORDER BY seq", (run,)
            )
        )

    def queued_count(self, run: int) -> int:
        return self.db.execute(
            "SELECT count(*) FROM frontier WHERE run = ? AND state = 'queued'", (run,)
        ).fetchone()[0]

    # -- pages ---------------------------------------------------------------------------

    def page(self, url: str) -> PageState | None:
        row = self.db.execute(
            "SELECT url, status, etag, last_modified, content_hash, kind, gone, warc, offset FROM pages WHERE url = ?",
            (url,),
        ).fetchone()
        return PageState(*row[:6], bool(row[6]), row[7], row[8]) if row else None

    def save_page(
        self,
        run: int,
        url: str,
        status: int,
        etag: str | None,
        last_modified: str | None,
        content_hash: str | None,
        kind: str | None,
        warc: str | None,
        offset: int | None,
        changed: bool,
        record: str | None = None,
    ) -> None:
        self.db.execute(
            """INSERT INTO pages(url, status, etag, last_modified, content_hash, kind, gone, warc, offset,
                                 fetched, run, changed_run, record)
               VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(url) DO UPDATE SET status = excluded.status, etag = excluded.etag,
                   last_modified = excluded.last_modified, content_hash = excluded.content_hash,
                   kind = excluded.kind, gone = 0, warc = excluded.warc, offset = excluded.offset,
                   fetched = excluded.fetched, run = excluded.run, record = excluded.record,
                   changed_run = CASE WHEN ? THEN excluded.run ELSE pages.changed_run END""",
            (
                url,
                status,
                etag,
                last_modified,
                content_hash,
                kind,
                warc,
                offset,
                time.time(),
                run,
                run if changed else None,
                record,
                changed,
            ),
        )
        self.db.commit()

    def record_of(self, url: str) -> str | None:
        """The article the crawler parsed at `url` (JSON), if it kept one."""
        row = self.db.execute("SELECT record FROM pages WHERE url = ?", (url,)).fetchone()
        return row[0] if row else None

    def move_page(self, old: str, new: str, run: int) -> None:
        """The page stored at `old` is the page of `new` (re-parsed when indexed)."""
        self.db.execute(
            "UPDATE pages SET url = ?, record = NULL, run = ?, changed_run = ? WHERE url = ?",
            (new, run, run, old),
        )
        self.db.commit()

    def touch_page(self, run: int, url: str) -> None:
        self.db.execute(
            "UPDATE pages SET run = ?, fetched = ? WHERE url = ?", (run, time.time(), url)
        )
        self.db.commit()

    def mark_gone(self, run: int, url: str) -> None:
        self.db.execute(
            "UPDATE pages SET gone = 1, run = ?, changed_run = ? WHERE url = ?", (run, run, url)
        )
        self.db.commit()

    def articles_changed_in(self, runs: list[int]) -> list[PageState]:
        if not runs:
            return []
        marks = ",".join("?" * len(runs))
        rows = self.db.execute(
            f"SELECT url, status, etag, last_modified, content_hash, kind, gone, warc, offset, record "
            f"FROM pages WHERE kind IN ('article', 'document') AND changed_run IN ({marks}) "
            "ORDER BY url",
            runs,
        )
        return [PageState(*row[:6], bool(row[6]), row[7], row[8], row[9]) for row in rows]

    def all_articles(self) -> list[PageState]:
        rows = self.db.execute(
            "SELECT url, status, etag, last_modified, content_hash, kind, gone, warc, offset FROM pages "
            "WHERE kind IN ('article', 'document') ORDER BY url"
        )
        return [PageState(*row[:6], bool(row[6]), row[7], row[8]) for row in rows]


class CaptureLookup:
    """Read-only: where the crawl keeps the response of an address (a page, a stylesheet,
    an image), for the captured copy; answers None without a crawl state."""

    def __init__(self, warc_dir: str | Path) -> None:
        path = Path(warc_dir) / STATE_FILE
        self.db: sqlite3.Connection | None = None
        if path.is_file():
            try:
                self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
            except sqlite3.Error:
                self.db = None

    def find(self, url: str, kind: str | None = None) -> tuple[str, int] | None:
        """(WARC file, offset) of the last 200 answer kept for `url` (as a page of `kind`:
        "requisite" for a stylesheet or image, when given), or None."""
        if self.db is None:
            return None
        try:
            row = self.db.execute(
                "SELECT warc, offset FROM pages WHERE url = ? AND status = 200"
                " AND warc IS NOT NULL AND (? IS NULL OR kind = ?)",
                (url, kind, kind),
            ).fetchone()
        except sqlite3.Error:
            return None
        return (row[0], int(row[1] or 0)) if row else None

    def close(self) -> None:
        if self.db is not None:
            self.db.close()

    def __enter__(self) -> CaptureLookup:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
