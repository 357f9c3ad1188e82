"""Recall without diacritics: whatever a query with diacritics finds, the same query
typed without them must find too.

    python bench/recall.py [--realdata ../shared/realdata] [--queries 400]

Indexes the bundled corpus (and the real pages, when present) in a temporary folder,
takes 1-3 word queries from the articles' own titles, and compares the result sets.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indexer.extract.parse import ParseFailure, parse_paths  # noqa: E402
from indexer.index import index_records  # noqa: E402
from indexer.search import SearchEngine  # noqa: E402
from indexer.text.normalize import fold_diacritics, has_diacritics  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--realdata", type=Path, default=ROOT.parent / "shared" / "realdata")
    parser.add_argument("--queries", type=int, default=400)
    args = parser.parse_args()
    sources = [ROOT / "corpus" / "sites"]
    if args.realdata.exists():
        sources += [args.realdata / "html", args.realdata / "text"]
    records = [r for r in parse_paths(sources) if not isinstance(r, ParseFailure)]
    rng = random.Random(5)
    queries = []
    for record in rng.sample(records, min(len(records), args.queries)):
        words = re.findall(r"\w+", record.title)
        if len(words) < 3:
            continue
        size = rng.randrange(1, 4)
        start = rng.randrange(0, len(words) - size + 1)
        query = " ".join(words[start : start + size])
        if has_diacritics(query):
            queries.append(query)
    with tempfile.TemporaryDirectory() as folder:
        index_records(folder, records)
        engine = SearchEngine(folder)
        failures = 0
        found_with = found_without = 0
        for query in queries:
            with_marks = engine.matching_ids(query)
            without = engine.matching_ids(fold_diacritics(query))
            found_with += len(with_marks)
            found_without += len(without)
            if not with_marks <= without:
                failures += 1
                print(f"MISSED without diacritics: {query!r}: {len(with_marks - without)} articles")
        engine.close()
    print(f"{len(records)} articles, {len(queries)} queries with diacritics")
    print(f"articles found with diacritics: {found_with}; without: {found_without}")
    print(
        f"queries whose accented results are all found unaccented: {len(queries) - failures}/{len(queries)}"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
