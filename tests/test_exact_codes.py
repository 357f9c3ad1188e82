"""A code typed in full stays exact: its results are that code's articles, as many as its
facet value and its code page say; the same number from other issuers and mentions that
name no issuer are offered beside them, each with the count its link returns. Browse
pages list the most cited first."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from indexer.index import index_records
from indexer.search import SearchEngine, SearchRequest
from tests.fixtures import article
from webui.app import create_app
from webui.settings import Settings

ARTICLES = [
    article(
        1, "Tỉnh ủy sơ kết", "Sơ kết Chỉ thị 17-CT/TU của Tỉnh ủy về cải cách.", date(2019, 3, 1)
    ),
    article(2, "Tỉnh ủy triển khai", "Triển khai Chỉ thị 17-CT/TU năm 2019.", date(2019, 4, 1)),
    article(3, "Mặt trận", "Thực hiện Chỉ thị 17-CT/TW của Ban Bí thư.", date(2019, 5, 1)),
    article(
        4,
        "Kinh doanh rượu",
        "Theo Chỉ thị số 17 về quản lý rượu, các xã rà soát.",
        date(2019, 6, 1),
    ),
    article(
        5, "Học tập và làm theo", "Thực hiện Chỉ thị 05-CT/TW, chi bộ đăng ký.", date(2018, 1, 1)
    ),
    article(6, "Làm theo Bác", "Gắn Chỉ thị 05-CT/TW với Nghị quyết.", date(2018, 2, 1)),
    article(
        7, "Chi bộ sinh hoạt", "Chi bộ học Chỉ thị 05 trong sinh hoạt chuyên đề.", date(2018, 3, 1)
    ),
    article(8, "Nghị quyết 29", "Quán triệt Nghị quyết 29-NQ/TW về giáo dục.", date(2017, 1, 1)),
    article(9, "Công văn", "Công văn 1234/UBND-VP về lịch tiếp dân.", date(2017, 2, 1)),
    article(10, "Thăm", "Đồng chí Trần Văn Thanh thăm xã.", date(2017, 3, 1)),
    article(11, "Dự họp", "Đồng chí Trần Văn Thanh dự họp.", date(2017, 4, 1)),
    article(12, "Phát biểu", "Đồng chí Trần Văn Thành phát biểu.", date(2017, 5, 1)),
    article(13, "Kiểm tra", "Đồng chí Lê Hồng Sơn kiểm tra.", date(2017, 6, 1)),
    article(14, "Làm việc", "Đồng chí Lê Hồng Sơn làm việc.", date(2017, 7, 1)),
]


@pytest.fixture(scope="module")
def index(backend) -> str | Path:
    path = backend.location("exact-codes")
    index_records(path, ARTICLES)
    return path


@pytest.fixture(scope="module")
def engine(index):
    engine = SearchEngine(index)
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def client(index, tmp_path_factory):
    warc_dir = tmp_path_factory.mktemp("warc") / "none"
    return create_app(Settings(index_dir=index, warc_dir=warc_dir)).test_client()


def ids(response) -> list[str]:
    return [hit.id.rsplit("/", 1)[-1] for hit in response.hits]


@pytest.mark.parametrize("typed", ["17-CT/TU", "17-ct/tu", "17 - CT/TU", "ct 17 tu"])
def test_a_code_typed_in_full_finds_only_that_code(engine, typed):
    response = engine.search(SearchRequest(q=typed))
    assert sorted(ids(response)) == ["1.html", "2.html"]


def test_the_other_issuer_and_the_bare_mention_are_offered_with_their_counts(engine):
    response = engine.search(SearchRequest(q="17-CT/TU"))
    offers = {o["kind"]: o for o in response.understood["code_offers"]}
    assert offers["same_number"]["label"] == "17-CT/TW"
    assert offers["unresolved"]["label"] == "Chỉ thị 17"
    for offer in offers.values():  # each count is what its link returns
        assert engine.search(SearchRequest(q=offer["q"])).total == offer["count"] == 1
    assert ids(engine.search(SearchRequest(q=offers["unresolved"]["q"]))) == ["4.html"]


def test_tu_typed_without_its_mark_still_finds_the_central_code(engine):
    # Only 29-NQ/TW exists: "TU" is then TƯ typed without its mark.
    assert ids(engine.search(SearchRequest(q="29-NQ/TU"))) == ["8.html"]


def test_the_total_is_the_facet_value_and_the_code_page(engine, client):
    response = engine.search(SearchRequest(q="05-CT/TW"))
    facet = {v.value: v.count for v in response.facets["code"]}
    page = client.get("/code.json?code=05-CT/TW").get_json()
    assert response.total == facet["05-CT/TW"] == page["total"] == 2
    offers = response.understood["code_offers"]
    assert [(o["label"], o["count"]) for o in offers] == [("Chỉ thị 05", 1)]


def test_a_number_and_type_alone_still_finds_every_reading(engine):
    assert sorted(ids(engine.search(SearchRequest(q="chi thi 17")))) == [
        "1.html",
        "2.html",
        "3.html",
        "4.html",
    ]


def test_the_results_page_links_each_offer(client):
    page = client.get("/search?q=17-CT/TU").get_data(as_text=True)
    assert 'Cùng số, khác cơ quan: <a href="/search?q=17-CT%2FTW">17-CT/TW</a> (1)' in page
    assert "“Chỉ thị 17” không ghi cơ quan ban hành" in page


def test_same_number_opens_the_codes_of_that_number(client):
    data = client.get("/search.json?q=quyet+dinh+1234").get_json()
    assert data["total"] == 0
    assert data["near_codes_url"] == "/codes?number=1234"
    listed = client.get("/codes.json?number=1234").get_json()
    assert [v["value"] for v in listed["values"]] == ["1234/UBND-VP"]
    assert listed["total"] == 1
    page = client.get("/codes?number=1234").get_data(as_text=True)
    assert '<input type="hidden" name="number" value="1234">' in page  # the filter keeps it
    assert client.get("/codes.json?number=abc").status_code == 400


def test_no_same_number_link_when_no_code_has_it(client):
    assert client.get("/search.json?q=quyet+dinh+4321").get_json()["near_codes_url"] is None


@pytest.mark.parametrize("path", ["/persons.json", "/codes.json", "/search.json?more=person"])
def test_browse_lists_are_sorted_by_count(client, path):
    data = client.get(path).get_json()
    values = data.get("values") or data["facets"]["person"]
    counts = [v["count"] for v in values]
    assert counts == sorted(counts, reverse=True)
    if "person" in path:  # Trần Văn Thành counts the spellings a click on it selects
        found = {v["value"]: v["count"] for v in values}
        assert found["Trần Văn Thành"] == found["Trần Văn Thanh"] == 3 > found["Lê Hồng Sơn"]


def test_the_snippet_marks_the_code_typed_not_its_namesake(backend):
    location = backend.location()
    both = article(
        20,
        "Hai chỉ thị",
        "Thực hiện Chỉ thị 17-CT/TW của Ban Bí thư. Tỉnh ủy ban hành Chỉ thị 17-CT/TU về cải cách.",
        date(2019, 7, 1),
    )
    index_records(location, [both])
    engine = SearchEngine(location)
    snippet = engine.search(SearchRequest(q="17-CT/TU")).hits[0].snippet
    engine.close()
    assert "<mark>17-CT/TU</mark>" in snippet and "<mark>17-CT/TW</mark>" not in snippet
