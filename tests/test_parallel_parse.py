"""A folder parsed by worker processes gives what one process gives, in the same order."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import indexer.extract.parallel as parallel
import indexer.extract.parse as parse
from indexer.extract.parse import ParseFailure, Unchanged, parse_paths
from indexer.index import index_files

ROOT = Path(__file__).resolve().parent.parent
SHARED = """<!doctype html><html><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:url" content="https://tinhuy.example.vn/tin/mau.html"></head>
<body><h1>{title}</h1><p>Ngày 0{n}/3/2021, Ban Thường vụ Tỉnh ủy họp bàn công tác xây dựng
Đảng lần {n}. Hội nghị thống nhất các nội dung trọng tâm của quý, giao các cơ quan tham mưu
triển khai thực hiện, bảo đảm tiến độ và chất lượng đề ra.</p></body></html>"""


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """The bundled sites, two pages declaring one address (a template's), a broken file."""
    folder = tmp_path / "luu-tru"
    shutil.copytree(ROOT / "corpus" / "sites", folder)
    for n in (1, 2):
        page = SHARED.format(title=f"Hội nghị Ban Thường vụ lần {n}", n=n)
        (folder / f"mau-{n}.html").write_text(page, encoding="utf-8")
    (folder / "hong.html").write_bytes(bytes(range(32)) * 200)
    return folder


@pytest.fixture
def in_this_process(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files parsed in this process (the workers' own modules are not patched)."""
    calls: list[Path] = []
    real = parse.parse_file

    def counted(path, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        calls.append(Path(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(parse, "parse_file", counted)
    return calls


def force_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "PARALLEL_PARSE_FILES", 1)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)


def outcome(items: list) -> list:
    return [
        item.to_dict() if hasattr(item, "to_dict") else (type(item).__name__, vars(item))
        for item in items
    ]


def test_workers_give_the_records_one_process_gives_in_order(
    archive: Path, monkeypatch: pytest.MonkeyPatch, in_this_process: list[Path]
) -> None:
    alone = list(parse_paths([archive]))
    parsed_alone = len(in_this_process)
    in_this_process.clear()
    force_workers(monkeypatch)
    pooled = list(parse_paths([archive]))
    assert outcome(pooled) == outcome(alone)
    assert parsed_alone == len(alone) > 250
    # Only a page looked at beyond the window to judge a shared address is parsed here.
    assert len(in_this_process) <= 2
    failures = [item for item in pooled if isinstance(item, ParseFailure)]
    assert [Path(f.path).name for f in failures] == ["hong.html"]
    shared = [r for r in pooled if not isinstance(r, ParseFailure) and "mau-" in r.path]
    assert len(shared) == 2 and all(r.url is None for r in shared)


def test_a_folder_indexed_again_by_workers_reads_only_what_changed(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    force_workers(monkeypatch)
    index = tmp_path / "index"
    first = index_files(index, [archive])
    assert first.added > 250 and [Path(p).name for p, _ in first.failed] == ["hong.html"]
    changed = archive / "mau-1.html"
    changed.write_text(SHARED.format(title="Hội nghị lần mới", n=3), encoding="utf-8")
    touched = archive / "mau-2.html"
    os.utime(touched, (1_600_000_000, 1_600_000_000))  # same bytes, another time
    again = index_files(index, [archive])
    assert (again.added, again.updated) == (0, 1)
    assert again.unchanged == first.added - 1
    items = list(parse_paths([archive], ledger=parse.Ledger(index), indexed=lambda _: True))
    seen = [i for i in items if not isinstance(i, Unchanged)]
    assert [Path(f.path).name for f in seen] == ["hong.html"]  # the broken file, read again
