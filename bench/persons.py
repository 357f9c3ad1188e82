"""Score person names per site on the hand labels, and list the names found in the text folders.

    python bench/persons.py [--realdata ../shared/realdata] [--no-layouts] [--details] [--top 40]

Prints persons precision, recall and F1 (and bylines exact) per site over `labels/dev.jsonl` and
`labels/dev2.jsonl`, then the most frequent names the extractor finds over every
file of the `text/` folders (where fragments such as role words show up first).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.extraction import f1, squash  # noqa: E402
from indexer.extract.parse import ParseError, parse_file  # noqa: E402

LABEL_FILES = ("dev.jsonl", "dev2.jsonl")
TARGETS = {"precision": 0.95, "f1": 0.90}


def score_persons(realdata: Path, details: bool, use_layouts: bool = True) -> dict[str, Counter]:
    """True/false positives and misses of person names, per site and over all."""
    tallies: dict[str, Counter] = defaultdict(Counter)
    for name in LABEL_FILES:
        path = realdata / "labels" / name
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            site = "/".join(row["file"].split("/")[:2])
            try:
                record = parse_file(realdata / row["file"], use_layouts=use_layouts)
            except ParseError as error:
                print(f"FAILED {row['file']}: {error}", file=sys.stderr)
                continue
            author_ok = squash(record.author).casefold() == squash(row["author"]).casefold()
            gold = {squash(p) for p in row["persons"]}
            got = {squash(p.name) for p in record.persons}
            for tally in (tallies[site], tallies["all"]):
                tally["docs"] += 1
                tally["tp"] += len(gold & got)
                tally["fp"] += len(got - gold)
                tally["fn"] += len(gold - got)
                tally["author"] += author_ok
            if details and (got != gold or not author_ok):
                print(f"--- {row['file']}")
                print(f"    extra   {sorted(got - gold)}")
                print(f"    missing {sorted(gold - got)}")
                if not author_ok:
                    print(f"    author  got {record.author!r} want {row['author']!r}")
    return tallies


def frequent_names(realdata: Path) -> Counter:
    """How many text files each extracted name appears in."""
    counts: Counter = Counter()
    for path in sorted((realdata / "text").rglob("*.txt")):
        try:
            record = parse_file(path)
        except ParseError:
            continue
        counts.update({p.name for p in record.persons})
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parent.parent.parent / "shared" / "realdata"
    parser.add_argument("--realdata", type=Path, default=default)
    parser.add_argument("--no-layouts", action="store_true", help="generic extractor only")
    parser.add_argument("--details", action="store_true", help="print every miss")
    parser.add_argument("--top", type=int, default=40, help="names to list from text/")
    args = parser.parse_args()
    if not (args.realdata / "labels").is_dir():
        print(f"no labels under {args.realdata}", file=sys.stderr)
        return 2
    tallies = score_persons(args.realdata, args.details, not args.no_layouts)
    print(f"\n{'site':32} {'docs':>4} {'prec':>6} {'recall':>6} {'F1':>6} {'author':>6}  tp/fp/fn")
    for site in sorted(tallies, key=lambda s: (s == "all", s)):
        c = tallies[site]
        precision, recall, score = f1(c["tp"], c["fp"], c["fn"])
        below = precision < TARGETS["precision"] or score < TARGETS["f1"]
        print(
            f"{site:32} {c['docs']:>4} {precision:6.3f} {recall:6.3f} {score:6.3f}"
            f" {c['author'] / max(1, c['docs']):6.3f}"
            f"  {c['tp']}/{c['fp']}/{c['fn']}{'  BELOW TARGET' if below else ''}"
        )
    if args.top:
        print(f"\nMost frequent names over {args.realdata / 'text'} (files containing each)")
        for name, count in frequent_names(args.realdata).most_common(args.top):
            print(f"  {count:4}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
