"""Suggestions only when they help: how often "Có phải bạn muốn tìm …?" is offered, and
whether what is offered (and what is withheld) is the form the articles write.

    python bench/suggest.py [--realdata ../shared/realdata] [--queries 400] [--index DIR]

Indexes the bundled corpus (and the real pages, when present), takes 2-4 word runs
from the articles' own titles, and types each two ways: without accents (restoring
them is the suggestion) and without accents with one letter doubled (a typo; correcting
it is the suggestion). For each, the engine's raw suggestion (before indexer/search/suggest.py
decides) and the offered one are compared with the title's own words, folded to
lowercase: "right" is the accented run as the title writes it. Prints counts only.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indexer.extract.parse import ParseFailure, parse_paths  # noqa: E402
from indexer.index import index_records  # noqa: E402
from indexer.search import SearchEngine, SearchRequest, matching, results  # noqa: E402
from indexer.search.query import parse_query  # noqa: E402
from indexer.search.suggest import helpful_suggestion, query_docs  # noqa: E402
from indexer.text.analysis import accented_text  # noqa: E402
from indexer.text.normalize import fold_diacritics, has_diacritics  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def queries_from_titles(records: list, count: int, rng: random.Random) -> list[tuple[str, str]]:
    """(typed, meant) pairs: a folded run of title words, and the run as written."""
    out = []
    for record in rng.sample(records, min(len(records), count)):
        words = re.findall(r"[^\W\d_]+", record.title)
        if len(words) < 3:
            continue
        size = rng.randrange(2, 5)
        start = rng.randrange(0, max(1, len(words) - size + 1))
        meant = " ".join(words[start : start + size])
        if has_diacritics(meant):
            out.append((fold_diacritics(meant), meant))
    return out


def with_typo(typed: str, rng: random.Random) -> str:
    """One letter of the longest word doubled ("bien" -> "bienn")."""
    words = typed.split()
    at = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[at]
    spot = rng.randrange(1, len(word) + 1)
    words[at] = word[:spot] + word[spot - 1] + word[spot:]
    return " ".join(words)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--realdata", type=Path, default=ROOT.parent / "shared" / "realdata")
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--index", type=Path, help="reuse (or build once into) this folder")
    args = parser.parse_args()
    sources = [ROOT / "corpus" / "sites"]
    if args.realdata.exists():
        sources += [args.realdata / "html", args.realdata / "text"]
    records = [r for r in parse_paths(sources) if not isinstance(r, ParseFailure)]
    rng = random.Random(11)
    pairs = queries_from_titles(records, args.queries, rng)
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.index or Path(scratch)
        if not folder.exists() or not any(folder.iterdir()):
            index_records(folder, records)
        engine = SearchEngine(folder)
        for kind, typed_of in (
            ("no accents", lambda t: t),
            ("a typo", lambda t: with_typo(t, rng)),
        ):
            tally = {
                k: 0 for k in ("raw", "raw_right", "offered", "offered_right", "withheld_wrong")
            }
            tally["withheld_right"] = 0
            spent = 0.0
            for plain, meant in pairs:
                typed = typed_of(plain)
                snapshot = engine.snapshot
                raw = results.suggestion(snapshot, parse_query(typed), typed)
                started = time.perf_counter()
                docs_of = query_docs(
                    lambda n, s=snapshot: matching.node_docs(s, n), engine.columns.all_docs
                )
                offered = helpful_suggestion(typed, raw, docs_of, engine.columns.text)
                spent += time.perf_counter() - started
                assert offered == engine.search(SearchRequest(q=typed)).suggestion
                right = raw is not None and accented_text(raw) == accented_text(meant)
                tally["raw"] += raw is not None
                tally["raw_right"] += right
                tally["offered"] += offered is not None
                tally["offered_right"] += offered is not None and right
                tally["withheld_wrong"] += raw is not None and offered is None and not right
                tally["withheld_right"] += raw is not None and offered is None and right
            n = len(pairs)
            print(f"{kind}: {n} queries from titles ({len(records)} articles)")
            print(
                f"  raw suggestion: {tally['raw']}, of which the title's form: {tally['raw_right']}"
            )
            print(
                f"  offered: {tally['offered']}, of which the title's form: {tally['offered_right']}"
            )
            print(
                f"  withheld: {tally['withheld_wrong']} not the title's form, "
                f"{tally['withheld_right']} the title's form"
            )
            print(f"  deciding: {1000 * spent / max(1, n):.2f} ms a query (mean)")
        engine.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
