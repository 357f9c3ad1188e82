"""A throwaway PostgreSQL cluster on 127.0.0.1, for the tests of the PostgreSQL store.

`initdb` makes a cluster in a temporary folder, `postgres` serves it on a free port, and
`stop()` ends that process by its own pid. Run as root (CI), the cluster belongs to the
`postgres` user, as PostgreSQL refuses to run as root. `find_binaries()` says why the
tests are skipped when PostgreSQL is not installed.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

VERSIONS = ("15", "16", "17", "14")  # Debian's packages put each in its own folder
START_SECONDS = 30


def find_binaries() -> tuple[Path | None, str]:
    """The folder of initdb and postgres, or None and the reason they are missing."""
    for version in VERSIONS:
        folder = Path(f"/usr/lib/postgresql/{version}/bin")
        if (folder / "initdb").exists() and (folder / "postgres").exists():
            return folder, ""
    found = shutil.which("initdb")
    if found and shutil.which("postgres"):
        return Path(found).parent, ""
    return None, "PostgreSQL is not installed (Debian: apt-get install postgresql-15)"


def owner_exists(user: str = "postgres") -> bool:
    """Whether the user a cluster runs as when we are root exists (Debian's package
    creates it)."""
    try:
        pwd.getpwnam(user)
    except KeyError:
        return False
    return True


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Cluster:
    """One running cluster: its folder, port and server process."""

    bin_dir: Path
    folder: Path
    port: int
    user: str
    process: subprocess.Popen | None = None
    databases: list[str] = field(default_factory=list)

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def run(self, *command: str) -> subprocess.CompletedProcess:
        """A PostgreSQL program, as the cluster's owner."""
        return subprocess.run(
            list(command), check=True, capture_output=True, text=True, **as_owner(self.user)
        )

    def start(self) -> None:
        """Serve the cluster on its port (TCP on 127.0.0.1 only), ready for connections."""
        with open(self.folder / "server.log", "ab") as log:  # the server keeps its own copy
            self.process = subprocess.Popen(
                [
                    str(self.bin_dir / "postgres"),
                    "-D",
                    str(self.data),
                    "-p",
                    str(self.port),
                    "-c",
                    "listen_addresses=127.0.0.1",
                    "-c",
                    f"unix_socket_directories={self.folder}",
                    "-c",
                    "fsync=off",  # a throwaway cluster: speed over durability
                    "-c",
                    "shared_buffers=32MB",
                ],
                stdout=subprocess.DEVNULL,
                stderr=log,
                **as_owner(self.user),
            )
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = (self.folder / "server.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"postgres stopped at start:\n{log}")
            ready = subprocess.run(
                [str(self.bin_dir / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)],
                capture_output=True,
            )
            if ready.returncode == 0:
                return
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("postgres did not accept connections in time")

    def create_database(self, name: str) -> str:
        """A new empty database; its address."""
        self.run(str(self.bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), name)
        self.databases.append(name)
        return self.url(name)

    def stop(self, fast: bool = True) -> None:
        """Stop the server by its own pid (SIGINT: fast shutdown; SIGKILL: a crash)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT if fast else signal.SIGKILL)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def kill(self) -> None:
        """kill -9 of the postmaster and its children, as a crash of the machine would do."""
        if self.process is None or self.process.poll() is not None:
            return
        children = _children(self.process.pid)
        self.process.kill()
        for child in children:
            _signal(child, signal.SIGKILL)
        self.process.wait()
        for child in children:
            _wait_gone(child)


def create_cluster(bin_dir: Path, base: Path | None = None) -> Cluster:
    """initdb a new cluster in a temporary folder the cluster's owner can write."""
    user = "postgres" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
    folder = Path(tempfile.mkdtemp(prefix="vankien-pg-", dir=base))
    if os.geteuid() == 0:
        folder.chmod(0o755)
        shutil.chown(folder, user=user)
    cluster = Cluster(bin_dir, folder, free_port(), user)
    cluster.run(
        str(bin_dir / "initdb"),
        "-D",
        str(cluster.data),
        "-U",
        user,
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
        "--auth=trust",
        "--no-sync",
    )
    _allow_replication(cluster)
    return cluster


def create_replica(primary: Cluster) -> Cluster:
    """A streaming replica of `primary` (pg_basebackup -R), in a folder of its own, on
    another free port; started by the caller."""
    folder = Path(tempfile.mkdtemp(prefix="vankien-pg-replica-"))
    if os.geteuid() == 0:
        folder.chmod(0o755)
        shutil.chown(folder, user=primary.user)
    replica = Cluster(primary.bin_dir, folder, free_port(), primary.user)
    replica.run(
        str(primary.bin_dir / "pg_basebackup"),
        "-h",
        "127.0.0.1",
        "-p",
        str(primary.port),
        "-U",
        primary.user,
        "-D",
        str(replica.data),
        "-R",  # standby.signal and the primary's address: it streams from the primary
        "-X",
        "stream",
        "--checkpoint=fast",  # a spread checkpoint would make the copy wait a minute
        "--no-sync",
    )
    return replica


def _allow_replication(cluster: Cluster) -> None:
    """A replica on 127.0.0.1 may stream from this cluster (trust, as the tests are local)."""
    hba = cluster.data / "pg_hba.conf"
    cluster.run("sh", "-c", f"echo 'host replication all 127.0.0.1/32 trust' >> {hba}")


def remove(cluster: Cluster) -> None:
    """Stop the cluster and delete its folder."""
    cluster.stop()
    shutil.rmtree(cluster.folder, ignore_errors=True)


def as_owner(user: str) -> dict:
    """subprocess options running a program as `user` when we are root (PostgreSQL
    refuses to run as root), so that the process started is the server itself, whose
    pid stops it."""
    if os.geteuid() != 0:
        return {}
    return {"user": user, "group": pwd.getpwnam(user).pw_gid, "extra_groups": []}


def _children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in found.split()]


def _signal(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, sig)


def _wait_gone(pid: int | None, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while pid is not None and time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
