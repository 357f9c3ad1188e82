"""Indexing a folder again costs what changed: an unchanged file is not read, a touched
file with the same bytes is not parsed (issue 21, item 2)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from indexer import ledger as ledger_module
from indexer.extract import parse as parse_module
from indexer.index import index_files
from indexer.search import SearchEngine, SearchRequest
from tests.conftest import ROOT

SITE = ROOT / "corpus" / "sites" / "bantuyengiao"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "bantuyengiao"
    shutil.copytree(SITE, copy)
    return copy


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many files were read and parsed."""
    calls = {"read": 0, "parse": 0}
    read, parse = parse_module.read_file, parse_module.parse_file

    def counting_read(path: Path) -> bytes:
        calls["read"] += 1
        return read(path)

    def counting_parse(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        calls["parse"] += 1
        return parse(*args, **kwargs)

    monkeypatch.setattr(parse_module, "read_file", counting_read)
    monkeypatch.setattr(parse_module, "parse_file", counting_parse)
    return calls


def test_an_unchanged_folder_is_not_read_again(folder: Path, tmp_path: Path, counted) -> None:
    first = index_files(tmp_path / "index", [folder])
    files = first.added
    assert files > 10 and counted["parse"] == files
    counted.update(read=0, parse=0)
    again = index_files(tmp_path / "index", [folder])
    assert again.unchanged == files and again.added == again.updated == 0
    assert counted == {"read": 0, "parse": 0}


def test_a_touched_file_is_hashed_not_parsed_and_a_changed_one_is_parsed(
    folder: Path, tmp_path: Path, counted
) -> None:
    index_files(tmp_path / "index", [folder])
    pages = sorted(folder.glob("*.html"))
    os.utime(pages[0], ns=(1, 1))  # same bytes, another time
    changed = pages[1].read_text(encoding="utf-8").replace("</p>", " Lời kết mới.</p>", 1)
    pages[1].write_text(changed, encoding="utf-8")
    counted.update(read=0, parse=0)
    summary = index_files(tmp_path / "index", [folder])
    assert summary.updated == 1 and counted["parse"] == 1
    engine = SearchEngine(tmp_path / "index")
    try:
        assert engine.search(SearchRequest(q='"Lời kết mới"')).total == 1
    finally:
        engine.close()


def test_a_file_whose_record_left_the_index_is_read_again(folder: Path, tmp_path: Path) -> None:
    index_files(tmp_path / "index", [folder])
    other = tmp_path / "other-index"
    shutil.copytree(tmp_path / "index", other)
    for part in other.glob("MAIN*"):  # the index files gone, the ledger left behind
        part.unlink()
    for part in other.glob("_MAIN*"):
        part.unlink()
    summary = index_files(other, [folder])
    assert summary.added > 10


def test_another_version_of_the_parser_reads_every_file_again(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, counted
) -> None:
    index_files(tmp_path / "index", [folder])
    monkeypatch.setattr(ledger_module, "parser_fingerprint", lambda: "another-version")
    counted.update(read=0, parse=0)
    summary = index_files(tmp_path / "index", [folder])
    assert counted["parse"] == summary.unchanged > 10  # parsed, found equal, not rewritten


def test_an_interrupted_long_build_resumes_after_its_last_checkpoint(
    folder: Path, tmp_path: Path, counted, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first build commits every CHECKPOINT_RECORDS written records: killed midway, it
    keeps those, and the next run neither reads nor writes them again (issue 21, item 4)."""
    from indexer import index as index_module

    monkeypatch.setattr(index_module, "CHECKPOINT_RECORDS", 10)
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    parse = parse_module.parse_file
    calls = {"n": 0}

    def failing_parse(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        calls["n"] += 1
        if calls["n"] == 25:
            raise KeyboardInterrupt  # the run stops while its third part is open
        return parse(*args, **kwargs)

    monkeypatch.setattr(parse_module, "parse_file", failing_parse)
    with pytest.raises(KeyboardInterrupt):
        index_files(tmp_path / "index", [folder])
    engine = SearchEngine(tmp_path / "index")
    kept = engine.search(SearchRequest()).total
    engine.close()
    assert kept == 20  # two committed parts; the third was cancelled

    monkeypatch.setattr(parse_module, "parse_file", parse)
    counted.update(read=0, parse=0)
    resumed = index_files(tmp_path / "index", [folder])
    assert resumed.unchanged == 20 and resumed.updated == 0
    assert counted["parse"] == resumed.added + len(resumed.skipped) + len(resumed.failed)
    assert counted["parse"] < len(files) - 19
    engine = SearchEngine(tmp_path / "index")
    assert engine.search(SearchRequest()).total == 20 + resumed.added
    engine.close()
