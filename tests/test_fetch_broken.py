"""A server that answers with a broken HTTP response is a failed page, not a crashed crawl.

fetch() promises never to raise for network failures; http.client's own exceptions
(IncompleteRead for a chunked body cut short, BadStatusLine for an answer that is not
HTTP) are not OSErrors, so they escaped it and ended `vankien crawl` with a traceback.
"""

from __future__ import annotations

import socket
import threading

import pytest

from indexer.crawl.crawler import CrawlOptions, Site, crawl
from indexer.crawl.fetch import fetch
from indexer.crawl.reasons import describe

CUT_CHUNKED = (
    b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
    b"Transfer-Encoding: chunked\r\n\r\n40\r\n<html><body>Tin t"
)
NOT_HTTP = b"xin chao\r\n\r\n"
# 100 bytes announced, 20 sent, then the connection closes: Python reads the 20 quietly.
CUT_LENGTH = (
    b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
    b"Content-Length: 100\r\n\r\n<html><body>Tin tuc "
)


def _serve(answer: bytes) -> str:
    """A 127.0.0.1 server sending `answer` to every request, then hanging up."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        with listener:
            while True:
                connection, _ = listener.accept()
                with connection:
                    connection.recv(65536)
                    connection.sendall(answer)

    threading.Thread(target=serve, daemon=True).start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}"


@pytest.mark.parametrize(
    "answer", [CUT_CHUNKED, NOT_HTTP, CUT_LENGTH], ids=["cut-chunked", "not-http", "cut-length"]
)
def test_a_broken_answer_is_reported_not_raised(answer: bytes) -> None:
    result = fetch(_serve(answer) + "/tin-tuc/bai-1.html", timeout=5)
    assert result.error and result.status == 0, result
    shown = describe(result.error)
    assert shown != result.error and shown.startswith("máy chủ"), (result.error, shown)


def test_the_crawl_goes_on_past_a_broken_answer(tmp_path) -> None:
    # Every address (robots.txt, sitemaps, the start page) gets the cut-short answer.
    base = _serve(CUT_CHUNKED)
    options = CrawlOptions(warc_dir=tmp_path / "crawl", delay=0, retries=0, timeout=5)
    report = crawl([Site([base + "/tin-tuc"])], options)
    assert base + "/tin-tuc" in dict(report.failed), report.failed
