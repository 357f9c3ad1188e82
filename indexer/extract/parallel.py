"""Files parsed in other processes, ahead of their turn: a folder build uses every core.

Parsing a page (lxml, the extractors, persons and codes) costs most of a folder build's
time, and one process parses one page at a time. `ParsePool` hands the files that must be
parsed to worker processes a few ahead of the one the build is at; the build still takes
them one by one, in order, so it writes exactly what one process would have written. A
folder with few files to parse is parsed in this process: starting workers would cost more.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from indexer.record import ArticleRecord

# Fewer files to parse than this: parsed in this process (workers take ~0.5 s to start).
PARALLEL_PARSE_FILES = 500
AHEAD_PER_WORKER = 8  # files handed to each worker ahead of the one being indexed

Parsed = ArticleRecord | Exception
ParseOne = Callable[[Path, bool, bytes | None], Parsed]


class ParsePool:
    """Worker processes parsing files ahead; `parsed` gives a file's record or its error."""

    def __init__(self, parse: ParseOne, workers: int) -> None:
        self.parse = parse
        self.workers = workers
        # A fork server: workers start from a clean process, not a copy of this one with its
        # index writer's threads and queues.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["indexer.extract.parse"])
        self.executor: ProcessPoolExecutor | None = ProcessPoolExecutor(
            max_workers=workers, mp_context=context
        )
        self.pending: dict[Path, Future] = {}

    @property
    def ahead(self) -> int:
        """How many files the build looks ahead of the one it indexes."""
        return self.workers * AHEAD_PER_WORKER

    def submit(self, path: Path, use_layouts: bool, data: bytes | None) -> None:
        if self.executor is not None and path not in self.pending:
            self.pending[path] = self.executor.submit(self.parse, path, use_layouts, data)

    def parsed(self, path: Path, use_layouts: bool, data: bytes | None) -> Parsed:
        """The record (or ParseError) of `path`: from a worker when one has it, else
        parsed here (also when a worker died: the rest is parsed in this process)."""
        future = self.pending.pop(path, None)
        if future is not None:
            try:
                return future.result()
            except BrokenProcessPool:
                self.close()
        return self.parse(path, use_layouts, data)

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None
        self.pending.clear()


def parse_pool(files_to_parse: int, parse: ParseOne) -> ParsePool | None:
    """A pool of one worker per core when enough files must be parsed, else None."""
    cores = os.cpu_count() or 1
    if files_to_parse < PARALLEL_PARSE_FILES or cores < 2:
        return None
    return ParsePool(parse, cores)
