"""Long fuzzing runs of the parser, the query parser and the search engine.

    python bench/fuzz.py [--examples 5000]

Runs the properties of tests/test_fuzz.py with many more generated inputs (hypothesis),
and reports how many inputs each saw, the slowest input's time and the peak memory.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import contextlib

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from indexer.extract.parse import ParseError, parse_bytes  # noqa: E402
from indexer.index import index_records  # noqa: E402
from indexer.search import SearchEngine, SearchRequest  # noqa: E402
from indexer.search.highlight import _matched_words  # noqa: E402
from indexer.search.query import parse_query  # noqa: E402
from tests.fixtures import ARTICLES  # noqa: E402
from tests.test_fuzz import QUERY_PIECES, html_documents  # noqa: E402
from tests.test_highlight import highlight_cases  # noqa: E402
from tests.test_highlight import reference as highlight_reference  # noqa: E402


def run(name: str, examples: int, strategy, check) -> None:  # noqa: ANN001
    seen, slowest = 0, 0.0

    @settings(
        max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(strategy)
    def prop(value) -> None:  # noqa: ANN001
        nonlocal seen, slowest
        seen += 1
        started = time.perf_counter()
        check(value)
        slowest = max(slowest, time.perf_counter() - started)

    started = time.perf_counter()
    prop()
    print(
        f"{name:28} {seen:7d} inputs, no failure, slowest {slowest * 1000:7.1f} ms, "
        f"{time.perf_counter() - started:6.1f} s"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=5000)
    parser.add_argument("--search-examples", type=int, default=300)
    args = parser.parse_args()

    def parse(data: bytes) -> None:
        with contextlib.suppress(ParseError):
            parse_bytes(data, "fuzz.html")

    run("parser (HTML, bytes)", args.examples, html_documents(), parse)
    run("query parser", args.examples, st.text(max_size=400), parse_query)

    def highlight(case: tuple[list, set]) -> None:
        pieces, terms = case
        text = "".join(word + glue for word, glue in pieces)
        assert _matched_words(text, terms) == highlight_reference(text, terms), (text, terms)

    run("highlighter (vs word by word)", args.examples, highlight_cases(), highlight)
    with tempfile.TemporaryDirectory() as folder:
        index_records(folder, ARTICLES)
        engine = SearchEngine(folder)
        run(
            "search (query syntax)",
            args.search_examples,
            st.lists(QUERY_PIECES, max_size=30).map(" ".join),
            lambda q: engine.search(SearchRequest(q=q)),
        )
        engine.close()
    print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
