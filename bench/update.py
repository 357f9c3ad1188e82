"""What an update costs: the nightly run (new and changed articles added to a built index,
until they are searchable) and a folder indexed again.

    python bench/update.py --size 100000 [--new 1000 --changed 200] [--out bench/out]
    python bench/update.py --folder --size 30000 [--new 500 --changed 100]

Nightly: the synthetic archive of bench/search.py is built (or reused from `--out`), then
`--new` articles the index has not seen and `--changed` changed versions of indexed ones
are written in one run, as a crawl's indexing does; the time runs until a new search
engine opened on the index finds them (commit, columns, opening). The index is copied
first, so the built one stays as it was.

Folder: the archive is written as HTML files, indexed, then indexed again unchanged, and
again after `--new` files are added and `--changed` edited: each run against the first.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from search import Archive  # noqa: E402

from indexer.index import index_files, index_records  # noqa: E402
from indexer.search import SearchEngine, SearchRequest  # noqa: E402


def _changed(record, n: int):  # noqa: ANN001, ANN202
    """A new version of an indexed article: a word added to its title and body."""
    marker = f"cập nhật lần {n}"
    return replace(record, title=f"{record.title} {marker}", body=[*record.body, marker])


def nightly(size: int, new: int, changed: int, out: Path) -> dict:
    archive = Archive(size + new)
    built = out / f"vankien-{size}"
    records = list(archive.records())
    if not (built / "vankien.json").exists():
        started = time.perf_counter()
        index_records(built, iter(records[:size]), expected=size)
        print(f"built {size} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    with tempfile.TemporaryDirectory(dir=out) as temp:
        index = Path(temp) / "index"
        shutil.copytree(built, index)
        batch = records[size:] + [_changed(r, n) for n, r in enumerate(records[:changed])]
        started = time.perf_counter()
        summary = index_records(index, iter(batch), expected=len(batch))  # as a crawl does
        written = time.perf_counter() - started
        engine = SearchEngine(index)
        try:
            probe = f'"{batch[-1].title}"'
            found = engine.search(SearchRequest(q=probe)).total
        finally:
            engine.close()
        searchable = time.perf_counter() - started
    return {
        "size": size,
        "new": new,
        "changed": changed,
        "summary": summary.to_dict(),
        "written_s": round(written, 2),
        "searchable_s": round(searchable, 2),
        "changed_found": found >= 1,
    }


def _page(record) -> str:  # noqa: ANN001
    body = "".join(f"<p>{p}</p>" for p in record.body)
    day = record.published.strftime("%d/%m/%Y") if record.published else ""
    return (
        f"<html><head><meta charset='utf-8'><title>{record.title}</title></head><body>"
        f"<article><h1>{record.title}</h1><p class='date'>Ngày đăng: {day}</p>{body}"
        "</article></body></html>"
    )


def folder(size: int, new: int, changed: int, out: Path) -> dict:
    records = list(Archive(size + new).records())
    with tempfile.TemporaryDirectory(dir=out) as temp:
        site = Path(temp) / "site"
        site.mkdir()
        for n, record in enumerate(records[:size]):
            (site / f"bai-{n}.html").write_text(_page(record), encoding="utf-8")
        index = Path(temp) / "index"
        runs = {}
        for name, prepare in (
            ("first", lambda: None),
            ("unchanged", lambda: None),
            ("updated", lambda: _edit(site, records, size, new, changed)),
        ):
            prepare()
            started = time.perf_counter()
            summary = index_files(index, [site], expected=size)
            runs[name] = {"seconds": round(time.perf_counter() - started, 2)} | summary.to_dict()
            runs[name].pop("failed")
            print(name, json.dumps(runs[name]), file=sys.stderr)
        engine = SearchEngine(index)
        try:
            live = len(engine.columns.docs)
            # Each changed article is found by the words it gained, and only it.
            found = [
                engine.search(SearchRequest(q=f'"cập nhật lần {n}"')).total for n in range(changed)
            ]
        finally:
            engine.close()
    first = runs["first"]["seconds"]
    return {
        "size": size,
        "count_right": live == size + new,
        "changed_found": found == [1] * changed,
        "runs": runs,
        "unchanged_share": round(runs["unchanged"]["seconds"] / first, 4),
        "updated_share": round(runs["updated"]["seconds"] / first, 4),
    }


def _edit(site: Path, records: list, size: int, new: int, changed: int) -> None:
    for n in range(size, size + new):
        (site / f"bai-{n}.html").write_text(_page(records[n]), encoding="utf-8")
    for n in range(changed):
        (site / f"bai-{n}.html").write_text(_page(_changed(records[n], n)), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument("--new", type=int, default=1000)
    parser.add_argument("--changed", type=int, default=200)
    parser.add_argument("--folder", action="store_true", help="the folder scenario")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "out")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    run = folder if args.folder else nightly
    print(
        json.dumps(run(args.size, args.new, args.changed, args.out), ensure_ascii=False, indent=1)
    )


if __name__ == "__main__":
    main()
