"""Every reason the crawler stores reads in Vietnamese on the command line."""

import re
from pathlib import Path

import pytest

from indexer.crawl_reasons import describe

CRAWL_SOURCE = Path(__file__).resolve().parent.parent / "indexer" / "crawl.py"


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
    ],
)
def test_stored_reasons_read_in_vietnamese(stored: str, shown: str) -> None:
    assert describe(stored) == shown


def test_every_literal_reason_in_the_crawler_has_a_wording() -> None:
    """A reason added to crawl.py without a Vietnamese wording fails here."""
    source = CRAWL_SOURCE.read_text(encoding="utf-8")
    calls = re.findall(r'(?:settle|_not_found)\([^)]*?, f?"([^"]+)"\)', source)
    reasons = [c for c in calls if c not in ("done", "failed", "skipped")]
    assert len(reasons) >= 10
    examples = [re.sub(r"\{[^}]*\}", "7", r) for r in reasons]
    untranslated = [r for r in examples if describe(r) == r]
    assert untranslated == []
