"""Crash safety and concurrency: kill -9 the indexer at random moments; search during a
rebuild; the web server keeps answering while the index is rebuilt and swapped."""

from __future__ import annotations

import json
import os
import pickle
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from indexer.extract.parse import ParseFailure, parse_paths
from indexer.index import index_records
from indexer.search import SearchEngine, SearchRequest
from indexer.store.whoosh import store as whoosh_store
from tests.conftest import running_server

ROOT = Path(__file__).resolve().parent.parent
KILLS = int(os.environ.get("VANKIEN_CRASH_KILLS", "20"))

WRITER = """
import pickle, sys
sys.path.insert(0, {root!r})
from indexer.index import index_records
records = pickle.load(open({records!r}, "rb"))
print("start", flush=True)
index_records({index!r}, records)
print("done", flush=True)
"""


@pytest.fixture(scope="module")
def corpus_records():
    return [r for r in parse_paths([ROOT / "corpus" / "sites"]) if not isinstance(r, ParseFailure)]


def total(path: Path) -> int:
    engine = SearchEngine(path)
    try:
        return engine.search(SearchRequest()).total
    finally:
        engine.close()


def documents(path: Path) -> int:
    engine = SearchEngine(path)
    try:
        engine.search(SearchRequest(q="dang"))  # it answers, too
        return len(engine.columns.docs)
    finally:
        engine.close()


def start_writer(tmp_path: Path, index: Path, batch: list, name: str) -> subprocess.Popen:
    path = tmp_path / f"{name}.pickle"
    path.write_bytes(pickle.dumps(batch))
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER.format(root=str(ROOT), records=str(path), index=str(index))],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "start"
    return proc


def test_killed_indexer_leaves_previous_or_new_state(tmp_path, corpus_records):
    index = tmp_path / "index"
    index_records(index, corpus_records[:30])
    # How long one batch takes on this machine: the kills land anywhere within it.
    proc = start_writer(tmp_path, index, corpus_records[30:40], "timing")
    started = time.monotonic()
    proc.wait()
    proc.stdout.close()
    duration = time.monotonic() - started
    rng = random.Random(11)
    killed = 0
    size = 40
    for attempt in range(KILLS):
        batch = corpus_records[size : size + 15]
        if not batch:
            break
        before = documents(index)
        proc = start_writer(tmp_path, index, batch, f"batch-{attempt}")
        time.sleep(rng.uniform(0.0, duration))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            killed += 1
        proc.wait()
        proc.stdout.close()
        after = documents(index)  # the index always opens and answers
        assert after in (before, before + len(batch)), (attempt, before, after)
        if after > before:
            size += 15  # the batch landed whole; the next attempt writes new articles
    assert killed >= 10, "the writer finished too fast for the kills to land"
    summary = index_records(
        index, corpus_records[size : size + 5]
    )  # the lock died with the process
    assert summary.added == len(corpus_records[size : size + 5])


def test_searches_succeed_while_the_index_is_rebuilt(tmp_path, corpus_records):
    index = tmp_path / "index"
    index_records(index, corpus_records[:100])
    engine = SearchEngine(index)
    errors: list[BaseException] = []
    stop = threading.Event()

    def searching() -> None:
        queries = ["xay dung dang", "29-NQ/TW", "le hong son", "", "hòa giải"]
        while not stop.is_set():
            try:
                engine.refresh_if_changed()
                for q in queries:
                    engine.search(SearchRequest(q=q))
            except BaseException as error:  # noqa: BLE001 - every failure is collected
                errors.append(error)

    thread = threading.Thread(target=searching)
    thread.start()
    try:
        for start in range(100, len(corpus_records), 40):
            index_records(index, corpus_records[start : start + 40])
    finally:
        stop.set()
        thread.join()
    assert errors == []
    engine.refresh_if_changed()
    assert engine.search(SearchRequest()).total == total(index)
    engine.close()


def test_server_keeps_answering_while_the_index_is_swapped(tmp_path, corpus_records):
    index = tmp_path / "index"
    index_records(index, corpus_records[:60])
    with running_server(index, "--workers", "1") as base:
        failures: list[str] = []
        stop = threading.Event()

        def client() -> None:
            while not stop.is_set():
                for url in ("/search.json?q=xay+dung+dang", "/search?q=29-NQ/TW", "/codes.json"):
                    try:
                        with urllib.request.urlopen(base + url, timeout=30) as response:
                            if response.status != 200:
                                failures.append(f"{url}: {response.status}")
                    except Exception as error:  # noqa: BLE001
                        failures.append(f"{url}: {error}")

        threads = [threading.Thread(target=client) for _ in range(3)]
        for thread in threads:
            thread.start()
        for start in range(60, len(corpus_records), 50):
            index_records(index, corpus_records[start : start + 50])
            time.sleep(1.2)  # the server checks for a new index once a second
        stop.set()
        for thread in threads:
            thread.join()
        assert failures == []
        with urllib.request.urlopen(base + "/search.json", timeout=30) as response:
            assert json.load(response)["total"] == total(index)


def test_workers_without_an_index_answer_503_then_pick_the_index_up(tmp_path, corpus_records):
    index = tmp_path / "index"
    index.mkdir()  # there, but empty: every worker fails to open it at start
    with running_server(index) as base:  # started: the workers did not wait for each other
        for _ in range(4):  # whichever worker answers
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(base + "/search.json?q=dang", timeout=30)
            assert refused.value.code == 503
            assert "error" in json.load(refused.value)
        index_records(index, corpus_records[:20])
        deadline = time.monotonic() + 30
        answered = 0
        while answered < 4 and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(base + "/search.json?q=dang", timeout=30) as response:
                    answered += response.status == 200
            except urllib.error.HTTPError:
                time.sleep(0.2)
        assert answered == 4


def test_a_searcher_survives_the_merge_that_deletes_its_segment_files(
    tmp_path, corpus_records, monkeypatch
):
    # Updates append segments until MAX_SEGMENTS, then merge the small ones at the end.
    monkeypatch.setattr(whoosh_store, "MAX_SEGMENTS", 5)
    index = tmp_path / "index"
    for start in range(0, 15, 3):  # five small segments: the next commit merges them
        index_records(index, corpus_records[start : start + 3])
    untouched, reference = SearchEngine(index), SearchEngine(index)
    try:
        expected = reference.search(SearchRequest(q="xây dựng Đảng"))
        files = {p.name for p in index.iterdir()}
        index_records(index, corpus_records[15:18])
        assert any(  # the merge deleted the old segments' files
            name.endswith("_stored.col") for name in files - {p.name for p in index.iterdir()}
        )
        # The first search of this engine reads stored fields and lengths of the old state.
        found = untouched.search(SearchRequest(q="xây dựng Đảng"))
        assert [(h.id, h.score) for h in found.hits] == [(h.id, h.score) for h in expected.hits]
    finally:
        untouched.close()
        reference.close()


def cli_search(index: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "indexer.cli", "search", "", "--index", str(index), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def all_ids(path: Path) -> list[str]:
    engine = SearchEngine(path)
    try:
        return sorted(row["id"] for row in engine.list_documents(SearchRequest(sort="oldest")))
    finally:
        engine.close()


def test_killed_first_builds_search_as_empty_and_a_final_run_equals_a_clean_build(
    tmp_path, corpus_records
):
    # Issue 13: a first build killed before its commit left an index that every search
    # turned into a traceback (columns.generation_key on a generation without segments).
    batch = corpus_records[:40]
    clean = tmp_path / "clean"
    index_records(clean, batch)
    proc = start_writer(tmp_path, tmp_path / "timing", batch, "timing")
    started = time.monotonic()
    proc.wait()
    proc.stdout.close()
    duration = time.monotonic() - started
    rng = random.Random(13)
    killed = 0
    for attempt in range(max(4, KILLS // 3)):
        index = tmp_path / f"first-{attempt}"
        proc = start_writer(tmp_path, index, batch, f"first-{attempt}")
        time.sleep(rng.uniform(0.0, duration))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            killed += 1
        proc.wait()
        proc.stdout.close()
        if not index.exists():
            continue  # killed before the folder was made: 'no index', tested elsewhere
        result = cli_search(index)
        assert "Traceback" not in result.stderr, result.stderr
        if result.returncode == 0:
            assert json.loads(result.stdout)["total"] in (0, len(batch))
        else:  # killed before the first table of contents: there is no index yet
            assert result.returncode == 2 and "chưa có chỉ mục" in result.stderr
        index_records(index, batch)  # the next run finishes the job
        assert all_ids(index) == all_ids(clean)
    assert killed >= 2, "the writer finished too fast for the kills to land"
