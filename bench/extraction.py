"""Score the parser on the hand-labelled real pages and measure its speed.

    python bench/extraction.py [--realdata ../shared/realdata] [--no-layouts]
                               [--leave-one-site-out] [--details] [--skip-speed]

Scores every item of labels/dev.jsonl and labels/dev2.jsonl. Prints a per-site table:
title exact, published exact, dates given that are wrong (badDt: invented or misread),
persons precision and F1, codes F1, author precision and recall (authP, authR: a byline
shown equals the label), role precision and recall over the persons of
bench/labels/roles.jsonl (roleP, roleR; the rule is in bench/labels/README.md),
body start/end/both (bounds), and Trafilatura's
title, date and bounds on the same pages (cover: a lenient body score, the labelled
start and end found anywhere in the text) (`pip install -e .[bench]`); the worst site of
each figure; sidebar-code leaks over every unlabelled portal page; and pages per second
beside BeautifulSoup+lxml (parse and get_text only) and Trafilatura.
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

from indexer.extract.confidence import LEVELS  # noqa: E402
from indexer.extract.html import matching_layouts  # noqa: E402
from indexer.extract.parse import ParseError, parse_file  # noqa: E402
from indexer.text.normalize import normalize_text  # noqa: E402

SIDEBAR_CODES = ("337-QĐ/ĐU", "417-QĐ/ĐU")
TARGETS = {
    "title": 0.95,
    "published": 0.95,
    "persons_f1": 0.90,
    "codes_f1": 0.97,
    "author_p": 0.98,
    "roles_p": 0.95,
}
ROLE_LABELS = Path(__file__).resolve().parent / "labels" / "roles.jsonl"


def squash(text: str | None) -> str:
    return re.sub(r"\s+", " ", normalize_text(text or "")).strip()


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, score


LABEL_FILES = ("dev.jsonl", "dev2.jsonl")


def load_labels(realdata: Path) -> list[dict]:
    """Every labelled item of every label file present."""
    rows = []
    for name in LABEL_FILES:
        path = realdata / "labels" / name
        if path.exists():
            rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return rows


def load_role_labels(path: Path = ROLE_LABELS) -> dict[str, dict[str, list[str]]]:
    """The hand-labelled roles: file -> person -> the offices the article binds to them."""
    labels: dict[str, dict[str, list[str]]] = defaultdict(dict)
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            labels[row["file"]][squash(row["person"])] = row["roles"]
    return labels


def role_text(text: str) -> str:
    """A role as compared: normalised, dashes made '-', spaces collapsed, case folded."""
    text = re.sub(r"\s*[-–—]\s*", " - ", squash(text)).casefold()
    return re.sub(r"\s+", " ", text).strip(" ,.;:-")


def _inside(part: str, role: str) -> bool:
    return bool(part) and re.search(rf"(?<!\w){re.escape(part)}(?!\w)", role) is not None


def role_parts(role: str) -> list[str]:
    """A role shown, cut at its commas and semicolons (each part one office or a piece of one)."""
    return [p for p in (role_text(piece) for piece in re.split(r"[,;]", role)) if p]


def score_roles(shown: list[str], labelled: list[str]) -> Counter:
    """Roles shown and right, labelled and found, for one person (bench/labels/README.md)."""
    gold = [role_text(role) for role in labelled]
    tally: Counter = Counter(r_shown=len(shown), r_gold=len(gold))
    right_parts = []
    for role in shown:
        parts = role_parts(role)
        if parts and all(any(_inside(p, g) for g in gold) for p in parts):
            tally["r_right"] += 1
            right_parts += parts
    for g in gold:
        tally["r_found"] += any(
            _inside(p, g) and 2 * len(p.split()) >= len(g.split()) for p in right_parts
        )
    return tally


def score_author(got: str | None, want: str | None) -> Counter:
    """An author shown, right, and labelled (compared without case and end dots)."""
    shown = squash(got).strip(" .").casefold()
    gold = squash(want).strip(" .").casefold()
    return Counter(a_shown=bool(shown), a_gold=bool(gold), a_right=bool(shown) and shown == gold)


def site_of(row: dict) -> str:
    return "/".join(row["file"].split("/")[:2])


def site_layouts(realdata: Path, site: str) -> frozenset[str]:
    """Known layouts matched by any page of this site: switched off to leave the site out."""
    found: set[str] = set()
    for page in sorted((realdata / site).glob("*.htm*")):
        found.update(matching_layouts(page.read_text(encoding="utf-8", errors="replace")))
    return frozenset(found)


def body_bounds(body: str, row: dict) -> tuple[bool, bool]:
    """Whether the body starts and ends where the label says (60 chars, spaces squashed)."""
    if row["body_first"]:
        return body.startswith(squash(row["body_first"])), body.endswith(squash(row["body_last"]))
    empty = len(body) < 120
    return empty, empty


def covers(body: str, row: dict) -> bool:
    """A lenient body score: the text holds the labelled first and last 60 characters
    (with whatever comes before or after them)."""
    if not row["body_first"]:
        return len(body) < 120
    return squash(row["body_first"]) in body and squash(row["body_last"]) in body


def trafilatura_scores(path: Path, row: dict) -> dict[str, bool] | None:
    """Trafilatura's title, date and body bounds on the same page (None if not installed)."""
    try:
        import trafilatura
    except ImportError:
        return None
    html = path.read_text(encoding="utf-8", errors="replace")
    doc = trafilatura.bare_extraction(html, with_metadata=True)
    title = squash(doc.title) if doc is not None and doc.title else None
    published = doc.date if doc is not None else None
    text = doc.text if doc is not None and doc.text else ""
    # Its plain text draws table cells as "| a | b |" and list items as "- a": drop the marks.
    text = re.sub(r"^\s*- ", "", re.sub(r"\s*\|\s*", " ", text), flags=re.M)
    start_ok, end_ok = body_bounds(squash(text), row)
    return {
        "t_title": title == (squash(row["title"]) if row["title"] else None),
        "t_published": published == row["published"],
        "t_bad_date": published is not None and published != row["published"],
        "t_start": start_ok,
        "t_cover": covers(squash(text), row),
        "t_bounds": start_ok and end_ok,
    }


def score_labels(realdata: Path, use_layouts: bool, details: bool, leave_out: bool = False) -> dict:
    """Tally every labelled item, overall and per site.

    With `leave_out`, each site is parsed with the layouts that match it switched off,
    so its figures show how the parser does on a site it has never seen.
    """
    rows = load_labels(realdata)
    role_labels = load_role_labels()
    counts: Counter = Counter()
    per_source: dict[str, Counter] = defaultdict(Counter)
    skipped: dict[str, frozenset[str]] = {}
    for row in rows:
        source = site_of(row)
        tally = per_source[source]
        if leave_out and source not in skipped:
            skipped[source] = site_layouts(realdata, source)
        try:
            record = parse_file(
                realdata / row["file"],
                use_layouts=use_layouts,
                skip_layouts=skipped.get(source, frozenset()),
            )
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
        start_ok, end_ok = body_bounds(body, row)
        author = score_author(record.author, row["author"])
        shown_roles = {squash(p.name): p.roles for p in record.persons}
        roles: Counter = Counter()
        role_misses = []
        for person, labelled in role_labels.get(row["file"], {}).items():
            tally_roles = score_roles(shown_roles.get(person, []), labelled)
            roles.update(tally_roles)
            if tally_roles["r_right"] < tally_roles["r_shown"] or (
                tally_roles["r_found"] < tally_roles["r_gold"]
            ):
                role_misses.append(f"{person}: got {shown_roles.get(person)} want {labelled}")
        theirs = (
            trafilatura_scores(realdata / row["file"], row)
            if row["file"].startswith("html/")
            else None
        )
        for tally_ in (counts, tally):
            tally_["docs"] += 1
            tally_["title"] += title_ok
            tally_["published"] += date_ok
            tally_["bad_date"] += published is not None and not date_ok
            tally_["body_start"] += start_ok
            tally_["cover"] += covers(body, row)
            tally_["body_end"] += end_ok
            tally_["bounds"] += start_ok and end_ok
            tally_["p_tp"] += len(gold_persons & got_persons)
            tally_["p_fp"] += len(got_persons - gold_persons)
            tally_["p_fn"] += len(gold_persons - got_persons)
            tally_["c_tp"] += len(gold_codes & got_codes)
            tally_["c_fp"] += len(got_codes - gold_codes)
            tally_["c_fn"] += len(gold_codes - got_codes)
            tally_.update(author)
            tally_.update(roles)
            tally_[f"confidence_{record.confidence}"] += 1
            tally_[f"confident_ok_{record.confidence}"] += start_ok and end_ok
            if theirs is not None:
                tally_["t_docs"] += 1
                tally_.update({k: int(v) for k, v in theirs.items()})
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
            if author["a_shown"] > author["a_right"] or author["a_gold"] > author["a_right"]:
                problems.append(f"author: got {record.author!r} want {row['author']!r}")
            problems += [f"roles of {miss}" for miss in role_misses]
            if not start_ok:
                problems.append(f"body start: got {body[:70]!r} want {row['body_first']!r}")
            if not end_ok:
                problems.append(f"body end: got {body[-70:]!r} want {row['body_last']!r}")
            if problems:
                print(f"--- {row['file']} (confidence {record.confidence})")
                for problem in problems:
                    print("   ", problem)
    return {"all": counts, **dict(sorted(per_source.items()))}


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
    from indexer.extract.parse import parse_bytes

    start = time.process_time()
    for page, blob in zip(pages, blobs, strict=True):
        with contextlib.suppress(ParseError):
            parse_bytes(blob, str(page), use_layouts=use_layouts)
    results["vankien parse + extract"] = len(blobs) / (time.process_time() - start)

    from bs4 import BeautifulSoup

    start = time.process_time()
    for blob in blobs:
        BeautifulSoup(blob, "lxml").get_text(" ")
    results["BeautifulSoup+lxml get_text"] = len(blobs) / (time.process_time() - start)
    try:
        import trafilatura
    except ImportError:
        results["Trafilatura extract (not installed)"] = None
    else:
        start = time.process_time()
        for blob in blobs:
            trafilatura.extract(blob.decode("utf-8", "replace"))
        results["Trafilatura extract"] = len(blobs) / (time.process_time() - start)
    results["pages"] = len(blobs)
    results["mean KB"] = sum(map(len, blobs)) / len(blobs) / 1024
    return results


def print_table(tallies: dict, heading: str) -> tuple[dict[str, float], dict[str, float]]:
    """The per-site table, Trafilatura's figures beside ours; returns the overall figures
    and the worst site's."""
    print(f"\n{heading}")
    print(
        f"{'source':30} {'docs':>4} {'title':>6} {'date':>6} {'badDt':>5} {'persP':>6}"
        f" {'persF1':>6} {'codeF1':>6} {'authP':>5} {'authR':>5} {'roleP':>5} {'roleR':>5}"
        f" {'start':>6} {'end':>6} {'bounds':>6} {'cover':>5} |"
        f" {'T.title':>7} {'T.date':>6} {'T.bad':>5} {'T.bnds':>6} {'T.cover':>7}"
    )
    summary: dict[str, float] = {}
    worst: dict[str, tuple[float, str]] = {}
    for source, c in tallies.items():
        n = max(1, c["docs"])
        p_precision, _, persons = f1(c["p_tp"], c["p_fp"], c["p_fn"])
        codes = f1(c["c_tp"], c["c_fp"], c["c_fn"])[2]
        author_p = c["a_right"] / c["a_shown"] if c["a_shown"] else 1.0
        author_r = c["a_right"] / c["a_gold"] if c["a_gold"] else 1.0
        roles_p = c["r_right"] / c["r_shown"] if c["r_shown"] else 1.0
        roles_r = c["r_found"] / c["r_gold"] if c["r_gold"] else 1.0
        figures = {
            "title": c["title"] / n,
            "published": c["published"] / n,
            "bounds": c["bounds"] / n,
            "persons_f1": persons,
            "persons_p": p_precision,
            "codes_f1": codes,
            "author_p": author_p,
            "author_r": author_r,
            "roles_p": roles_p,
            "roles_r": roles_r,
        }
        theirs = " " * 37
        if c["t_docs"]:
            t = c["t_docs"]
            theirs = (
                f" {c['t_title'] / t:7.3f} {c['t_published'] / t:6.3f} {c['t_bad_date']:>5}"
                f" {c['t_bounds'] / t:6.3f} {c['t_cover'] / t:7.3f}"
            )
        print(
            f"{source:30} {c['docs']:>4} {figures['title']:6.3f} {figures['published']:6.3f}"
            f" {c['bad_date']:>5} {p_precision:6.3f} {persons:6.3f} {codes:6.3f}"
            f" {author_p:5.2f} {author_r:5.2f} {roles_p:5.2f} {roles_r:5.2f}"
            f" {c['body_start'] / n:6.3f} {c['body_end'] / n:6.3f} {figures['bounds']:6.3f}"
            f" {c['cover'] / n:5.2f} |"
            f"{theirs}"
        )
        if source == "all":
            summary = figures
            continue
        for name, value in figures.items():
            if name not in worst or value < worst[name][0]:
                worst[name] = (value, source)
        if c["t_docs"] and (
            figures["bounds"] < c["t_bounds"] / c["t_docs"] or c["cover"] < c["t_cover"]
        ):
            print(f"  ^ body worse than Trafilatura's on {source}")
    overall = tallies["all"]
    print(
        "confidence (items, share with right body bounds): "
        + ", ".join(
            f"{level} {overall[f'confidence_{level}']}"
            f" ({overall[f'confident_ok_{level}'] / max(1, overall[f'confidence_{level}']):.2f})"
            for level in LEVELS
        )
    )
    print("Worst site: " + ", ".join(f"{k} {v:.3f} ({s})" for k, (v, s) in worst.items()))
    return summary, {name: value for name, (value, _) in worst.items()}


BASELINE = Path(__file__).resolve().parent / "extraction_baseline.json"


def check_baseline(mode: str, summary: dict[str, float], worst: dict[str, float]) -> None:
    """Compare with the last accepted figures (bench/extraction_baseline.json)."""
    pinned = (
        json.loads(BASELINE.read_text(encoding="utf-8")).get(mode) if BASELINE.exists() else None
    )
    if not pinned:
        print(f"\nno baseline for {mode}; figures to pin:")
        print(json.dumps({"all": summary, "worst": worst}, indent=2, sort_keys=True))
        return
    print(f"\nAgainst the pinned baseline ({BASELINE.name}, {mode})")
    for scope, figures in (("all", summary), ("worst", worst)):
        for name, floor in sorted(pinned.get(scope, {}).items()):
            got = figures.get(name, 0.0)
            mark = "ok" if got >= floor - 1e-9 else "BELOW BASELINE"
            print(f"  {scope:5} {name:12} {got:.3f} (baseline {floor:.3f}) {mark}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parent.parent.parent / "shared" / "realdata"
    parser.add_argument("--realdata", type=Path, default=default)
    parser.add_argument("--no-layouts", action="store_true", help="generic extractor only")
    parser.add_argument(
        "--leave-one-site-out",
        action="store_true",
        help="score each site with the layouts that match it switched off",
    )
    parser.add_argument("--details", action="store_true", help="print every miss")
    parser.add_argument("--skip-speed", action="store_true")
    args = parser.parse_args()
    if not (args.realdata / "labels" / "dev.jsonl").exists():
        print(f"no labels under {args.realdata}", file=sys.stderr)
        return 2
    use_layouts = not args.no_layouts
    tallies = score_labels(args.realdata, use_layouts, args.details, args.leave_one_site_out)
    if args.leave_one_site_out:
        heading = "Extraction quality, leave-one-site-out (each site's layouts switched off)"
    else:
        heading = f"Extraction quality ({'with' if use_layouts else 'without'} layout hints)"
    summary, worst = print_table(tallies, heading)
    mode = (
        "leave_one_site_out"
        if args.leave_one_site_out
        else ("no_layouts" if args.no_layouts else "layouts")
    )
    check_baseline(mode, summary, worst)
    leaks, pages = sidebar_leaks(args.realdata, use_layouts)
    print(f"\nSidebar-code leaks (337-QĐ/ĐU, 417-QĐ/ĐU): {leaks} over {pages} portal pages")
    for name, target in TARGETS.items():
        mark = "ok" if summary.get(name, 0) >= target else "BELOW TARGET"
        print(f"  {name:12} {summary.get(name, 0):.3f} (target {target}) {mark}")
    if not args.skip_speed:
        print("\nSpeed on the real portal pages, pages per second of CPU time (one core)")
        for name, value in speed(args.realdata, use_layouts).items():
            shown = "-" if value is None else f"{value:8.1f}"
            print(f"  {name:40} {shown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
