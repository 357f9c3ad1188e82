"""The production server: waitress in several worker processes on one listening socket."""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import socket
import sys
import threading
from pathlib import Path

from indexer.search import get_engine
from webui.app import create_app
from webui.settings import Settings

M_ARENA_MAX = -8  # glibc's mallopt() parameter number


def _limit_malloc_arenas(arenas: int = 2) -> None:
    """Keep glibc from giving each server thread its own heap.

    Searches allocate and free many 12 KB document sets; spread over one heap per
    thread, the freed memory was not reused and a worker kept growing under load
    (bench/serve.py, 16 clients, 120 s: 645 -> 1291 MB; with two heaps it levels off at
    875 MB). Same as MALLOC_ARENA_MAX=2; a no-op where the C library is not glibc.
    """
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").mallopt(M_ARENA_MAX, arenas)


def serve(settings: Settings) -> None:
    """Run the production WSGI server (waitress), in `settings.workers` processes.

    Searching is CPU-bound Python, so the threads of one process share one core; with
    several workers the kernel spreads connections over processes that accept on one
    listening socket.
    """
    from waitress import serve as waitress_serve

    if not Path(settings.index_dir).exists():
        raise SystemExit(
            f"vankien serve: no index in {settings.index_dir}: run 'vankien index' first"
        )
    _limit_malloc_arenas()
    family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
    listener = socket.create_server((settings.host, settings.port), family=family, backlog=1024)
    print(
        f"vankien: http://{settings.host}:{settings.port}/ (chỉ mục: {settings.index_dir}, "
        f"{settings.workers} tiến trình)",
        flush=True,
    )

    # Every worker opens the index, then all start taking connections together: a worker
    # that was ready first would otherwise keep every early keep-alive connection.
    ready = multiprocessing.get_context("fork").Barrier(max(1, settings.workers))

    def run_worker() -> None:
        try:
            get_engine(settings.index_dir)
        except Exception as error:  # noqa: BLE001 - requests will report it (503)
            print(f"vankien: chưa mở được chỉ mục: {error}", file=sys.stderr, flush=True)
        with contextlib.suppress(threading.BrokenBarrierError):
            ready.wait(timeout=600)
        waitress_serve(
            create_app(settings),
            sockets=[listener],
            threads=settings.threads,
            ident="vankien",
            connection_limit=1000,
            channel_timeout=60,
        )

    if settings.workers <= 1:
        run_worker()
        return
    children = []
    for _ in range(settings.workers):
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            try:
                run_worker()
            finally:
                os._exit(0)
        children.append(pid)

    def stop(signum: int, frame: object) -> None:
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for child in children:
        with contextlib.suppress(ChildProcessError, InterruptedError):
            os.waitpid(child, 0)
