"""Crawling a test website served on 127.0.0.1."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from indexer.crawl.crawler import (
    Crawler,
    CrawlError,
    CrawlOptions,
    Site,
    _Lock,
    crawl,
    load_settings,
)
from indexer.extract.parse import parse_paths
from indexer.index import index_records
from indexer.search import SearchEngine, SearchRequest
from tests.site_server import Server

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = [f"/tin-tuc/bai-{n}.html" for n in range(1, 7)] + ["/thanhuy/tin-7.html"]


@pytest.fixture
def server():
    server = Server()
    yield server
    server.close()


def options(tmp_path: Path, **kwargs) -> CrawlOptions:
    return CrawlOptions(
        warc_dir=tmp_path / "warc",
        index_dir=tmp_path / "index",
        delay=0,
        backoff=0.01,
        retries=2,
        timeout=5,
        **kwargs,
    )


def indexed(tmp_path: Path) -> dict[str, dict]:
    engine = SearchEngine(tmp_path / "index")
    try:
        searcher = engine._searcher
        return {
            fields["id"]: json.loads(fields["record"]) for fields in searcher.all_stored_fields()
        }
    finally:
        engine.close()


def test_first_crawl_fetches_exactly_the_site_and_indexes_its_articles(server, tmp_path):
    report = crawl([Site([server.base + "/tin-tuc"])], options(tmp_path))
    fetched = server.fetched()
    assert sorted(set(fetched)) == sorted(
        {
            "/robots.txt",
            "/sitemap.xml",
            "/",
            "/tin-tuc",
            "/tin-tuc?page=2",
            "/cu/bai-1.html",
            "/tam-thoi",
            "/vong-a",
            "/vong-b",
            "/loi.html",
            "/cham.html",
            "/mat.html",
            "/tep.pdf",
            "/thanhuy/tin-7.html",
            *[
                p for p in ARTICLES if p != "/tin-tuc/bai-5.html"
            ],  # bai-5 arrived as /cham.html's canonical page
        }
    )
    assert (
        fetched.count("/tin-tuc/bai-2.html") == 1
    )  # tracking parameters, fragment, redirect: one page
    assert fetched.count("/loi.html") == 3  # retried with backoff, then reported
    assert "/private/bi-mat.html" not in fetched and server.offsite_hits == []
    assert report.indexed["added"] == len(ARTICLES)
    assert sorted("/" + url.split("/", 3)[3] for url in indexed(tmp_path)) == sorted(ARTICLES)
    failed = dict(report.failed)
    assert failed[server.base + "/loi.html"] == "HTTP 500"
    assert failed[server.base + "/mat.html"] == "HTTP 404"
    assert failed[server.base + "/vong-b"].startswith("redirect loop")
    skipped = dict(report.skipped)
    assert skipped[server.base + "/private/bi-mat.html"] == "disallowed by robots.txt"
    # A linked PDF is an attachment now (issue 19): fetched, kept, and, being broken, its
    # reading failure is reported when the run is indexed; nothing else is lost.
    assert server.base + "/tep.pdf" not in skipped and report.attachments == 1
    unreadable = {f["path"]: f["reason"] for f in report.indexed["failed"]}
    assert "PDF" in unreadable[server.base + "/tep.pdf"]


def test_legacy_encoding_page_and_politeness(server, tmp_path):
    crawl([Site([server.base + "/tin-tuc"])], options(tmp_path))
    records = indexed(tmp_path)
    table = records[server.base + "/thanhuy/tin-7.html"]
    assert table["title"] == "Thành ủy triển khai Chương trình hành động 46"
    assert [c["code"] for c in table["codes"]] == ["46-CTrHĐ/TU"]
    assert table["published"] == "2018-09-07"
    assert table["capture"]["warc"].endswith(".warc.gz")


def test_crawl_delay_from_robots_is_honoured(server, tmp_path, monkeypatch):
    # The crawler's own stamp of each request's turn: the server's clock added thread
    # scheduling jitter, which made this test fail on a loaded machine.
    stamps = []
    original = Crawler._wait_turn

    def recorded(self, url):
        original(self, url)
        stamps.append(self.last_fetch[urlsplit(url).netloc])

    monkeypatch.setattr(Crawler, "_wait_turn", recorded)
    crawl([Site([server.base + "/tin-tuc"])], options(tmp_path))
    gaps = [b - a for a, b in zip(stamps, stamps[1:], strict=False)]
    assert len(gaps) >= 5
    assert len(server.site.log) == len(stamps)  # one turn per request the server saw
    # Crawl-delay: 0.05 although --delay was 0: no two requests closer than that.
    assert min(gaps) >= 0.05


def test_second_crawl_fetches_only_what_changed(server, tmp_path):
    crawl([Site([server.base + "/tin-tuc"])], options(tmp_path))
    server.site.change("/tin-tuc/bai-3.html", "Bổ sung kết quả hòa giải mới.")
    server.site.removed.add("/tin-tuc/bai-4.html")
    server.site.add("/tin-tuc/bai-9.html", "Đảng bộ Sở tổ chức hội nghị mới số 9")
    server.site.log.clear()
    report = crawl([Site([server.base + "/tin-tuc"])], options(tmp_path))
    conditional = {path for path, headers in server.site.log if headers.get("If-None-Match")}
    assert set(ARTICLES) - {"/tin-tuc/bai-4.html"} <= conditional | {"/tin-tuc/bai-5.html"}
    assert report.gone == 1
    assert report.indexed["added"] == 1  # bai-9
    records = indexed(tmp_path)
    assert records[server.base + "/tin-tuc/bai-4.html"]["gone"] is True  # kept, marked gone
    assert "hòa giải" in records[server.base + "/tin-tuc/bai-3.html"]["body"]
    engine = SearchEngine(tmp_path / "index")
    assert engine.search(SearchRequest(q="hoa giai")).total == 1
    engine.close()


def test_a_second_crawl_at_the_same_time_is_refused(tmp_path):
    folder = tmp_path / "warc"
    folder.mkdir()
    with _Lock(folder), pytest.raises(CrawlError, match="một lần thu thập khác đang chạy"):
        crawl([Site(["http://127.0.0.1:9/"])], options(tmp_path))


def test_settings_file(tmp_path):
    settings = tmp_path / "sites.toml"
    settings.write_text(
        textwrap.dedent("""
        warc_dir = "lưu-trữ"
        delay = 2.5
        [[sites]]
        url = "https://thanhuy.example.vn/tin-tuc"
        prefix = "/tin-tuc"
        exclude = ["/in-bai/"]
        delay = 3
        [[sites]]
        start_urls = ["https://dangbo.example.vn/"]
    """),
        encoding="utf-8",
    )
    sites, rest = load_settings(settings)
    assert rest == {"warc_dir": "lưu-trữ", "delay": 2.5}
    assert sites[0].in_scope("https://thanhuy.example.vn/tin-tuc/bai.html")
    assert not sites[0].in_scope("https://thanhuy.example.vn/tin-tuc/in-bai/1")
    assert not sites[0].in_scope("https://thanhuy.example.vn/van-ban/1")
    assert sites[0].delay == 3 and sites[1].host == "dangbo.example.vn"
    settings.write_text("[[sites]]\nprefix = 1", encoding="utf-8")
    with pytest.raises(CrawlError):
        load_settings(settings)


def test_index_rebuilt_from_warc_files_alone(server, tmp_path):
    crawl([Site([server.base + "/tin-tuc"])], options(tmp_path))
    records = [r for r in parse_paths([tmp_path / "warc"]) if hasattr(r, "title")]
    assert {r.url for r in records} >= {
        server.base + p for p in ARTICLES if p != "/tin-tuc/bai-5.html"
    }
    summary = index_records(tmp_path / "again", records)
    assert summary.added >= len(ARTICLES) - 1


CRAWLER = """
import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from indexer.crawl.crawler import CrawlOptions, Site, crawl
options = CrawlOptions(warc_dir=Path({warc!r}), index_dir=Path({index!r}), delay={delay}, backoff=0.01,
                       retries=1, timeout=5)
crawl([Site([{start!r}])], options)
"""


def test_a_killed_crawl_resumes_to_the_same_index(server, tmp_path):
    reference = tmp_path / "reference"
    crawl([Site([server.base + "/tin-tuc"])], options(reference))
    expected = {url: (r["title"], r["body"]) for url, r in indexed(reference).items()}
    run = tmp_path / "run"
    script = CRAWLER.format(
        root=str(ROOT),
        warc=str(run / "warc"),
        index=str(run / "index"),
        delay=0.15,
        start=server.base + "/tin-tuc",
    )
    for kill_after in (3, 7, 11):  # kill at different moments, then start again
        server.site.log.clear()
        proc = subprocess.Popen([sys.executable, "-c", script])
        deadline = time.monotonic() + 30
        while (
            len(server.fetched()) < kill_after
            and proc.poll() is None
            and time.monotonic() < deadline
        ):
            time.sleep(0.01)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)
    got = {url: (r["title"], r["body"]) for url, r in indexed(run).items()}
    assert got == expected
