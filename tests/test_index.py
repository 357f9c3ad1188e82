"""Index building: transactions, locking, crash safety, schema upgrades, the CLI."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from whoosh import index as whoosh_index

from indexer.index import IndexLockedError, index_records
from indexer.search import SearchEngine, SearchRequest
from indexer.store.whoosh import schema
from indexer.store.whoosh import store as whoosh_store
from indexer.store.whoosh.store import INDEX_NAME
from tests.fixtures import ARTICLES

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def total(path) -> int:
    engine = SearchEngine(path)
    try:
        return engine.search(SearchRequest()).total
    finally:
        engine.close()


def test_a_second_writer_is_refused_clearly(tmp_path):
    index_records(tmp_path, ARTICLES[:1])
    ix = whoosh_index.open_dir(str(tmp_path), indexname=INDEX_NAME)
    writer = ix.writer()
    try:
        with pytest.raises(IndexLockedError, match="một tiến trình vankien khác đang ghi"):
            index_records(tmp_path, ARTICLES[1:2])
    finally:
        writer.cancel()
        ix.close()
    assert index_records(tmp_path, ARTICLES[1:2]).added == 1


def test_an_interrupted_build_leaves_the_previous_index(tmp_path):
    index_records(tmp_path, ARTICLES[:2])

    def interrupted():
        yield from ARTICLES[2:4]
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        index_records(tmp_path, interrupted())
    assert total(tmp_path) == 2
    assert index_records(tmp_path, ARTICLES[2:4]).added == 2  # and the lock was released


def test_a_killed_build_leaves_the_previous_index(tmp_path):
    index_records(tmp_path, ARTICLES[:2])
    script = textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {ROOT!r})
        from indexer.index import index_records
        from tests.fixtures import ARTICLES
        def slow():
            for record in ARTICLES[2:]:
                yield record
                print("added", flush=True)
            time.sleep(60)
        index_records({str(tmp_path)!r}, slow())
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    for _ in range(len(ARTICLES) - 2):
        assert proc.stdout.readline().strip() == "added"
    time.sleep(0.2)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    assert total(tmp_path) == 2
    assert index_records(tmp_path, ARTICLES[2:]).added == len(ARTICLES) - 2


def test_a_schema_change_rebuilds_from_the_stored_records(tmp_path, monkeypatch):
    index_records(tmp_path, ARTICLES)
    monkeypatch.setattr(schema, "SCHEMA_VERSION", schema.SCHEMA_VERSION + 1)
    monkeypatch.setattr(whoosh_store, "SCHEMA_VERSION", schema.SCHEMA_VERSION)
    summary = index_records(tmp_path, [])
    assert summary.added == len(ARTICLES)

    assert total(tmp_path) == 5


def test_cli_index_and_search_json(tmp_path):
    corpus = os.path.join(ROOT, "corpus", "sites", "bantuyengiao")
    env = {**os.environ, "PYTHONPATH": ROOT}
    run = subprocess.run(
        [sys.executable, "-m", "indexer.cli", "index", corpus, "--index", str(tmp_path), "--json"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    summary = json.loads(run.stdout)
    assert summary["added"] > 50 and summary["failed"] == []
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "indexer.cli",
            "search",
            "nghi quyet 29",
            "--index",
            str(tmp_path),
            "--json",
            "--limit",
            "3",
            "--year",
            "2017",
        ],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    response = json.loads(run.stdout)
    assert set(response) >= {"total", "hits", "facets", "suggestion"}
    assert set(response["hits"][0]) >= {
        "id",
        "title",
        "url",
        "source_url",
        "published",
        "snippet",
        "persons",
        "codes",
    }
    assert all(hit["published"].startswith("2017") for hit in response["hits"])
    assert set(response["facets"]["year"][0]) == {"value", "count", "selected"}
    missing = subprocess.run(
        [sys.executable, "-m", "indexer.cli", "search", "x", "--index", str(tmp_path / "nope")],
        capture_output=True,
        text=True,
        env=env,
    )
    assert (
        missing.returncode == 2
        and "chưa có chỉ mục" in missing.stderr
        and "Traceback" not in missing.stderr
    )


def test_the_columns_key_names_the_readers_own_snapshot(tmp_path):
    from indexer.store.whoosh.source import generation_key
    from indexer.store.whoosh.store import open_index

    index_records(tmp_path, ARTICLES[:2])
    older, newer = open_index(tmp_path), None
    try:
        with older.searcher() as searcher:
            key = generation_key(searcher.reader())
            assert key.endswith("-2")
            index_records(tmp_path, ARTICLES[2:4])  # committed after the reader opened
            assert generation_key(searcher.reader()) == key
            newer = open_index(tmp_path)
            with newer.searcher() as latest:
                assert generation_key(latest.reader()) != key
                assert generation_key(latest.reader()).endswith("-4")
    finally:
        older.close()
        if newer is not None:
            newer.close()


def test_opening_retries_when_a_commit_replaces_the_table_of_contents(tmp_path, monkeypatch):
    from indexer.store.whoosh import store as index_module

    index_records(tmp_path, ARTICLES[:1])
    real_open_dir, calls = index_module.whoosh_index.open_dir, []

    def racing_open_dir(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise FileNotFoundError(2, "No such file or directory", "_MAIN_1.toc")
        return real_open_dir(*args, **kwargs)

    monkeypatch.setattr(index_module.whoosh_index, "open_dir", racing_open_dir)
    index_module.open_index(tmp_path).close()
    assert len(calls) > 1  # refused once, then opened
