"""The search engine one server process shares between its threads."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from indexer import messages
from indexer.index import IndexError_
from indexer.search import SearchEngine, get_engine
from webui.errors import UserError

REFRESH_SECONDS = 1.0  # a rebuilt index is noticed this long after it is committed, at most


class SharedEngine:
    """Opens the index on first use and picks up a rebuilt one, without a restart."""

    def __init__(self, index_dir: str | Path, refresh_seconds: float = REFRESH_SECONDS) -> None:
        self.index_dir, self.refresh_seconds = index_dir, refresh_seconds
        self._engine: SearchEngine | None = None
        self._checked = 0.0
        self._lock = threading.Lock()

    def get(self) -> SearchEngine:
        """The engine; a missing or unreadable index is a 503 for the user."""
        with self._lock:
            now = time.monotonic()
            try:
                if self._engine is None:
                    self._engine = get_engine(self.index_dir)
                    self._checked = now
                elif now - self._checked > self.refresh_seconds:
                    self._checked = now
                    self._engine.refresh_if_changed()
            except IndexError_ as error:
                if self._engine is None:
                    raise UserError(f"Chỉ mục chưa sẵn sàng: {error}", 503) from error
                logging.getLogger(__name__).warning("giữ bản chỉ mục đang dùng: %s", error)
            if self._engine.is_empty:  # a first build that has not committed yet
                raise UserError(messages.EMPTY_INDEX, 503)
            return self._engine
