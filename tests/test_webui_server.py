"""webui/server.py: `vankien serve` runs with MALLOC_ARENA_MAX in its environment."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from indexer.index import index_records
from tests.test_search import ARTICLES

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("serveindex")
    index_records(path, ARTICLES)
    return path


def served_environment(index: Path, environ: dict[str, str]) -> tuple[dict[str, str], str]:
    """Start `vankien serve`, wait until it answers; its environment and command line."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [sys.executable, "-m", "indexer.cli", "serve", "--index", str(index)]
    proc = subprocess.Popen(
        [*command, "--port", str(port), "--workers", "1"],
        cwd=ROOT,
        env={**environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/help", timeout=1).close()
                break
            except OSError:
                assert proc.poll() is None, "the server stopped"
                time.sleep(0.1)
        else:
            raise AssertionError("server did not start")
        raw = Path(f"/proc/{proc.pid}/environ").read_bytes()
        cmdline = Path(f"/proc/{proc.pid}/cmdline").read_bytes().replace(b"\0", b" ")
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    pairs = (item.split(b"=", 1) for item in raw.split(b"\0") if b"=" in item)
    return {k.decode(): v.decode() for k, v in pairs}, cmdline.decode()


def test_serve_runs_itself_again_with_two_malloc_arenas(index):
    environ = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
    served, cmdline = served_environment(index, environ)
    assert served["MALLOC_ARENA_MAX"] == "2"
    assert "indexer.cli serve --index" in cmdline and "--workers 1" in cmdline  # same command


def test_serve_keeps_an_arena_limit_set_by_the_user(index):
    served, _ = served_environment(index, {**os.environ, "MALLOC_ARENA_MAX": "4"})
    assert served["MALLOC_ARENA_MAX"] == "4"
