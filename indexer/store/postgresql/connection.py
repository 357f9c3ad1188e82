"""Connections to one database: a pool per process for reading, one connection per
indexing run, and every driver failure turned into an error the user can read.

A pool checks a connection before lending it, so after the database restarts (or a
replica comes back) the next search reconnects by itself: no server restart.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from indexer.store.errors import IndexError_, IndexUnavailableError
from indexer.store.postgresql.address import shown_address, without_password

CONNECT_SECONDS = 3  # a database that does not answer in this time is unreachable
POOL_WAIT_SECONDS = 3  # a search waits this long for a connection, then gets a 503
POOL_SIZE = int(os.environ.get("VANKIEN_PG_POOL", "4"))  # connections per process

# The pool reports each failed reconnection; a command line has no logging set up, so
# Python would print them in English: they go to the server's log handlers only.
logging.getLogger("psycopg.pool").addHandler(logging.NullHandler())

_pools: dict[tuple[str, int], ConnectionPool] = {}
_pools_lock = threading.Lock()


# The driver's reasons (libpq's English), as the user reads them.
REASONS = (
    ("Connection refused", "máy chủ không nhận kết nối: chưa chạy, hoặc sai máy, sai cổng"),
    ("timeout expired", "quá thời gian chờ máy chủ trả lời"),
    ("couldn't get a connection", "quá thời gian chờ máy chủ trả lời"),
    ("password authentication failed", "sai người dùng hoặc mật khẩu"),
    ("no password supplied", "máy chủ đòi mật khẩu"),
    ("does not exist", "không có cơ sở dữ liệu hoặc người dùng này"),
    ("could not translate host name", "không tìm thấy máy chủ có tên này"),
    ("failed to resolve host", "không tìm thấy máy chủ có tên này"),
    ("the database system is", "cơ sở dữ liệu đang khởi động hoặc dừng"),
    ("terminating connection", "kết nối bị máy chủ cắt (máy chủ dừng hoặc khởi động lại)"),
    ("server closed the connection", "kết nối bị máy chủ cắt (máy chủ dừng hoặc khởi động lại)"),
)


def unavailable(address: str, error: BaseException) -> IndexUnavailableError:
    """The Vietnamese error of a database that cannot be reached (no password in it)."""
    text = str(error)
    reason = next((vi for en, vi in REASONS if en in text), None)
    if reason is None:
        first = text.strip().splitlines()[0] if text.strip() else type(error).__name__
        reason = without_password(first, address)
    return IndexUnavailableError(
        f"không kết nối được cơ sở dữ liệu {shown_address(address)} ({reason}); hãy thử lại sau"
    )


@contextmanager
def talking_to(address: str) -> Iterator[None]:
    """Turn a lost or refused connection into IndexUnavailableError, and any other
    database error into an IndexError_ that names the database but not its password."""
    try:
        yield
    except IndexError_:
        raise
    except (psycopg.OperationalError, PoolTimeout) as error:
        raise unavailable(address, error) from error
    except psycopg.errors.InsufficientPrivilege as error:
        raise IndexError_(
            f"người dùng của {shown_address(address)} không có quyền làm việc này "
            "(máy chủ tìm kiếm chỉ cần quyền đọc; lập chỉ mục cần người dùng sở hữu các bảng)"
        ) from error
    except psycopg.Error as error:
        reason = without_password(str(error).strip().splitlines()[0], address)
        raise IndexError_(
            f"lỗi cơ sở dữ liệu {shown_address(address)}: {type(error).__name__}: {reason}"
        ) from error


def connect(address: str) -> psycopg.Connection:
    """One connection of its own (an indexing run's transaction)."""
    with talking_to(address):
        return psycopg.connect(address, connect_timeout=CONNECT_SECONDS)


def pool(address: str) -> ConnectionPool:
    """This process's pool of autocommit connections to `address` (a forked server
    worker gets a pool of its own: connections are never shared across processes)."""
    key = (address, os.getpid())
    with _pools_lock:
        found = _pools.get(key)
        if found is None:
            # One connection first: an unreachable database fails at once, with its reason.
            psycopg.connect(address, connect_timeout=CONNECT_SECONDS).close()
            found = ConnectionPool(
                address,
                min_size=1,
                max_size=max(1, POOL_SIZE),
                timeout=POOL_WAIT_SECONDS,
                check=ConnectionPool.check_connection,
                kwargs={"autocommit": True, "connect_timeout": CONNECT_SECONDS},
                name=f"vankien {shown_address(address)}",
                open=True,
            )
            _pools[key] = found
        return found
        return found


@contextmanager
def reading(address: str) -> Iterator[psycopg.Connection]:
    """A pooled connection for a few reads, its failures said in Vietnamese."""
    with talking_to(address), pool(address).connection() as conn:  # noqa: SIM117
        yield conn


def close_pool(address: str) -> None:
    """Close this process's pool of `address`, if it has one (a database about to go)."""
    with _pools_lock:
        found = _pools.pop((address, os.getpid()), None)
    if found is not None:
        found.close(timeout=1)


def close_pools() -> None:
    """Close this process's pools (at exit, and between tests)."""
    with _pools_lock:
        mine = [key for key in _pools if key[1] == os.getpid()]
        for key in mine:
            _pools.pop(key).close(timeout=1)


atexit.register(close_pools)
