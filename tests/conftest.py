"""Shared fixtures."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import unicodedata
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests are deterministic unless asked otherwise: the "ci" profile (the default)
# derandomizes hypothesis and keeps no example database, so a fresh clone and every later
# run draw the same inputs and pass or fail alike. HYPOTHESIS_PROFILE=explore draws new
# random inputs (and remembers failures in .hypothesis/); bench/fuzz.py runs long ones.
settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("explore", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
# The real pages sit beside the repository; a worktree elsewhere names them in VANKIEN_REALDATA.
REALDATA = Path(os.environ.get("VANKIEN_REALDATA") or ROOT.parent / "shared" / "realdata")
TONES = "\u0300\u0301\u0303\u0309\u0323"


def encode_cp1258(text: str) -> bytes:
    """Encode as windows-1258 does: base letters precomposed, tone marks combining."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out += (base + "".join(c for c in parts if c in TONES)).encode("cp1258")
    return bytes(out)


@contextmanager
def running_server(index: Path, *options: str) -> Iterator[str]:
    """`vankien serve` on a free 127.0.0.1 port, ready; yields its base URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "indexer.cli",
            "serve",
            "--index",
            str(index),
            "--port",
            str(port),
            *options,
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/help", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("server did not start")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture
def corpus_dir() -> Path:
    return ROOT / "corpus"


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"  # Debian's, for the browser tests


@pytest.fixture(scope="module")
def browser():  # noqa: ANN201 - a Playwright Browser
    """Debian's chromium driven by Playwright, one per test module."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


# -- the two storage backends ---------------------------------------------------------


@pytest.fixture(scope="session")
def pg_cluster(tmp_path_factory):  # noqa: ANN201 - a tests.pg_cluster.Cluster
    """A throwaway PostgreSQL cluster on 127.0.0.1 for the whole session, stopped by its
    pid at the end; skipped with the reason when PostgreSQL or psycopg is missing."""
    from tests import pg_cluster

    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install vankien[test])")
    bin_dir, reason = pg_cluster.find_binaries()
    if bin_dir is None:
        pytest.skip(reason)
    if os.geteuid() == 0 and not pg_cluster.owner_exists():
        pytest.skip("PostgreSQL refuses to run as root and there is no 'postgres' user")
    # The ledger and column caches of each test database, out of the user's home.
    os.environ["VANKIEN_CACHE"] = str(tmp_path_factory.mktemp("pg-cache"))
    cluster = pg_cluster.create_cluster(bin_dir)
    try:
        cluster.start()
        yield cluster
    finally:
        from indexer.store.postgresql.connection import close_pools

        close_pools()
        pg_cluster.remove(cluster)


class Backend:
    """New empty index locations of one storage backend: folders, or databases."""

    def __init__(self, name: str, tmp_path_factory, cluster=None) -> None:  # noqa: ANN001
        self.name, self._tmp, self._cluster = name, tmp_path_factory, cluster
        self.made: list[str | Path] = []

    def location(self, name: str = "index") -> str | Path:
        """A new empty location: a folder (whoosh) or a new database (postgresql)."""
        if self._cluster is None:
            made: str | Path = self._tmp.mktemp(name)
        else:
            made = self._cluster.create_database(f"vk_{len(self._cluster.databases)}")
        self.made.append(made)
        return made

    def close(self) -> None:
        """Give back the connections this backend's databases hold."""
        if self._cluster is not None:
            from indexer.store.postgresql.connection import close_pool

            for address in self.made:
                close_pool(str(address))


@pytest.fixture(scope="module", params=["whoosh", "postgresql"])
def backend(request, tmp_path_factory) -> Iterator[Backend]:
    """Each storage backend in turn: the tests that take it run once per backend, with
    the same assertions."""
    cluster = request.getfixturevalue("pg_cluster") if request.param == "postgresql" else None
    made = Backend(request.param, tmp_path_factory, cluster)
    yield made
    made.close()
