"""Every reason the crawler stores reads in Vietnamese on the command line."""

import re
import socket
import struct
import threading
from pathlib import Path

import pytest

from indexer.crawl.fetch import fetch
from indexer.crawl.reasons import describe

CRAWL_SOURCE = Path(__file__).resolve().parent.parent / "indexer" / "crawl" / "crawler.py"


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("HTTP 404", "HTTP 404: không có trang này ở nguồn"),
        ("HTTP 500", "máy chủ trả lời HTTP 500"),
        ("redirect loop via http://a.vn/x", "chuyển hướng vòng tròn qua http://a.vn/x"),
        ("redirect loop", "chuyển hướng về chính nó"),
        ("disallowed by robots.txt", "robots.txt không cho phép"),
        ("not a page (application/pdf)", "không phải trang web (application/pdf)"),
        ("depth limit of the site (3)", "quá độ sâu cho phép của trang (3)"),
        ("TimeoutError: timed out", "quá thời gian chờ"),
        (
            "URLError: [Errno 111] Connection refused",
            "không kết nối được: [Errno 111] Connection refused",
        ),
        ("gone at the source (HTTP 410), kept", "đã gỡ ở nguồn (HTTP 410), vẫn giữ"),
        (
            "error page (HTTP 200): Runtime Error",
            "trang báo lỗi của máy chủ (HTTP 200): Runtime Error",
        ),
    ],
)
def test_stored_reasons_read_in_vietnamese(stored: str, shown: str) -> None:
    assert describe(stored) == shown


def test_every_literal_reason_in_the_crawler_has_a_wording() -> None:
    """A reason added to the crawler without a Vietnamese wording fails here."""
    source = CRAWL_SOURCE.read_text(encoding="utf-8")
    calls = re.findall(r'(?:settle|_not_found)\([^)]*?, f?"([^"]+)"\)', source)
    reasons = [c for c in calls if c not in ("done", "failed", "skipped")]
    assert len(reasons) >= 10
    examples = [re.sub(r"\{[^}]*\}", "7", r) for r in reasons]
    untranslated = [r for r in examples if describe(r) == r]
    assert untranslated == []


def _server_that_hangs_up(reset: bool) -> tuple[str, threading.Thread]:
    """A server on 127.0.0.1 that reads the request, then closes without answering (or
    resets the connection): what an overloaded portal or a firewall does to crawlers."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        with listener:
            connection, _ = listener.accept()
            connection.recv(65536)
            if reset:  # SO_LINGER 0: close sends RST instead of FIN
                connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            connection.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}/tin-tuc", thread


@pytest.mark.parametrize("reset", [False, True], ids=["closed", "reset"])
def test_a_server_hanging_up_reads_in_vietnamese(reset: bool) -> None:
    url, thread = _server_that_hangs_up(reset)
    result = fetch(url, timeout=5)
    thread.join(5)
    assert result.error, result
    shown = describe(result.error)
    assert shown != result.error and shown.startswith("máy chủ"), (result.error, shown)
