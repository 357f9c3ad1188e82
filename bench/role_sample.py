"""The seeded sample of person mentions whose roles are labelled in bench/labels/roles.jsonl.

    python bench/role_sample.py [--realdata ../shared/realdata] [--context 160]

Draws the sample (pages of the hand-labelled items that name persons, a few per site, and
up to three persons per page, with a fixed seed) and prints, for each person, every passage
of the page that names them, so the roles can be labelled by reading. It prints nothing of
the labels themselves; see bench/labels/README.md for the labelling rule.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.extraction import load_labels, site_of  # noqa: E402
from indexer.extract.html import extract_html  # noqa: E402
from indexer.text.normalize import normalize_text  # noqa: E402

SEED = 20
PAGES_PER_SITE = {"text/baomoi": 3, "text/binhdinh": 3}  # every html site: HTML_PAGES
HTML_PAGES = 4
PERSONS_PER_PAGE = 3


def sample(realdata: Path) -> list[tuple[str, str]]:
    """(file, person) pairs: pages drawn per site, persons drawn per page, one seed for all."""
    rng = random.Random(SEED)
    by_site: dict[str, list[dict]] = defaultdict(list)
    for row in load_labels(realdata):
        if row["persons"]:
            by_site[site_of(row)].append(row)
    pairs = []
    for site in sorted(by_site):
        rows = sorted(by_site[site], key=lambda r: r["file"])
        count = min(len(rows), PAGES_PER_SITE.get(site, HTML_PAGES))
        for row in sorted(rng.sample(rows, count), key=lambda r: r["file"]):
            persons = sorted(row["persons"])
            chosen = rng.sample(persons, min(len(persons), PERSONS_PER_PAGE))
            pairs += [(row["file"], person) for person in sorted(chosen)]
    return pairs


def page_text(path: Path) -> str:
    """The visible text of a page (every block, sidebars included) or a text file."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix.lower() == ".txt":
        return normalize_text(raw)
    page = extract_html(raw)
    return normalize_text("\n".join([page.title, *page.body, *page.page_text]))


def passages(text: str, name: str, context: int) -> list[str]:
    """Every stretch of `text` around a mention of `name` (or of its last two words)."""
    found = []
    for probe in dict.fromkeys([name, " ".join(name.split()[-2:])]):
        for m in re.finditer(re.escape(probe), text):
            found.append((m.start(), text[max(0, m.start() - context) : m.end() + context]))
        if found:
            break
    snippets = [snippet.replace("\n", " ⏎ ") for _, snippet in sorted(found)]
    return list(dict.fromkeys(snippets))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parent.parent.parent / "shared" / "realdata"
    parser.add_argument("--realdata", type=Path, default=default)
    parser.add_argument("--context", type=int, default=160)
    args = parser.parse_args()
    pairs = sample(args.realdata)
    print(f"{len(pairs)} mentions on {len({f for f, _ in pairs})} pages (seed {SEED})")
    texts: dict[str, str] = {}
    for file, person in pairs:
        if file not in texts:
            texts[file] = page_text(args.realdata / file)
        print(f"\n=== {file} :: {person}")
        for snippet in passages(texts[file], person, args.context):
            print(f"  … {snippet} …")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
