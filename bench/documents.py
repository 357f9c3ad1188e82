"""Attached documents against hand labels: headers read, phrases found, and the PDF readers.

    python bench/documents.py [--files ../shared/realdata/files] [--labels bench/labels/files.jsonl]
    python bench/documents.py --readers

Default: every labelled file is read as `vankien index` reads it (OCR results are cached
in VANKIEN_OCR_CACHE, so a second run is quick), then indexed into a new index. Reported
per kind of file (text PDF, scan, DOCX, DOC):
- the header read: code, date of issue, signer, against the labels (of the files whose
  label has a value; a value we give that differs from the label counts as wrong, a value
  we leave empty counts as missed);
- each labelled phrase searched as typed and without its diacritics: is the file among the
  first 5 hits? (the issue's target: 0.95 of text files, 0.85 of scans).

--readers compares pypdfium2, pdfminer.six and pypdf on the text PDFs: CPU time and the
share of the words of the labelled phrases each one's text holds (`pip install -e .[bench]`).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indexer.documents.read import read_document  # noqa: E402
from indexer.documents.records import document_record  # noqa: E402
from indexer.extract.parse import parse_paths  # noqa: E402
from indexer.index import index_records  # noqa: E402
from indexer.search import SearchRequest, search  # noqa: E402
from indexer.text.normalize import fold_diacritics  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TOP = 5


def load_labels(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def code_key(code: str | None) -> str | None:
    """A code compared loosely: folded, upper case, "-" and "/" alike, no spaces."""
    if not code:
        return None
    return fold_diacritics(code).upper().replace(" ", "").replace("-", "/")


def name_key(name: str | None) -> str | None:
    return " ".join(name.split()).casefold() if name else None


def score(got: object, want: object) -> str:
    """ "right", "wrong" or "missed" (only asked when the label has a value)."""
    if got is None:
        return "missed"
    return "right" if got == want else "wrong"


def headers(labels: list[dict], files: Path) -> dict:
    """Per kind and field: right / wrong / missed among the labels that have a value."""
    table: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    rows = []
    for label in labels:
        data = (files / label["file"]).read_bytes()
        started = time.perf_counter()
        text = read_document(data)
        record = document_record(text, label["file"], None, len(data), label["file"])
        seconds = time.perf_counter() - started
        got = {
            "code": code_key(record.document.own_code),
            "date": record.published.isoformat() if record.published else None,
            "signer": name_key(record.document.signer),
        }
        want = {
            "code": code_key(label.get("code")),
            "date": label.get("date"),
            "signer": name_key(label.get("signer")),
        }
        verdicts = {}
        for field, value in want.items():
            if value is None:
                if got[field] is not None:
                    table[label["kind"]][field]["given where none"] += 1
                continue
            verdicts[field] = score(got[field], value)
            table[label["kind"]][field][verdicts[field]] += 1
        rows.append({"file": label["file"], "seconds": round(seconds, 2), "got": got, "want": want})
    return {"by_kind": _plain(table), "files": rows}


def phrases(labels: list[dict], files: Path) -> dict:
    """Each phrase, typed with and without diacritics: is its file in the first 5 hits?"""
    with tempfile.TemporaryDirectory() as temp:
        index = Path(temp) / "index"
        summary = index_records(index, parse_paths([files]))
        found: dict = defaultdict(lambda: defaultdict(int))
        misses = []
        top = files.resolve().name
        for label in labels:
            wanted = f"{top}/{label['file']}"
            for phrase in label.get("phrases") or []:
                for form, query in (("accented", phrase), ("folded", fold_diacritics(phrase))):
                    hits = search(SearchRequest(q=query, per_page=TOP), index).hits
                    ok = any(hit.id == wanted for hit in hits)
                    found[label["kind"]][f"{form} found"] += ok
                    found[label["kind"]][f"{form} asked"] += 1
                    if not ok:
                        misses.append({"file": label["file"], "query": query})
    rates = {
        kind: {
            form: round(counts[f"{form} found"] / max(1, counts[f"{form} asked"]), 3)
            for form in ("accented", "folded")
        }
        | {"phrases": counts["accented asked"]}
        for kind, counts in found.items()
    }
    return {
        "indexed": summary.to_dict() | {"failed": summary.failed},
        "rates": rates,
        "misses": misses,
    }


def readers(labels: list[dict], files: Path) -> dict:
    """The three PDF readers on the text PDFs: CPU seconds, and phrase words found."""
    import pypdf
    import pypdfium2 as pdfium
    from pdfminer.high_level import extract_text

    def with_pdfium(path: Path) -> str:
        pdf = pdfium.PdfDocument(path)
        try:
            return "\n".join(pdf[i].get_textpage().get_text_bounded() for i in range(len(pdf)))
        finally:
            pdf.close()

    def with_pypdf(path: Path) -> str:
        return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)

    texts = [label for label in labels if label["kind"] == "text-pdf"]
    out = {}
    for name, read in (
        ("pypdfium2", with_pdfium),
        ("pdfminer.six", extract_text),
        ("pypdf", with_pypdf),
    ):
        started = time.process_time()
        words = found = 0
        for label in texts:
            text = " ".join(read(files / label["file"]).split())
            for phrase in label.get("phrases") or []:
                words += 1
                found += " ".join(phrase.split()) in text
        out[name] = {
            "cpu_seconds": round(time.process_time() - started, 2),
            "phrases_found": f"{found}/{words}",
        }
    return out


def _plain(table: dict) -> dict:
    return {k: _plain(v) if isinstance(v, dict) else v for k, v in table.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", default=str(ROOT.parent / "shared" / "realdata" / "files"))
    parser.add_argument("--labels", default=str(ROOT / "bench" / "labels" / "files.jsonl"))
    parser.add_argument("--readers", action="store_true", help="compare the PDF readers")
    parser.add_argument("--json", help="write the report here")
    args = parser.parse_args()
    files, labels = Path(args.files), load_labels(Path(args.labels))
    if args.readers:
        report = readers(labels, files)
    else:
        report = {"headers": headers(labels, files), "search": phrases(labels, files)}
    text = json.dumps(report, ensure_ascii=False, indent=1)
    print(text)
    if args.json:
        Path(args.json).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
