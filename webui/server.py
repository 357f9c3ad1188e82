"""The production server: waitress in several worker processes on one listening socket."""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import os
import signal
import socket
import sys
import threading
from collections.abc import Callable
from multiprocessing.synchronize import Barrier
from pathlib import Path

from indexer import messages
from indexer.search import get_engine
from indexer.store import is_database, shown_location
from webui.app import create_app
from webui.settings import Settings

LISTEN_BACKLOG = 1024  # connections the kernel queues before a worker accepts them
START_TIMEOUT = 600  # seconds a worker waits for the others to open the index
CONNECTION_LIMIT = 1000  # open connections per worker (waitress)
CHANNEL_TIMEOUT = 60  # seconds an idle connection is kept (waitress)
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
    if not is_database(settings.index_dir) and not Path(settings.index_dir).exists():
        raise SystemExit(messages.no_index("serve", settings.index_dir))
    limit_malloc_arenas()
    try:
        listener = listen(settings.host, settings.port)
    except OSError as error:  # the port is taken (a second 'vankien serve'), or not ours
        raise SystemExit(
            f"vankien serve: không mở được cổng {settings.host}:{settings.port} "
            f"({error.strerror or error}): cổng đang được dùng hoặc không được phép"
        ) from error
    print(
        f"vankien: http://{settings.host}:{settings.port}/ (chỉ mục: {shown_location(settings.index_dir)}, "
        f"{settings.workers} tiến trình)",
        flush=True,
    )
    # Every worker opens the index, then all start taking connections together: a worker
    # that was ready first would otherwise keep every early keep-alive connection.
    ready = multiprocessing.get_context("fork").Barrier(max(1, settings.workers))
    worker = functools.partial(run_worker, settings, listener, ready)
    if settings.workers <= 1:
        worker()
    else:
        prefork(settings.workers, worker)


def listen(host: str, port: int) -> socket.socket:
    """The listening socket every worker accepts on (IPv6 when the host has a colon)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    return socket.create_server((host, port), family=family, backlog=LISTEN_BACKLOG)


def run_worker(settings: Settings, listener: socket.socket, ready: Barrier) -> None:
    """One server process: open the index, wait for the other workers, serve until stopped."""
    from waitress import serve as waitress_serve

    try:
        get_engine(settings.index_dir)
    except Exception as error:  # noqa: BLE001 - requests will report it (503)
        print(f"vankien: chưa mở được chỉ mục: {error}", file=sys.stderr, flush=True)
    with contextlib.suppress(threading.BrokenBarrierError):
        ready.wait(timeout=START_TIMEOUT)
    waitress_serve(
        create_app(settings),
        sockets=[listener],
        threads=settings.threads,
        ident="vankien",
        connection_limit=CONNECTION_LIMIT,
        channel_timeout=CHANNEL_TIMEOUT,
    )


def prefork(count: int, worker: Callable[[], object]) -> None:
    """Run `worker` in `count` forked processes and return when all have ended.

    SIGTERM or SIGINT to this process is passed on to every worker as SIGTERM; a worker
    dies of it (default handlers), or exits when `worker` returns or raises.
    """
    children: list[int] = []
    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGTERM)

    # Set before the first fork: a SIGTERM arriving while workers start (they may run
    # before this process does) used to kill it alone, orphaning the workers. Around each
    # fork the signals wait (blocked), so that a worker only receives them once its own
    # default handlers are back, and this process once it knows the worker.
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    stop_signals = {signal.SIGTERM, signal.SIGINT}
    for _ in range(count):
        signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, stop_signals)
            try:
                worker()
            finally:
                os._exit(0)
        children.append(pid)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, stop_signals)
        if stopping:  # asked to stop while the workers were starting
            stop(signal.SIGTERM, None)
    for child in children:
        with contextlib.suppress(ChildProcessError, InterruptedError):
            os.waitpid(child, 0)
