"""What the PostgreSQL store promises beyond the search tests it shares with the Whoosh
store: its schema and migrations, one transaction per indexing run, one writer at a
time, states that do not change under a reader, and an unreachable database said in
Vietnamese, without its password, by the command line and by the server (503, then
answers again when the database returns)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from indexer.index import index_files, index_records, record_to_fields
from indexer.search import SearchEngine, SearchRequest
from indexer.store import IndexError_, IndexLockedError, open_store
from indexer.store.errors import IndexUnavailableError
from tests.conftest import ROOT, running_server
from tests.fixtures import ARTICLES, article

psycopg = pytest.importorskip("psycopg")

from indexer.store.postgresql import migrations  # noqa: E402 - after the skip
from indexer.store.postgresql.connection import close_pool  # noqa: E402
from indexer.store.postgresql.store import PostgresStore  # noqa: E402

SECRET = "s3cr3t-pw"


@pytest.fixture
def database(pg_cluster):
    address = pg_cluster.create_database(f"vk_store_{len(pg_cluster.databases)}")
    yield address
    close_pool(address)


def generation_and_count(address: str) -> tuple[int, int]:
    with psycopg.connect(address) as conn:
        generation = conn.execute("SELECT coalesce(max(generation), 0) FROM generations")
        documents = conn.execute("SELECT count(*) FROM documents WHERE deleted IS NULL")
        return generation.fetchone()[0], documents.fetchone()[0]


def test_the_schema_is_migrated_once_and_a_newer_one_is_refused(database):
    index_records(database, ARTICLES[:1])
    with psycopg.connect(database) as conn:
        versions = [r[0] for r in conn.execute("SELECT version FROM schema_version")]
        assert versions == list(range(1, migrations.VERSION + 1))
        assert migrations.migrate(conn) == migrations.VERSION  # again: nothing to do
        assert conn.execute("SELECT count(*) FROM schema_version").fetchone()[0] == len(versions)
        conn.execute("INSERT INTO schema_version (version) VALUES (%s)", (migrations.VERSION + 1,))
    with pytest.raises(IndexError_, match="phiên bản vankien mới hơn"):
        SearchEngine(database)
    with pytest.raises(IndexError_, match="phiên bản vankien mới hơn"):
        index_records(database, ARTICLES[1:2])


def test_an_empty_database_is_no_index_yet(database):
    with pytest.raises(IndexError_, match="chưa có chỉ mục"):
        SearchEngine(database)


def test_a_run_that_dies_leaves_the_previous_state(database):
    index_records(database, ARTICLES[:2])
    before = generation_and_count(database)
    writer = open_store(database).writer()
    for record in ARTICLES[2:]:
        writer.add(record_to_fields(record))
    writer.delete(ARTICLES[0].doc_id)
    writer._flush()  # the rows are loaded (COPY), not committed
    writer.conn.close()  # the process dies: its connection goes, its transaction with it
    assert generation_and_count(database) == before
    again = index_records(database, ARTICLES)  # the next run takes the lock and goes on
    assert (again.added, again.unchanged) == (len(ARTICLES) - 2, 2)
    assert generation_and_count(database) == (before[0] + 1, len(ARTICLES))


def test_one_writer_at_a_time(database, monkeypatch):
    from indexer.store.postgresql import store as store_module

    monkeypatch.setattr(store_module, "LOCK_WAIT_SECONDS", 0.2)
    first = open_store(database).writer()
    try:
        with pytest.raises(IndexLockedError, match="đang ghi"):
            open_store(database).writer()
    finally:
        first.cancel()
        first.close()
    open_store(database).writer().close()  # free again once the first has finished


def test_a_reader_keeps_its_generation_while_a_run_commits(database):
    index_records(database, ARTICLES[:2])
    engine = SearchEngine(database)
    old = engine.snapshot
    changed = article(1, ARTICLES[0].title, "Nội dung mới về hòa giải.", ARTICLES[0].published)
    assert index_records(database, [changed]).updated == 1
    # The old state still reads the old body; the refreshed engine reads the new one.
    doc = old.view.doc_number(ARTICLES[0].doc_id)
    assert "Đảng bộ Sở" in old.view.stored(doc)[1]["body"]
    assert old.view.terms_docs([("body_f", "moi")]) & old.columns.all_docs == 0
    assert engine.refresh_if_changed()
    hits = engine.search(SearchRequest(q="nội dung mới")).hits
    assert [h.id for h in hits] == [ARTICLES[0].doc_id]
    assert engine.search(SearchRequest(q="")).total == 2
    engine.close()


def test_updates_are_idempotent_by_id_and_content(database):
    assert index_records(database, ARTICLES).added == len(ARTICLES)
    state = generation_and_count(database)
    again = index_records(database, list(reversed(ARTICLES)))
    assert (again.added, again.updated, again.unchanged) == (0, 0, len(ARTICLES))
    assert generation_and_count(database) == state  # nothing written: no new generation


def test_other_fields_carry_the_records_into_a_rebuild(database, monkeypatch):
    index_records(database, ARTICLES)
    changed = article(1, ARTICLES[0].title, "Nội dung mới về hòa giải.", ARTICLES[0].published)
    index_records(database, [changed])  # its new number is the last: the rebuild renumbers
    engine = SearchEngine(database)
    before = engine.snapshot
    for doc in before.columns.docs:  # records read (and cached) under the old numbering
        before.view.stored(doc)
    from indexer.store.postgresql import store as store_module

    monkeypatch.setattr(store_module, "fields_signature", lambda: "another-declaration")
    summary = index_records(database, ARTICLES[1:])
    assert summary.added == len(ARTICLES)  # each stored record written again
    assert engine.refresh_if_changed()
    assert engine.search(SearchRequest(q="")).total == 5  # two reposts are one result
    snapshot = engine.snapshot
    ids = snapshot.columns.repost_inputs().ids
    assert len(ids) == len(ARTICLES)
    for doc_id, doc in ids.items():  # no record of the old numbering
        assert snapshot.view.stored(doc)[0] == doc_id
    engine.close()


def test_bm25_ranks_the_exact_accents_of_a_title_first(database):
    index_records(database, ARTICLES)
    view, _ = open_store(database).open_view(None)
    from indexer.store.interface import AnyOf, TermScore

    scoring = AnyOf((TermScore("title", "hòa", boost=1.5), TermScore("title_f", "hoa")))
    top = view.top(scoring, None, 10)
    assert top and top[0][1] > 0
    assert view.stored(top[0][0])[1]["title"].startswith("Đảng ủy phường hòa giải")
    assert view.top(scoring, {top[0][0]}, 10) == top[:1]  # only among the allowed


def _unreachable(port: int) -> str:
    return f"postgresql://vankien:{SECRET}@127.0.0.1:{port}/archive"


def test_an_unreachable_database_is_said_in_vietnamese_without_its_password(tmp_path, monkeypatch):
    from tests.pg_cluster import free_port

    monkeypatch.setenv("VANKIEN_CACHE", str(tmp_path))  # not the user's own cache
    address = _unreachable(free_port())
    with pytest.raises(IndexUnavailableError) as caught:
        SearchEngine(address)
    assert "không kết nối được" in str(caught.value) and SECRET not in str(caught.value)
    for command in (["search", "đảng"], ["index", str(ROOT / "corpus" / "sites")]):
        done = subprocess.run(
            [sys.executable, "-m", "indexer.cli", *command, "--index", address],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            timeout=60,
        )
        assert done.returncode == 2, done.stderr
        assert "không kết nối được cơ sở dữ liệu postgresql://127.0.0.1" in done.stderr
        assert SECRET not in done.stderr + done.stdout
        assert "Traceback" not in done.stderr


def test_vankien_index_reads_the_database_from_the_environment(database):
    done = subprocess.run(
        [sys.executable, "-m", "indexer.cli", "index", str(ROOT / "corpus" / "seed"), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "VANKIEN_INDEX": database},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["added"] == 1
    assert generation_and_count(database) == (1, 1)


def test_a_folder_indexed_again_is_not_parsed_again(database, monkeypatch, tmp_path):
    """The ledger's 'is this record indexed?' is asked of the database's live ids."""
    from indexer.extract import parse as parse_module

    folder = tmp_path / "site"
    folder.mkdir()
    for n, record in enumerate(ARTICLES[:3]):
        body = "".join(f"<p>{p}</p>" for p in record.body)
        page = f"<html><body><article><h1>{record.title}</h1>{body}</article></body></html>"
        (folder / f"bai-{n}.html").write_text(page, encoding="utf-8")
    first = index_files(database, [folder])
    parsed = []
    original = parse_module.parse_file
    monkeypatch.setattr(
        parse_module, "parse_file", lambda *a, **k: parsed.append(a) or original(*a, **k)
    )
    again = index_files(database, [folder])
    assert (first.added, again.unchanged, again.added, parsed) == (3, 3, 0, [])


def _get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_serve_answers_503_while_the_database_is_down_and_recovers(pg_cluster):
    """kill -9 of the database under a running server: 503s in Vietnamese, then answers
    again once it is back, without restarting the server. (A cluster of its own: the
    session's serves the other tests.)"""
    from tests import pg_cluster as clusters

    cluster = clusters.create_cluster(pg_cluster.bin_dir)
    try:
        cluster.start()
        address = cluster.create_database("served")
        index_records(address, ARTICLES)
        close_pool(address)
        with running_server(address, "--workers", "1", "--threads", "2") as base:
            url = base + "/search.json?q=%C4%91%E1%BA%A3ng"
            status, body = _get(url)
            assert status == 200 and body["total"] == 2
            cluster.kill()
            status, body = _get(url)
            assert status == 503, body
            assert "không kết nối được cơ sở dữ liệu" in body["error"]["message"]
            cluster.start()
            deadline = time.monotonic() + 30
            while (status := _get(url)[0]) != 200 and time.monotonic() < deadline:
                time.sleep(0.5)
            assert status == 200
            assert _get(url)[1]["total"] == 2
    finally:
        clusters.remove(cluster)


def test_the_store_names_its_database_without_the_password(tmp_path, monkeypatch):
    monkeypatch.setenv("VANKIEN_CACHE", str(tmp_path))
    store = PostgresStore(_unreachable(5432))
    assert store.location == "postgresql://127.0.0.1:5432/archive"
    assert SECRET not in str(store.ledger_dir)


def test_a_crawl_indexes_into_the_database(database, tmp_path):
    from indexer.crawl.crawler import CrawlOptions, Site, crawl
    from tests.site_server import Server
    from tests.test_crawl import ARTICLES as PAGES

    server = Server()
    try:
        options = CrawlOptions(
            warc_dir=tmp_path / "warc", index_dir=database, delay=0, backoff=0.01, retries=1
        )
        report = crawl([Site([server.base + "/tin-tuc"])], options)
    finally:
        server.close()
    assert report.indexed["added"] == len(PAGES)
    engine = SearchEngine(database)
    ids = engine.matching_ids("")
    engine.close()
    assert sorted("/" + url.split("/", 3)[3] for url in ids) == sorted(PAGES)


def _wait_for(condition, seconds: float = 30) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def test_a_streaming_replica_serves_what_the_primary_holds(pg_cluster):
    """A replica made with pg_basebackup -R: `vankien serve` on it answers as a search on
    the primary does, picks up the primary's next commit, and refuses to be written."""
    from tests import pg_cluster as clusters

    primary = pg_cluster.create_database("replicated")
    index_records(primary, ARTICLES[:4])
    replica = clusters.create_replica(pg_cluster)
    try:
        replica.start()
        address = replica.url("replicated")
        with pytest.raises(IndexError_, match="bản sao chỉ đọc"):
            index_records(address, ARTICLES)
        with running_server(address, "--workers", "1", "--threads", "2") as base:
            for q in ("đảng", "hoa giai", "29-NQ/TW", ""):
                url = f"{base}/search.json?q={urllib.request.quote(q)}&per_page=50"
                status, served = _get(url)
                engine = SearchEngine(primary)
                expected = engine.search(SearchRequest(q=q, per_page=50)).to_dict()
                engine.close()
                assert status == 200
                assert served["total"] == expected["total"]
                assert [h["id"] for h in served["hits"]] == [h["id"] for h in expected["hits"]]
            index_records(primary, ARTICLES)  # two more articles on the primary
            everything = f"{base}/search.json?q=&per_page=50"
            assert _wait_for(lambda: _get(everything)[1]["total"] == 5)
        close_pool(address)
    finally:
        clusters.remove(replica)
        close_pool(primary)


def test_servers_can_read_with_a_role_that_may_only_select(database, pg_cluster):
    index_records(database, ARTICLES)
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("CREATE ROLE vankien_reader LOGIN")
        conn.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO vankien_reader")
    reader = database.replace(f"{pg_cluster.user}@", "vankien_reader@")
    try:
        engine = SearchEngine(reader)
        assert engine.search(SearchRequest(q="đảng")).total == 2
        engine.close()
        with pytest.raises(IndexError_, match="không có quyền") as refused:
            index_records(reader, ARTICLES[:1])
        assert "Traceback" not in str(refused.value)
    finally:
        close_pool(reader)
        with psycopg.connect(database, autocommit=True) as conn:
            conn.execute("DROP OWNED BY vankien_reader")
            conn.execute("DROP ROLE vankien_reader")


def test_kill_9_of_an_indexing_run_leaves_the_previous_generation(database):
    index_records(database, ARTICLES)
    before = generation_and_count(database)
    run = subprocess.Popen(
        [sys.executable, "-m", "indexer.cli", "index", str(ROOT / "corpus"), "--index", database],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:

        def loading() -> bool:  # the run holds the writer's lock and has loaded rows
            with psycopg.connect(database) as conn:
                row = conn.execute(
                    "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid)"
                    " WHERE l.locktype = 'advisory' AND a.datname = current_database()"
                    " AND a.xact_start IS NOT NULL AND a.query LIKE 'COPY%%'"
                ).fetchone()
            return row[0] > 0

        assert _wait_for(loading, 120), "the run never started loading"
    finally:
        run.kill()
        run.wait()
    assert generation_and_count(database) == before
    summary = index_records(database, ARTICLES[:1])  # the lock is freed, the state intact
    assert (summary.added, summary.unchanged) == (0, 1)
    assert generation_and_count(database) == before


def test_rows_of_deleted_documents_are_purged_and_old_column_caches_drop_them(
    database, monkeypatch
):
    import shutil

    from indexer.store.postgresql import store as store_module

    index_records(database, ARTICLES)
    columns_dir = PostgresStore(database).columns_dir
    first_cache = columns_dir.parent / "columns-of-generation-1"
    shutil.copytree(columns_dir, first_cache)  # as a machine that indexed only then
    old = SearchEngine(database).columns.repost_inputs().ids[ARTICLES[0].doc_id]

    def rewrite(n: int) -> None:
        body = f"Nội dung lần {n} về hòa giải."
        changed = article(1, ARTICLES[0].title, body, ARTICLES[0].published)
        assert index_records(database, [changed]).updated == 1

    rewrite(2)  # generation 2 deletes the first version
    monkeypatch.setattr(store_module, "PURGE_AFTER", "0 seconds")
    rewrite(3)  # generation 3 purges it (and keeps the version generation 3 deleted)
    with psycopg.connect(database) as conn:
        assert (
            conn.execute("SELECT count(*) FROM documents WHERE doc = %s", (old,)).fetchone()[0] == 0
        )
        assert (
            conn.execute("SELECT count(*) FROM postings WHERE doc = %s", (old,)).fetchone()[0] == 0
        )
        kept = conn.execute("SELECT count(*) FROM documents WHERE deleted IS NOT NULL").fetchone()
        assert kept[0] == 1
    shutil.rmtree(columns_dir)
    shutil.copytree(first_cache, columns_dir)  # the next commit extends generation 1's columns
    rewrite(4)
    engine = SearchEngine(database)
    assert old not in engine.columns.docs
    assert engine.search(SearchRequest(q="")).total == 5
    assert [h.id for h in engine.search(SearchRequest(q="lần 4")).hits] == [ARTICLES[0].doc_id]
    engine.close()


def test_nul_characters_in_a_record_do_not_fail_the_run(database):
    from datetime import date

    odd = article(30, "Tiêu\x00 đề lạ", "Nội dung\x00 về hòa giải ở xã.", date(2020, 1, 1))
    assert index_records(database, [odd]).added == 1
    engine = SearchEngine(database)
    assert engine.search(SearchRequest(q="hòa giải")).total == 1
    engine.close()
