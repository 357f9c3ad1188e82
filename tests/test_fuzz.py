"""Property-based fuzzing of the parser and the query parser: no crash, bounded work.

Work is counted in function calls (tests/work.py), never timed: a loaded machine passes
or fails these alike, and an unbounded loop fails instead of hanging. `bench/fuzz.py`
runs the same properties much longer and reports how many inputs it tried.
"""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.extract.parse import ParseError, parse_bytes
from indexer.record import ArticleRecord
from indexer.search import SearchEngine, SearchRequest
from indexer.search.query import parse_query
from tests.conftest import encode_cp1258
from tests.work import calls_made, measured

# Calls a page may cost: per byte (the costliest generated page, 229 bytes, made 5,200
# calls, about 14 a byte beyond a fixed 2,000) and a fixed part for the smallest pages.
PAGE_CALLS_PER_BYTE, PAGE_CALLS_FIXED = 40, 20_000
# Calls one search of the fuzzed queries may cost on the fixture index: the costliest
# of them made 68,000 (person: with an empty value lists every person), the median 2,000.
SEARCH_CALLS = 250_000

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
    def parse() -> ArticleRecord | None:
        with contextlib.suppress(ParseError):
            return parse_bytes(data, name)
        return None

    record, _ = measured(parse, limit=PAGE_CALLS_PER_BYTE * len(data) + PAGE_CALLS_FIXED)
    if record is not None:
        assert isinstance(record.title, str) and isinstance(record.body, list)


# Pathological pages, each as a function of a size n, with the size they are parsed at.
PATHOLOGICAL = {
    "nested divs": (lambda n: b"<div>" * n + b"x" + b"</div>" * n, 50_000),
    "3 MB of paragraphs": (
        lambda n: b"<html><body>" + ("<p>Đảng ủy " * n).encode() + b"</body></html>",
        200_000,
    ),
    "unclosed table cells": (lambda n: b"<table>" + b"<tr><td>a" * n, 20_000),
    "NUL bytes": (lambda n: b"\x00" * n, 100_000),
    "TCVN3 soup": (lambda n: ("§¶ng ñy Së vµ c¸c " * n).encode("cp1252"), 20_000),
    "every byte value": (lambda n: b"<p>" + bytes(range(256)) * n, 200),
}


def _parse_or_refuse(data: bytes) -> None:
    with contextlib.suppress(ParseError):
        parse_bytes(data, "x.html")


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_pathological_pages_are_parsed_or_refused(name):
    page, size = PATHOLOGICAL[name]
    _parse_or_refuse(page(size))


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_pathological_pages_cost_work_in_proportion_to_their_size(name):
    # Twice the page, at most about twice the work: a pass that grows with the square of
    # the page (every node against every other) fails here, on any machine, at a size
    # small enough to count every call.
    page, size = PATHOLOGICAL[name]
    small, double = page(size // 25), page(2 * (size // 25))
    budget = PAGE_CALLS_PER_BYTE * len(double) + PAGE_CALLS_FIXED
    once = calls_made(lambda: _parse_or_refuse(small), limit=budget)
    twice = calls_made(lambda: _parse_or_refuse(double), limit=budget)
    assert twice <= 2.2 * once + 1000, (once, twice)


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
def test_search_answers_any_query_with_bounded_work(tmp_path_factory, text):
    engine = _engine(tmp_path_factory)
    response, _ = measured(lambda: engine.search(SearchRequest(q=text)), SEARCH_CALLS)
    assert response.total >= 0


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
