"""Do the numbers add up on real pages? Every facet value shown, selected, must give the
count shown; the year histogram (with "undated") must add up to the total, plus one for each year
beyond the first that a repost group's copies carry.

    .venv/bin/python bench/facet_counts.py [--index DIR] [PATHS...]

Indexes ../shared/realdata (never copied into the repository) unless --index names an
existing index, then checks a fixed list of queries and each value's selection.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.extract.parse import parse_paths  # noqa: E402
from indexer.index import index_records  # noqa: E402
from indexer.search import UNDATED, SearchEngine, SearchRequest  # noqa: E402

# ../shared beside the clone, or beside the folder of worktrees (/work/wt/NAME).
REALDATA = next(
    (
        p
        for p in (ROOT.parent / "shared" / "realdata", ROOT.parents[1] / "shared" / "realdata")
        if p.exists()
    ),
    ROOT.parent / "shared" / "realdata",
)
QUERIES = [
    "",
    "nghi quyet 29",
    "dang",
    "chi thi 05",
    "can bo",
    "huyen uy",
    "kiem tra",
    "tai chinh",
    "hoi nghi",
    "mat tran",
    "xay dung dang",
    "thanh tra",
    "05-CT/TW",  # codes typed in full: exact, their offers aside
    "17-CT/TU",
]


def years_beyond_one(engine: SearchEngine, request: SearchRequest) -> int:
    """How many more years than one the repost groups of a result carry (a group whose
    copies were published in two years counts in both, as a click on each returns it)."""
    columns, allowed = engine.columns, engine._match(request).allowed
    extra = 0
    for docs in columns.groups().values():
        years = {(columns.summary[d].published or UNDATED)[:4] for d in docs if (allowed >> d) & 1}
        extra += max(0, len(years) - 1)
    return extra


def check(engine: SearchEngine, q: str, filters: dict[str, list[str]]) -> tuple[int, int, list]:
    """(values checked, mismatches, examples) for one request."""
    response = engine.search(SearchRequest(q=q, filters=filters))
    checked, wrong = 0, []
    for name, values in response.facets.items():
        for value in values:
            chosen = {**filters, name: [value.value]}
            got = engine.search(SearchRequest(q=q, filters=chosen)).total
            checked += 1
            if got != value.count:
                wrong.append((q, filters, name, value.value, value.count, got))
    rest = SearchRequest(q=q, filters={k: v for k, v in filters.items() if k != "year"})
    expected = engine.search(rest).total + years_beyond_one(engine, rest)
    years = sum(v.count for v in response.facets["year"])
    if years != expected:
        wrong.append((q, filters, "year-sum", "", years, expected))
    return checked, len(wrong), wrong


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "paths", nargs="*", default=[str(REALDATA / "html"), str(REALDATA / "text")]
    )
    parser.add_argument("--index")
    args = parser.parse_args()
    folder = args.index or tempfile.mkdtemp(prefix="facet-counts-")
    if not args.index:
        started = time.perf_counter()
        summary = index_records(folder, parse_paths(args.paths))
        print(f"indexed {summary.added} articles in {time.perf_counter() - started:.0f} s")
    engine = SearchEngine(folder)
    total_checked = total_wrong = 0
    examples = []
    for q in QUERIES:
        first = engine.search(SearchRequest(q=q))
        selections = [{}]
        for name in ("site", "year", "person", "issuer"):
            if first.facets.get(name):
                selections.append({name: [first.facets[name][0].value]})
        undated = [v for v in first.facets["year"] if v.value == UNDATED]
        if undated:
            selections.append({"year": [UNDATED]})
        for filters in selections:
            checked, wrong, found = check(engine, q, filters)
            total_checked += checked
            total_wrong += wrong
            examples += found
    print(
        f"facet values checked: {total_checked}, counts that differ from the click: {total_wrong}"
    )
    for example in examples[:10]:
        print("  ", example)
    return 1 if total_wrong else 0


if __name__ == "__main__":
    sys.exit(main())
