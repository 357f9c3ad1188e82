"""Score the parser on the hand-labelled real pages and measure its speed.

    python bench/extraction.py [--realdata ../shared/realdata] [--no-layouts] [--details]

Prints a table: title exact, published exact, persons F1, codes F1, body start/end,
sidebar-code leaks over every unlabelled portal page, and pages per second beside
BeautifulSoup+lxml (parse and get_text only) and Trafilatura (if installed).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indexer.parse import ParseError, parse_file  # noqa: E402
from indexer.text import normalize_text  # noqa: E402

SIDEBAR_CODES = ("337-QĐ/ĐU", "417-QĐ/ĐU")
TARGETS = {"title": 0.95, "published": 0.95, "persons_f1": 0.90, "codes_f1": 0.97}


def squash(text: str | None) -> str:
    return re.sub(r"\s+", " ", normalize_text(text or "")).strip()


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, score


def score_labels(realdata: Path, use_layouts: bool, details: bool) -> dict:
    rows = [
        json.loads(line)
        for line in (realdata / "labels" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    counts: Counter = Counter()
    per_source: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        source = "/".join(row["file"].split("/")[:2])
        tally = per_source[source]
        try:
            record = parse_file(realdata / row["file"], use_layouts=use_layouts)
        except ParseError as error:
            print(f"FAILED {row['file']}: {error}", file=sys.stderr)
            counts["failed"] += 1
            continue
        title_ok = squash(record.title) == squash(row["title"])
        published = record.published.isoformat() if record.published else None
        date_ok = published == row["published"]
        gold_persons = {squash(p) for p in row["persons"]}
        got_persons = {squash(p.name) for p in record.persons}
        gold_codes = {squash(c) for c in row["codes"]}
        got_codes = {squash(c.code) for c in record.codes}
        body = squash(" ".join(record.body))
        if row["body_first"]:
            start_ok = body.startswith(squash(row["body_first"]))
            end_ok = body.endswith(squash(row["body_last"]))
        else:
            start_ok = end_ok = len(body) < 120
        for tally_ in (counts, tally):
            tally_["docs"] += 1
            tally_["title"] += title_ok
            tally_["published"] += date_ok
            tally_["body_start"] += start_ok
            tally_["body_end"] += end_ok
            tally_["p_tp"] += len(gold_persons & got_persons)
            tally_["p_fp"] += len(got_persons - gold_persons)
            tally_["p_fn"] += len(gold_persons - got_persons)
            tally_["c_tp"] += len(gold_codes & got_codes)
            tally_["c_fp"] += len(got_codes - gold_codes)
            tally_["c_fn"] += len(gold_codes - got_codes)
        if details:
            problems = []
            if not title_ok:
                problems.append(f"title: got {record.title!r} want {row['title']!r}")
            if not date_ok:
                problems.append(f"published: got {published} want {row['published']}")
            if got_persons != gold_persons:
                problems.append(
                    f"persons: extra {sorted(got_persons - gold_persons)} "
                    f"missing {sorted(gold_persons - got_persons)}"
                )
            if got_codes != gold_codes:
                problems.append(
                    f"codes: extra {sorted(got_codes - gold_codes)} "
                    f"missing {sorted(gold_codes - got_codes)}"
                )
            if not start_ok:
                problems.append(f"body start: got {body[:70]!r} want {row['body_first']!r}")
            if not end_ok:
                problems.append(f"body end: got {body[-70:]!r} want {row['body_last']!r}")
            if problems:
                print(f"--- {row['file']}")
                for problem in problems:
                    print("   ", problem)
    return {"all": counts, **per_source}


def sidebar_leaks(realdata: Path, use_layouts: bool) -> tuple[int, int]:
    """Records that carry a sidebar code their page body does not cite."""
    pages = sorted((realdata / "html").rglob("*.html"))
    raw_counts: dict[Path, dict[str, int]] = {}
    for page in pages:
        text = normalize_text(page.read_text(encoding="utf-8", errors="replace"))
        raw_counts[page] = {code: text.count(code) for code in SIDEBAR_CODES}
    baseline: dict[tuple[str, str], int] = {}
    for page, counts in raw_counts.items():
        for code, count in counts.items():
            key = (page.parent.name, code)
            baseline[key] = min(baseline.get(key, count), count)
    leaks = 0
    for page in pages:
        try:
            record = parse_file(page, use_layouts=use_layouts)
        except ParseError:
            continue
        got = {c.code for c in record.codes}
        for code in SIDEBAR_CODES:
            cited = raw_counts[page][code] > baseline[(page.parent.name, code)]
            if code in got and not cited:
                leaks += 1
    return leaks, len(pages)


def speed(realdata: Path, use_layouts: bool) -> dict[str, float | None]:
    pages = sorted((realdata / "html").rglob("*.html"))
    blobs = [p.read_bytes() for p in pages]
    results: dict[str, float | None] = {}
    from indexer.parse import parse_bytes

    start = time.perf_counter()
    for page, blob in zip(pages, blobs, strict=True):
        with contextlib.suppress(ParseError):
            parse_bytes(blob, str(page), use_layouts=use_layouts)
    results["vankien parse + extract"] = len(blobs) / (time.perf_counter() - start)

    from bs4 import BeautifulSoup

    start = time.perf_counter()
    for blob in blobs:
        BeautifulSoup(blob, "lxml").get_text(" ")
    results["BeautifulSoup+lxml get_text"] = len(blobs) / (time.perf_counter() - start)
    try:
        import trafilatura
    except ImportError:
        results["Trafilatura extract (not installed)"] = None
    else:
        start = time.perf_counter()
        for blob in blobs:
            trafilatura.extract(blob.decode("utf-8", "replace"))
        results["Trafilatura extract"] = len(blobs) / (time.perf_counter() - start)
    results["pages"] = len(blobs)
    results["mean KB"] = sum(map(len, blobs)) / len(blobs) / 1024
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parent.parent.parent / "shared" / "realdata"
    parser.add_argument("--realdata", type=Path, default=default)
    parser.add_argument("--no-layouts", action="store_true", help="generic extractor only")
    parser.add_argument("--details", action="store_true", help="print every miss")
    parser.add_argument("--skip-speed", action="store_true")
    args = parser.parse_args()
    if not (args.realdata / "labels" / "dev.jsonl").exists():
        print(f"no labels under {args.realdata}", file=sys.stderr)
        return 2
    use_layouts = not args.no_layouts
    tallies = score_labels(args.realdata, use_layouts, args.details)
    print(f"\nExtraction quality ({'with' if use_layouts else 'without'} layout hints)")
    print(
        f"{'source':32} {'docs':>4} {'title':>6} {'date':>6} {'pers F1':>8} {'codes F1':>8}"
        f" {'start':>6} {'end':>6}"
    )
    summary = {}
    for source, c in tallies.items():
        n = max(1, c["docs"])
        persons = f1(c["p_tp"], c["p_fp"], c["p_fn"])[2]
        codes = f1(c["c_tp"], c["c_fp"], c["c_fn"])[2]
        print(
            f"{source:32} {c['docs']:>4} {c['title'] / n:6.3f} {c['published'] / n:6.3f}"
            f" {persons:8.3f} {codes:8.3f} {c['body_start'] / n:6.3f} {c['body_end'] / n:6.3f}"
        )
        if source == "all":
            summary = {
                "title": c["title"] / n,
                "published": c["published"] / n,
                "persons_f1": persons,
                "codes_f1": codes,
            }
    leaks, pages = sidebar_leaks(args.realdata, use_layouts)
    print(f"\nSidebar-code leaks (337-QĐ/ĐU, 417-QĐ/ĐU): {leaks} over {pages} portal pages")
    for name, target in TARGETS.items():
        mark = "ok" if summary.get(name, 0) >= target else "BELOW TARGET"
        print(f"  {name:12} {summary.get(name, 0):.3f} (target {target}) {mark}")
    if not args.skip_speed:
        print("\nSpeed on the real portal pages, one core")
        for name, value in speed(args.realdata, use_layouts).items():
            shown = "-" if value is None else f"{value:8.1f}"
            print(f"  {name:40} {shown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
