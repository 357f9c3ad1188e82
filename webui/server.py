"""The production server: waitress in several worker processes on one listening socket."""

from __future__ import annotations

import contextlib
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

MALLOC_ARENAS = "2"  # glibc heaps for all the threads of one process


def limit_malloc_arenas() -> None:
    """Re-run this command with MALLOC_ARENA_MAX=2 in its environment, unless already set.

    Searches allocate and free many 12 KB document sets; spread over one glibc heap per
    thread, the freed memory was not reused and a worker kept growing under load
    (bench/serve.py, 16 clients, 120 s: 645 -> 1291 MB; with two heaps it levels off at
    875 MB). glibc reads the variable only when a program starts, so the command is
    executed again, same process id and arguments (sys.orig_argv); forked workers inherit
    it. The variable is ignored where the C library is not glibc.
    """
    if "MALLOC_ARENA_MAX" in os.environ:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, sys.orig_argv, {**os.environ, "MALLOC_ARENA_MAX": MALLOC_ARENAS})


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
    limit_malloc_arenas()
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
