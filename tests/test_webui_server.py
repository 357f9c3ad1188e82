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
from tests.fixtures import ARTICLES

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


def run_prefork(code: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", f"from webui.server import prefork\n{code}"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )


def test_prefork_runs_the_worker_in_each_child_and_waits_for_all(tmp_path):
    proc = run_prefork(
        "import os, pathlib, time\n"
        f"def worker():\n    time.sleep(0.2)\n    pathlib.Path({str(tmp_path)!r}, str(os.getpid())).touch()\n"
        "prefork(3, worker)\n"
        "print(len(os.listdir(" + repr(str(tmp_path)) + ")), os.getpid())\n"
    )
    out, _ = proc.communicate(timeout=60)
    finished, parent = out.split()
    assert finished == "3"  # every child had finished when prefork returned
    assert parent not in {p.name for p in tmp_path.iterdir()}


def test_prefork_passes_sigterm_on_to_its_workers(tmp_path):
    proc = run_prefork(
        "import os, pathlib, time\n"
        f"def worker():\n    pathlib.Path({str(tmp_path)!r}, str(os.getpid())).touch()\n"
        "    time.sleep(120)\n"
        "prefork(2, worker)\n"
        "print('stopped', flush=True)\n"
    )
    deadline = time.monotonic() + 60
    while len(list(tmp_path.iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    children = [int(p.name) for p in tmp_path.iterdir()]
    assert len(children) == 2
    proc.terminate()
    out, _ = proc.communicate(timeout=30)  # far less than the workers' 120 s sleep
    assert out.strip() == "stopped"
    assert not any(Path(f"/proc/{child}").exists() for child in children)  # ended and reaped


def test_a_port_in_use_is_a_vietnamese_message_not_a_traceback(index):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "indexer.cli", "serve", "--index", str(index)]
            + ["--port", str(port), "--workers", "1"],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT), "MALLOC_ARENA_MAX": "2"},
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert f"không mở được cổng 127.0.0.1:{port}" in done.stderr
