"""A database address as vankien shows it and files things under it.

An address (`postgresql://user:password@host:port/db`) may carry a password: it is used
to connect and never shown. Messages name the database by `shown_address` (no user
information at all), and the local cache folder of one database (its ledger of indexed
files and its column cache) is named from host, port, database and user, never from the
password.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

CACHE_ENV = "VANKIEN_CACHE"  # where the per-database caches go (default ~/.cache/vankien)


def shown_address(address: str) -> str:
    """The address without user name and password, to be shown in messages."""
    try:
        parts = urlsplit(address)
        host = parts.hostname or "localhost"
        port = f":{parts.port}" if parts.port else ""
    except ValueError:  # a malformed port: show nothing that may hold a secret
        return "postgresql://…"
    return f"{parts.scheme}://{host}{port}{parts.path}"


def without_password(text: str, address: str) -> str:
    """`text` (a driver's message) with the address's password, if any, masked."""
    try:
        password = urlsplit(address).password
    except ValueError:
        password = None
    for secret in {password, unquote(password)} if password else ():
        text = text.replace(secret, "***")
    return text


def cache_dir(address: str) -> Path:
    """The local folder of one database's caches: the ledger of the files this machine
    indexed (indexer/ledger.py) and the columns of its latest state."""
    parts = urlsplit(address)
    try:
        port = parts.port or 5432
    except ValueError:
        port = 0
    name = "-".join(
        [parts.hostname or "localhost", str(port), parts.path.strip("/") or "postgres"]
        + ([parts.username] if parts.username else [])
    )
    name = re.sub(r"[^\w.-]", "_", name)
    base = os.environ.get(CACHE_ENV) or Path(
        os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache", "vankien"
    )
    return Path(base) / f"pg-{name}"
