"""An index with no committed article is empty, and a damaged one is reported, never a traceback."""

from __future__ import annotations

import gc
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request

import pytest

from indexer import messages
from indexer.index import IndexUnreadableError, index_records
from indexer.search import SearchEngine, SearchRequest
from tests.conftest import ROOT, running_server
from tests.fixtures import ARTICLES, cli
from webui.app import create_app
from webui.settings import Settings


def killed_first_build(path) -> None:
    """Start a first build in another process and kill -9 it before it commits."""
    script = textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from indexer.index import index_records
        from tests.fixtures import ARTICLES
        def slow():
            yield ARTICLES[0]
            print("started", flush=True)
            time.sleep(60)
        index_records({str(path)!r}, slow())
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "started"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()


def test_search_after_a_killed_first_build_finds_nothing_without_a_traceback(tmp_path):
    killed_first_build(tmp_path)
    result = cli("search", "", "--index", str(tmp_path), "--json")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert json.loads(result.stdout)["total"] == 0
    words = cli("search", "đảng", "--index", str(tmp_path))
    assert words.returncode == 0 and words.stdout.startswith("0 kết quả")
    # The next build finishes the job as if nothing had happened.
    assert index_records(tmp_path, ARTICLES).added == len(ARTICLES)


def test_an_interrupted_first_build_is_an_empty_index(tmp_path):
    def interrupted():
        yield ARTICLES[0]
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        index_records(tmp_path, interrupted())
    engine = SearchEngine(tmp_path)
    try:
        assert engine.is_empty
        assert engine.search(SearchRequest(q="hòa giải")).total == 0
    finally:
        engine.close()


def test_the_server_answers_503_in_vietnamese_until_the_first_commit(tmp_path):
    def interrupted():
        yield ARTICLES[0]
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        index_records(tmp_path, interrupted())
    client = create_app(Settings(index_dir=tmp_path)).test_client()
    response = client.get("/search.json?q=")
    assert response.status_code == 503
    assert response.get_json()["error"]["message"] == messages.EMPTY_INDEX
    assert int(response.headers["Retry-After"]) > 0  # clients are told to come back
    assert client.get("/search?q=a").status_code == 503
    index_records(tmp_path, ARTICLES)
    time.sleep(1.1)  # the app looks for a newer index once a second
    assert client.get("/search.json?q=").get_json()["total"] > 0


def damage(path, how: str) -> None:
    for cached in [*path.glob("columns-*"), *path.glob("text-*")]:
        cached.unlink()
    if how == "truncated table of contents":
        toc = next(path.glob("_MAIN_*.toc"))
        toc.write_bytes(toc.read_bytes()[:100])
    elif how == "segments not copied yet":
        for segment in path.glob("MAIN_*"):
            if segment.name != "MAIN_WRITELOCK":
                segment.unlink()
    elif how == "truncated segment files":
        for segment in [*path.glob("*.pst"), *path.glob("*.trm")]:
            segment.write_bytes(segment.read_bytes()[:1000])


DAMAGES = ["truncated table of contents", "segments not copied yet", "truncated segment files"]


# Whoosh leaves the damaged file open on its own error path (its reader is not closed
# when unpickling or reading a block fails): that warning is Whoosh's, not ours.
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("how", DAMAGES)
def test_a_damaged_index_is_named_as_such(tmp_path, how):
    index_records(tmp_path, ARTICLES)
    damage(tmp_path, how)
    with pytest.raises(IndexUnreadableError, match="không đọc được chỉ mục"):
        SearchEngine(tmp_path)
    result = cli("search", "hòa", "--index", str(tmp_path))
    assert result.returncode == 2
    assert "không đọc được chỉ mục" in result.stderr and "Traceback" not in result.stderr
    gc.collect()  # Whoosh's leaked file is reported here, under this test's filter


def test_the_server_started_on_a_half_copied_index_stays_up_and_says_why(tmp_path):
    index = tmp_path / "index"
    index_records(index, ARTICLES)
    good = tmp_path / "good"
    shutil.copytree(index, good)
    damage(index, "segments not copied yet")
    with running_server(index, "--workers", "1") as base:
        for _ in range(3):  # every request answers; the server does not die and restart
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(base + "/search.json?q=a", timeout=30)
            assert refused.value.code == 503
            message = json.loads(refused.value.read())["error"]["message"]
            assert "không đọc được chỉ mục" in message
        # Once the copy is complete, the same server searches it.
        shutil.rmtree(index)
        shutil.copytree(good, index)
        with urllib.request.urlopen(base + "/search.json?q=", timeout=30) as answer:
            assert json.loads(answer.read())["total"] > 0
