"""Property-based fuzzing of the parser and the query parser: no crash, bounded time.

`bench/fuzz.py` runs the same properties much longer and reports how many inputs it tried.
"""

from __future__ import annotations

import contextlib
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.parse import ParseError, parse_bytes
from indexer.query import parse_query
from indexer.search import SearchEngine, SearchRequest
from tests.conftest import encode_cp1258

TAGS = [
    "div",
    "p",
    "span",
    "table",
    "tr",
    "td",
    "h1",
    "a",
    "b",
    "ul",
    "li",
    "script",
    "style",
    "br",
    "!--",
    "meta charset=windows-1258",
    "meta charset=utf-8",
    "link rel=canonical href=x",
    "img src=x alt=ả",
]
WORDS = [
    "Đảng",
    "ủy",
    "Nghị quyết",
    "29-NQ/TW",
    "Lê Hồng Sơn",
    "ngày 04/8/2017",
    "xây dựng",
    "hoà",
    "\x00",
    "\ufeff",
    "\u200b",
    "<",
    ">",
    "&amp;",
    "&#xFFFF;",
    "&#0;",
    "\ud7ff",
    "§¶ng",
    "Ñaûng",
    "Ä\x90áº£ng",
    "Tin khác",
    "Liên kết bài viết gốc",
    "Tác giả:",
    "\n",
    "  ",
    "'",
    '"',
    "–",
    "COVID-19",
]


def html_documents() -> st.SearchStrategy[bytes]:
    piece = st.one_of(
        st.sampled_from(WORDS),
        st.sampled_from(TAGS).map(lambda t: f"<{t}>"),
        st.sampled_from(TAGS).map(lambda t: f"</{t.split()[0]}>"),
        st.text(max_size=30),
    )
    text = st.lists(piece, max_size=80).map("".join)
    encoded = st.one_of(
        text.map(lambda s: s.encode("utf-8", "surrogatepass")),
        text.map(lambda s: encode_cp1258(s.encode("cp1258", "ignore").decode("cp1258"))),
        text.map(lambda s: s.encode("utf-16", "surrogatepass")),
        st.binary(max_size=2000),
    )
    return st.tuples(encoded, st.integers(0, 100)).map(
        lambda pair: pair[0][: max(1, len(pair[0]) * pair[1] // 100)]
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html_documents(), st.sampled_from(["a.html", "b.txt", "c"]))
def test_parser_never_crashes(data, name):
    started = time.perf_counter()
    try:
        record = parse_bytes(data, name)
    except ParseError:
        return
    assert isinstance(record.title, str) and isinstance(record.body, list)
    assert time.perf_counter() - started < 5


def test_pathological_pages_are_bounded():
    cases = [
        b"<div>" * 50_000 + b"x" + b"</div>" * 50_000,
        b"<html><body>" + ("<p>Đảng ủy " * 200_000).encode() + b"</body></html>",  # ~3 MB
        b"<table>" + b"<tr><td>a" * 20_000,
        b"\x00" * 100_000,
        ("§¶ng ñy Së vµ c¸c " * 20_000).encode("cp1252"),
        b"<p>" + bytes(range(256)) * 200,
    ]
    for data in cases:
        started = time.perf_counter()
        with contextlib.suppress(ParseError):
            parse_bytes(data, "x.html")
        assert time.perf_counter() - started < 20


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=300))
def test_query_parser_never_crashes(text):
    parsed = parse_query(text)
    assert isinstance(parsed.warnings, list)


QUERY_PIECES = st.one_of(
    st.sampled_from(
        [
            '"',
            "(",
            ")",
            "AND",
            "OR",
            "NOT",
            "-",
            "*",
            "title:",
            "code:",
            "year:",
            "date:",
            "person:",
            "29-NQ/TW",
            "nq 29 tw",
            "xây",
            "dang",
            "..",
            "\x00",
            "Đ",
            " ",
        ]
    ),
    st.text(max_size=10),
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(QUERY_PIECES, max_size=30).map(" ".join))
def test_search_answers_any_query_in_bounded_time(tmp_path_factory, text):
    engine = _engine(tmp_path_factory)
    started = time.perf_counter()
    response = engine.search(SearchRequest(q=text))
    assert response.total >= 0
    assert time.perf_counter() - started < 5


_ENGINE: list[SearchEngine] = []


@pytest.fixture(scope="module", autouse=True)
def _close_engine():
    yield
    while _ENGINE:
        _ENGINE.pop().close()


def _engine(tmp_path_factory) -> SearchEngine:
    if not _ENGINE:
        from indexer.index import index_records
        from tests.fixtures import ARTICLES

        path = tmp_path_factory.mktemp("fuzz-index")
        index_records(path, ARTICLES)
        _ENGINE.append(SearchEngine(path))
    return _ENGINE[0]
