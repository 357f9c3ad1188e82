"""Crawl reasons and notes read in Vietnamese on the terminal; the JSON keeps the codes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from indexer import cli
from indexer.crawl_reasons import describe
from indexer.text import has_diacritics
from tests.site_server import Server

CRAWL_SOURCE = (Path(__file__).parents[1] / "indexer" / "crawl.py").read_text("utf-8")


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        ("HTTP 404", "không có trang này (HTTP 404)"),
        ("HTTP 410", "trang đã bị gỡ (HTTP 410)"),
        ("HTTP 500", "máy chủ gặp lỗi (HTTP 500)"),
        ("HTTP 418", "máy chủ trả lời lỗi (HTTP 418)"),
        ("HTTP 302 without a usable Location", "chuyển hướng (HTTP 302) không có địa chỉ"),
        ("redirect loop via https://a.vn/b", "chuyển hướng vòng tròn (qua https://a.vn/b)"),
        ("redirect loop", "chuyển hướng vòng tròn"),
        ("more than 10 redirects", "chuyển hướng quá 10 lần"),
        ("soft 404 (HTTP 200 with a not-found page)", "“không tìm thấy”"),
        ("gone at the source (HTTP 410), kept", "không còn ở nguồn (trang đã bị gỡ (HTTP 410))"),
        ("not an article: tệp rỗng", "không phải bài viết: tệp rỗng"),
        ("TimeoutError: timed out", "quá thời gian chờ"),
        ("URLError: [Errno 111] Connection refused", "máy chủ từ chối kết nối"),
        ("URLError: [Errno -2] Name or service not known", "không tìm thấy tên miền"),
        ("URLError: something new", "lỗi kết nối (URLError: something new)"),
        ("2 __doPostBack link(s) not followed (they need a POST)", "2 liên kết __doPostBack"),
    ],
)
def test_reasons_read_in_vietnamese(reason, expected):
    assert expected in describe(reason)


def test_an_unknown_reason_is_shown_as_recorded():
    assert describe("một lý do mới") == "một lý do mới"


def crawl_reasons() -> list[str]:
    """Every literal reason crawl.py records, its {placeholders} filled with '404'."""
    found = re.findall(r'settle\(\s*run, url, "\w+", (f?"[^"]*")', CRAWL_SOURCE)
    found += re.findall(r'notes\.append\(\s*\(url, (f"[^"]*")\)', CRAWL_SOURCE)
    return [re.sub(r"\{[^}]*\}", "404", text.lstrip("f")[1:-1]) for text in found]


def test_every_reason_crawl_records_has_vietnamese_wording():
    reasons = crawl_reasons()
    assert len(reasons) >= 20 and "redirect loop via 404" in reasons  # the scan reads them
    untranslated = [r for r in reasons if not has_diacritics(describe(r))]
    assert not untranslated, f"add Vietnamese wording in indexer/crawl_reasons.py: {untranslated}"


def test_the_terminal_reads_vietnamese(tmp_path, capsys):
    server = Server()
    try:
        start = server.base + "/tin-tuc"
        common = [start, "--warc", str(tmp_path / "w"), "--index", str(tmp_path / "i")]
        cli.main(["crawl", *common, "--delay", "0"])
        err = capsys.readouterr().err
        assert f"lỗi {server.base}/mat.html: không có trang này (HTTP 404)" in err
        assert f"lỗi {server.base}/loi.html: máy chủ gặp lỗi (HTTP 500)" in err
        assert "chuyển hướng vòng tròn" in err and "redirect loop" not in err
        # The JSON report keeps "HTTP 404" and the rest: tests/test_crawl.py checks it.
    finally:
        server.close()
