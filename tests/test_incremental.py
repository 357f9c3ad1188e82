"""An update extends the columns of the previous state instead of rebuilding them, and
gives the same answers as a clean build of the same articles (issue 21, item 2)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from indexer.index import index_records
from indexer.search import SearchEngine, SearchRequest
from indexer.search import columns as columns_module
from indexer.store.whoosh import store as whoosh_store
from indexer.store.whoosh.source import segment_ids
from tests.fixtures import ARTICLES, article

QUERIES = ["xây dựng Đảng", '"sơ kết"', "29-NQ/TW", "le hong son", "hòa giải", "chỉ thị 05"]
FILTERS = [{}, {"year": ["2017"]}, {"person": ["Lê Hồng Sơn"]}, {"site": ["b.example.vn"]}]


def more_articles(start: int, count: int) -> list:
    return [
        article(
            start + n,
            f"Tin bổ sung số {n} về công tác xây dựng Đảng",
            f"Đồng chí Trần Văn Hòa số {n} phát biểu tại hội nghị học tập Nghị quyết 29-NQ/TW. "
            f"Hòa giải ở cơ sở tiếp tục được chú trọng trong năm {2015 + n % 8}.",
            date(2015 + n % 8, 1 + n % 12, 1 + n % 28),
            site=("a.example.vn", "c.example.vn")[n % 2],
        )
        for n in range(count)
    ]


def answers(index, queries: list[str] = QUERIES) -> list:  # noqa: ANN001
    """Totals, hits and every facet of a set of searches, to compare two indexes."""
    engine = SearchEngine(index)
    try:
        out = []
        for q in queries:
            for filters in FILTERS:
                response = engine.search(SearchRequest(q=q, filters=filters, per_page=20))
                facets = {k: [v.to_dict() for v in values] for k, values in response.facets.items()}
                # Hits as a set: equal scores are ordered by document number, which a
                # merge renumbers (every query here finds fewer than a page of hits).
                out.append((q, response.total, sorted(h.id for h in response.hits), facets))
        return out
    finally:
        engine.close()


def column_builds(monkeypatch) -> list[tuple[int, int]]:  # noqa: ANN001
    """Records (first document number read, document limit) of every columns build (a
    first number of 0: read whole)."""
    built: list[tuple[int, int]] = []
    original = columns_module.build_columns

    def counting(source, first_doc: int = 0):  # noqa: ANN001, ANN202
        built.append((first_doc, source.doc_limit))
        return original(source, first_doc)

    monkeypatch.setattr(columns_module, "build_columns", counting)
    return built


def test_updates_extend_the_columns_and_answer_as_a_clean_build(tmp_path, monkeypatch) -> None:
    built = column_builds(monkeypatch)
    first, extra = list(ARTICLES), more_articles(100, 12)
    index_records(tmp_path / "updated", first)
    index_records(tmp_path / "updated", extra[:6])
    changed = [replace(first[1], title=first[1].title + " (cập nhật)")]
    index_records(tmp_path / "updated", [*extra[6:], *changed])
    # The two updates read only their own documents: from the previous limit on.
    assert [start for start, _ in built[1:]] == [built[0][1], built[1][1]]
    assert all(start > 0 for start, _ in built[1:])

    clean = [*first[:1], *changed, *first[2:], *extra]
    index_records(tmp_path / "clean", clean)
    assert answers(tmp_path / "updated") == answers(tmp_path / "clean")


def test_a_large_update_written_by_two_processes_is_appended_too(tmp_path, monkeypatch) -> None:
    """An update large enough for the parallel writer (a nightly crawl) appends its
    segments like any other: the first build's columns are extended, not read again."""
    monkeypatch.setattr(whoosh_store, "PARALLEL_BUILD_THRESHOLD", 4)
    monkeypatch.setattr(whoosh_store.os, "cpu_count", lambda: 2)
    builds = column_builds(monkeypatch)
    # More than one batch per writing process; words of their own, so that the searches
    # compared find fewer than a page of hits (ties are ordered by document number).
    extra = [
        article(
            400 + n,
            f"Tin thi đua số {n}",
            f"Phong trào thi đua yêu nước đợt {n}.",
            date(2020, 1 + n % 12, 1),
        )
        for n in range(240)
    ]
    first = list(ARTICLES)
    index_records(tmp_path / "updated", first)
    changed = [replace(first[2], title=first[2].title + " (cập nhật)")]
    update = [*extra, *changed]
    index_records(tmp_path / "updated", update, expected=len(update))
    ix = whoosh_store.open_index(tmp_path / "updated")
    with ix.searcher() as searcher:  # the first build's segment, then one per process
        assert len(segment_ids(searcher.reader())) == 3
    ix.close()
    built = [start for start, _ in builds]
    assert built[0] == 0 and built[1] > 0
    clean = [*first[:2], *changed, *first[3:], *extra]
    index_records(tmp_path / "clean", clean)
    queries = [*QUERIES, "cập nhật", '"thi đua yêu nước" đợt 17']
    assert answers(tmp_path / "updated", queries) == answers(tmp_path / "clean", queries)
    engine = SearchEngine(tmp_path / "updated")
    try:
        assert engine.search(SearchRequest(q="thi đua")).total == 240
    finally:
        engine.close()


def test_past_the_segment_limit_an_update_merges_and_rebuilds(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(whoosh_store, "MAX_SEGMENTS", 3)
    builds = column_builds(monkeypatch)
    index_records(tmp_path / "index", list(ARTICLES))
    for n in range(3):
        index_records(tmp_path / "index", more_articles(200 + n * 2, 2))
    # First build; two appended segments extended; the third update merges the small
    # segments at the end, and only they are read again: the first keeps its columns.
    built = [start for start, _ in builds]
    assert built[0] == 0 and built[1] > 0 and built[2] > built[1]
    assert 0 < built[3] <= built[1]
    batches = [a for n in range(3) for a in more_articles(200 + n * 2, 2)]
    index_records(tmp_path / "clean", [*ARTICLES, *batches])
    assert answers(tmp_path / "index") == answers(tmp_path / "clean")


@pytest.mark.parametrize("deleted_first", [True, False])
def test_a_changed_article_is_found_by_its_new_words_only(tmp_path, deleted_first: bool) -> None:
    index_records(tmp_path, list(ARTICLES))
    old = ARTICLES[3]
    new = replace(old, body=["Nội dung mới hoàn toàn về phong trào thi đua yêu nước."])
    index_records(tmp_path, [new] if deleted_first else [new, *more_articles(300, 2)])
    engine = SearchEngine(tmp_path)
    try:
        assert engine.search(SearchRequest(q='"thi đua yêu nước"')).hits[0].id == old.doc_id
        assert old.doc_id not in {h.id for h in engine.search(SearchRequest(q="chờ kết quả")).hits}
    finally:
        engine.close()


FAILING_PARALLEL_RUN = """
import sys
from datetime import date
from indexer.index import index_records
from indexer.store.whoosh import store
from tests.fixtures import article

store.PARALLEL_BUILD_THRESHOLD = 4
store.os.cpu_count = lambda: 2

def records():
    for n in range(300):
        if n == 250:  # the writer processes have work queued by now
            raise RuntimeError("the disk is full")
        yield article(n, f"Tin số {n}", f"Nội dung tin số {n} về thi đua.", date(2020, 1, 1))

try:
    index_records(sys.argv[1], records(), expected=300)
except RuntimeError as error:
    print("failed:", error)
"""


def test_a_failed_run_written_by_two_processes_ends_and_keeps_the_previous_state(
    tmp_path,
) -> None:
    """Whoosh only flags its writer processes when a run is cancelled: they waited for
    work forever, and the failed run's process never ended (a nightly job that hangs)."""
    import subprocess
    import sys
    from pathlib import Path

    index_records(tmp_path / "index", ARTICLES)
    before = answers(tmp_path / "index")
    done = subprocess.run(
        [sys.executable, "-c", FAILING_PARALLEL_RUN, str(tmp_path / "index")],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        timeout=60,  # it hung for ever before
    )
    assert done.returncode == 0 and "failed: the disk is full" in done.stdout
    assert "Traceback" not in done.stderr
    assert answers(tmp_path / "index") == before
