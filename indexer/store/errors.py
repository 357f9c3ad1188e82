"""The errors of an index a user must hear about, whatever stores it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class IndexError_(Exception):
    """A problem with the index the user must hear about (locked, unreadable, missing)."""


class IndexLockedError(IndexError_):
    """Another process is writing to the index."""


class IndexUnreadableError(IndexError_):
    """The index is there but cannot be read: corrupt, or copied only in part."""


class IndexUnavailableError(IndexError_):
    """The index's database cannot be reached now (down, restarting, the network): a
    server answers 503 and tries again on the next request."""


@contextmanager
def reading_index(location: str | Path) -> Iterator[None]:
    """Turn any failure to read the index at `location` into one IndexUnreadableError."""
    try:
        yield
    except IndexError_:
        raise
    except Exception as error:  # noqa: BLE001 - a backend fails in many ways on damaged files
        raise IndexUnreadableError(
            f"không đọc được chỉ mục trong {location} (hỏng hoặc chép chưa xong: "
            f"{type(error).__name__}); hãy chép lại hoặc chạy lại 'vankien index'"
        ) from error
