"""The bundled corpus: the generator is deterministic and the parser reads it right."""

import json
import subprocess
import sys

from indexer.extract.parse import parse_file
from indexer.text.normalize import normalize_text


def load_truth(corpus_dir):
    return [
        json.loads(line)
        for line in (corpus_dir / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    ]


def test_corpus_is_large_and_varied(corpus_dir):
    truth = load_truth(corpus_dir)
    assert len(truth) >= 200
    assert len({row["site"] for row in truth}) >= 3
    years = {row["published"][:4] for row in truth}
    assert min(years) <= "2011" and max(years) >= "2024"
    assert sum(1 for row in truth if row["source_url"]) >= 10


def test_generator_is_deterministic(corpus_dir, tmp_path):
    code = (
        f"import sys, json; sys.path.insert(0, {str(corpus_dir)!r}); import generate as g; "
        "print(json.dumps([[a.key, a.title, a.published.isoformat(), a.codes] for a in g.build()], ensure_ascii=False))"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        for _ in range(2)
    ]
    assert runs[0] == runs[1]
    keys = [row[0] for row in json.loads(runs[0])]
    assert [row["path"].rsplit("/", 1)[-1][:-5] for row in load_truth(corpus_dir)] == keys


def test_parser_matches_ground_truth(corpus_dir):
    truth = load_truth(corpus_dir)
    counts = dict.fromkeys(["title", "published", "author", "source", "start", "end"], 0)
    tp = fp = fn = ptp = pfp = pfn = 0
    for row in truth:
        record = parse_file(corpus_dir.parent / row["path"])
        counts["title"] += record.title == normalize_text(row["title"])
        counts["published"] += (record.published and record.published.isoformat()) == row[
            "published"
        ]
        counts["author"] += record.author == row["author"]
        counts["source"] += record.source_url == row["source_url"]
        body = " ".join(record.body)
        counts["start"] += body.startswith(normalize_text(row["body_first"]))
        counts["end"] += body.endswith(normalize_text(row["body_last"]))
        got, want = {c.code for c in record.codes}, set(row["codes"])
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
        got, want = {p.name for p in record.persons}, set(row["persons"])
        ptp, pfp, pfn = ptp + len(got & want), pfp + len(got - want), pfn + len(want - got)
    total = len(truth)
    assert {k: v / total for k, v in counts.items()} == dict.fromkeys(counts, 1.0)
    assert (fp, fn) == (0, 0) and tp > 500
    assert (pfp, pfn) == (0, 0) and ptp > 500
