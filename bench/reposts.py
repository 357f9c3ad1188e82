"""Reposts on real pages: does the index group one article's copies, and only them?

    .venv/bin/python bench/reposts.py [--index DIR] [--details] [PATHS...]

Indexes ../shared/realdata (html sites and text folders; never copied into the
repository) unless --index names an index of them, reads the repost groups the engine
made, and scores them as pairs against the hand labels `bench/labels/reposts.jsonl`:

- `{"same": [paths...]}`: one article; every pair of these paths should be grouped;
- `{"different": [a, b]}`: two articles that look alike (a weekly template, one story
  told by two papers, a body that leaked part of another): they must not be grouped.

The labels were made by reading every pair of bodies whose exact 5-word shingle sets
overlap (Jaccard above 0.2, or 50% of the shorter one): 211 pairs. Precision counts
every grouped pair that is not labelled "same" as wrong; recall is over the "same" pairs.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.extract.parse import parse_paths  # noqa: E402
from indexer.index import index_records  # noqa: E402
from indexer.search import SearchEngine  # noqa: E402

# ../shared beside the clone, or beside the folder of worktrees (/work/wt/NAME).
REALDATA = next(
    (
        p
        for p in (ROOT.parent / "shared" / "realdata", ROOT.parents[1] / "shared" / "realdata")
        if p.exists()
    ),
    ROOT.parent / "shared" / "realdata",
)
LABELS = ROOT / "bench" / "labels" / "reposts.jsonl"


def read_labels(path: Path) -> tuple[set[frozenset[str]], set[frozenset[str]]]:
    """The labelled pairs: those of one article, and those of different articles."""
    same, different = set(), set()
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if "same" in item:
            same.update(frozenset(p) for p in itertools.combinations(item["same"], 2))
        else:
            different.add(frozenset(item["different"]))
    return same, different


def grouped_pairs(engine: SearchEngine) -> tuple[set[frozenset[str]], list[list[str]]]:
    """Every pair of documents the index put in one repost group, and the groups."""
    columns = engine.columns
    groups = []
    for docs in columns.groups().values():
        if len(docs) > 1:
            groups.append([columns.summary[d].path or columns.summary[d].url or "" for d in docs])
    pairs = {frozenset(p) for group in groups for p in itertools.combinations(group, 2)}
    return pairs, groups


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "paths", nargs="*", default=[str(REALDATA / "html"), str(REALDATA / "text")]
    )
    parser.add_argument("--index")
    parser.add_argument("--details", action="store_true")
    args = parser.parse_args()
    if not LABELS.exists() or not REALDATA.exists():
        print(f"needs {REALDATA} and {LABELS}")
        return 2
    folder = args.index or tempfile.mkdtemp(prefix="reposts-")
    if not args.index:
        started = time.perf_counter()
        summary = index_records(folder, parse_paths(args.paths))
        print(f"indexed {summary.added} articles in {time.perf_counter() - started:.0f} s")
    engine = SearchEngine(folder)
    same, different = read_labels(LABELS)
    found, groups = grouped_pairs(engine)
    right = found & same
    sites = Counter(len({p.split("/")[1] for p in group}) > 1 for group in groups)
    labelled_groups = sum(1 for line in LABELS.read_text().splitlines() if '"same"' in line)
    print(
        f"repost groups found: {len(groups)} ({sites[True]} across sites, "
        f"{sum(map(len, groups))} documents); labelled: {labelled_groups}"
    )
    print(
        f"pairs grouped: {len(found)}, labelled same: {len(same)}, right: {len(right)}; "
        f"precision {len(right) / max(1, len(found)):.3f}, "
        f"recall {len(right) / max(1, len(same)):.3f}; "
        f"labelled different but grouped: {len(found & different)}"
    )
    if args.details:
        for pair in sorted(map(sorted, found - same)):
            print("  grouped, not labelled same:", *pair)
        for pair in sorted(map(sorted, same - found)):
            print("  labelled same, not grouped:", *pair)
    engine.close()
    return 0 if found <= same else 1


if __name__ == "__main__":
    sys.exit(main())
