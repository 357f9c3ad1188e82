"""One immutable view of one index generation, and the holder that swaps it on refresh.

A search takes the holder's current snapshot once and reads only it from start to end:
a refresh builds a whole new snapshot (storage view, columns, text column, an empty
term cache) and swaps one reference, so no search ever mixes two index states.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from indexer import bitset
from indexer.search.columns import Columns
from indexer.store import Store
from indexer.store.interface import IndexView

RETIRE_SECONDS = 120  # an old view stays open this long after a newer index is opened
# The term cache's budget, all terms together: about 5,000 bitsets at 100k articles.
DOCSET_CACHE_BYTES = 64 * 1024 * 1024


class DocsetCache:
    """Least-recently-used term -> document bitset, bounded by bytes."""

    def __init__(self, budget: int = DOCSET_CACHE_BYTES) -> None:
        self.budget, self.size = budget, 0
        self.items: OrderedDict[tuple, int] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple) -> int | None:
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def put(self, key: tuple, value: int) -> None:
        with self.lock:
            if key in self.items:
                return
            self.items[key] = value
            self.size += bitset.size_in_bytes(value)
            while self.size > self.budget and len(self.items) > 1:
                _, old = self.items.popitem(last=False)
                self.size -= bitset.size_in_bytes(old)


@dataclass(frozen=True)
class Snapshot:
    """One index generation: the storage view, its columns, and a cache of its term sets."""

    view: IndexView
    columns: Columns
    cache: DocsetCache = field(default_factory=DocsetCache)

    @property
    def key(self) -> str:
        return self.view.key

    def cached(self, key: tuple, compute: Callable[[], int]) -> int:
        """The live documents of `compute()`, kept in the term cache under `key`."""
        found = self.cache.get(key)
        if found is None:
            found = compute() & self.columns.all_docs
            self.cache.put(key, found)
        return found

    def term_docs(self, terms: Sequence[tuple[str, str]]) -> int:
        """Documents holding any of the (field, text) terms."""
        return self.cached(("terms", *terms), lambda: self.view.terms_docs(terms))

    def phrase_docs(self, key: tuple, field: str, words: Sequence[str]) -> int:
        """Documents holding `words` one after another in `field` (cached under `key`)."""
        return self.cached(key, lambda: self.view.phrase_docs(field, words))

    def record(self, doc: int) -> dict:
        """The stored record of a document."""
        return self.view.stored(doc)[1]

    def body(self, doc: int) -> str:
        """The stored body of a document."""
        return self.record(doc).get("body", "")

    def doc_id(self, doc: int) -> str:
        """The stable id of a document (its canonical URL, else its path), from the columns."""
        summary = self.columns.summary[doc]
        return summary.get("url") or summary.get("path") or str(doc)


class SnapshotHolder:
    """The current snapshot of a store, replaced when a newer generation appears."""

    def __init__(self, store: Store) -> None:
        self.store = store
        # A Whoosh view reads its files by seek-then-read on shared handles, so only one
        # search at a time may read a view in a process: the engine holds `reading`
        # around every search. Python runs one thread at a time anyway; `vankien serve`
        # uses processes to scale. The swap itself needs only `_swap`.
        self.reading = threading.RLock()
        self._swap = threading.Lock()
        self._current: Snapshot | None = None
        self._opened_generation = -1
        self._retired: list[tuple[float, IndexView]] = []
        self.refresh()

    @property
    def current(self) -> Snapshot:
        snapshot = self._current
        assert snapshot is not None
        return snapshot

    def refresh(self) -> None:
        """Open the index's latest state; swap it in when it differs from the current one."""
        known = None if self._current is None else self._current.key
        view, columns = self.store.open_view(known)
        self._opened_generation = view.generation
        if columns is None:  # the same state as the current snapshot
            view.close()
            return
        with self._swap:
            old, self._current = self._current, Snapshot(view, columns)
        # Searches still running on the old view finish on it: close it only after a
        # grace period, at a later refresh, and never while a search is reading.
        now = time.monotonic()
        with self.reading:
            if old is not None:
                self._retired.append((now, old.view))
            while self._retired and now - self._retired[0][0] > RETIRE_SECONDS:
                self._retired.pop(0)[1].close()

    def refresh_if_changed(self) -> bool:
        """Reopen when a newer index generation was committed; True when it changed."""
        changed = self.store.latest_generation() != self._opened_generation
        if changed:
            self.refresh()
        return changed

    def close(self) -> None:
        for _, old in self._retired:
            old.close()
        self._retired.clear()
        if self._current is not None:
            self._current.view.close()
