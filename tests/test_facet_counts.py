"""Every number the results page shows adds up, on the bundled corpus (which has reposts
across sites and undated articles): a facet value's count is the total after selecting
it, and the year histogram plus "undated" is the total."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.extract.parse import parse_paths
from indexer.index import index_records
from indexer.search import FACETS, UNDATED, SearchEngine, SearchRequest
from tests.test_reposts import STORY
from tests.test_search import article

# The bundled corpus has every article dated: these add undated ones, one of them a
# repost on another site.
UNDATED_ARTICLES = [
    article(
        901,
        "Hội nghị triển khai Chỉ thị 05-CT/TW về học tập và làm theo",
        "Đảng ủy tổ chức hội nghị quán triệt Chỉ thị 05-CT/TW. Đồng chí Lê Hồng Sơn dự.",
        None,  # type: ignore[arg-type]
        site="undated-a.example.vn",
    ),
    article(
        902,
        "Hội nghị triển khai Chỉ thị 05-CT/TW về học tập và làm theo",
        "Đảng ủy tổ chức hội nghị quán triệt Chỉ thị 05-CT/TW. Đồng chí Lê Hồng Sơn dự.",
        None,  # type: ignore[arg-type]
        site="undated-b.example.vn",
        source_url="https://undated-a.example.vn/901.html",
    ),
    article(
        904,
        "Đồng chí Trần Văn Thành dự hội nghị",
        "Đồng chí Trần Văn Thành, Bí thư Đảng ủy, phát biểu.",
        date(2018, 3, 1),
    ),
    article(
        905,
        "Đồng chí Trần Văn Thanh thăm cơ sở",
        "Đồng chí Trần Văn Thanh, Phó Bí thư, thăm cơ sở.",
        date(2018, 4, 1),
    ),
    # One article on two more sites, two years apart, neither naming a source: grouped by
    # its body alone, it counts once per site and once per year it carries.
    article(906, "Sơ kết ba năm Chỉ thị 05", STORY, date(2016, 6, 12), site="d.example.vn"),
    article(907, "Sơ kết Chỉ thị 05-CT/TW", STORY, date(2018, 6, 14), site="e.example.vn"),
    article(
        903,
        "Công tác cán bộ và xây dựng Đảng",
        "Thực hiện Nghị quyết 29-NQ/TW về cán bộ, Đảng bộ xây dựng kế hoạch.",
        None,  # type: ignore[arg-type]
    ),
]

ROOT = Path(__file__).resolve().parent.parent
QUERIES = [
    "",
    "dang",
    "xây dựng Đảng",
    "nghi quyet 29",
    "29-NQ/TW",
    "hoi nghi",
    "chi thi 05",
    "tuyen giao",
    "can bo",
    "le hong son",
    '"học tập và làm theo"',
    "dang NOT hoi",
    "year:2017",
]


@pytest.fixture(scope="module")
def engine(backend) -> SearchEngine:
    index = backend.location("bundled")
    index_records(index, [*parse_paths([str(ROOT / "corpus" / "sites")]), *UNDATED_ARTICLES])
    engine = SearchEngine(index)
    yield engine
    engine.close()


def selected_alone(request: SearchRequest, name: str, value: str) -> SearchRequest:
    """`request` with the facet `name` narrowed to `value` (what clicking it shows when the
    facet has no selection of its own; the month facet keeps its one selected year)."""
    filters = {k: list(v) for k, v in request.filters.items()}
    filters[name] = [value]
    return SearchRequest(q=request.q, filters=filters, facet_limit=10)


def years_beyond_one(engine: SearchEngine, request: SearchRequest) -> int:
    """How many more years than one the repost groups of a result carry: a group whose
    copies were published in two years counts in both (each is what a click returns), so
    the year histogram adds up to the total plus this."""
    columns, allowed = engine.columns, engine._match(request).allowed
    extra = 0
    for docs in columns.groups().values():
        inside = [d for d in docs if (allowed >> d) & 1]
        years = {(columns.summary[d].published or UNDATED)[:4] for d in inside}
        extra += max(0, len(years) - 1)
    return extra


def check_counts(engine: SearchEngine, request: SearchRequest) -> None:
    response = engine.search(request)
    for name, values in response.facets.items():
        for value in values:
            after = engine.search(selected_alone(request, name, value.value))
            assert after.total == value.count, (request, name, value)
    without_year = SearchRequest(
        q=request.q, filters={k: v for k, v in request.filters.items() if k != "year"}
    )
    years = response.facets["year"]
    expected = engine.search(without_year).total + years_beyond_one(engine, without_year)
    assert sum(v.count for v in years) == expected, request
    assert [v.value for v in years if v.value != UNDATED] == sorted(
        (v.value for v in years if v.value != UNDATED), reverse=True
    )


def test_the_bundled_corpus_has_what_this_test_needs(engine):
    response = engine.search(SearchRequest())
    assert any(len(docs) > 1 for docs in engine.columns.groups().values())  # reposts
    assert response.facets["year"][-1].value == UNDATED  # undated articles
    assert len(response.facets["year"]) > 11  # more years than the other facets show


@pytest.mark.parametrize("q", QUERIES)
def test_every_count_shown_is_the_total_after_selecting_it(engine, q):
    check_counts(engine, SearchRequest(q=q, facet_limit=10))


def test_a_repost_found_by_its_body_counts_once_on_each_site(engine):
    response = engine.search(SearchRequest(q='"dân vận khéo"'))
    assert response.total == 1
    assert {v.value: v.count for v in response.facets["site"]} == {
        "d.example.vn": 1,
        "e.example.vn": 1,
    }
    assert {v.value: v.count for v in response.facets["year"]} == {"2016": 1, "2018": 1}
    assert years_beyond_one(engine, SearchRequest(q='"dân vận khéo"')) == 1
    check_counts(engine, SearchRequest(q='"dân vận khéo"'))


def test_site_counts_include_reposts_on_each_site(engine):
    response = engine.search(SearchRequest())
    sites = {v.value: v.count for v in response.facets["site"]}
    assert sum(sites.values()) > response.total  # a repost group counts on each of its sites


@settings(
    derandomize=True,
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_counts_add_up_under_selections(engine, data):
    q = data.draw(st.sampled_from(QUERIES))
    first = engine.search(SearchRequest(q=q, facet_limit=10))
    filters: dict[str, list[str]] = {}
    for name in data.draw(st.lists(st.sampled_from(FACETS), max_size=2, unique=True)):
        values = [v.value for v in first.facets.get(name, [])]
        if values:
            filters[name] = data.draw(
                st.lists(st.sampled_from(values), min_size=1, max_size=2, unique=True)
            )
    check_counts(engine, SearchRequest(q=q, filters=filters, facet_limit=10))


def test_undated_is_a_year_filter(engine):
    response = engine.search(SearchRequest(filters={"year": [UNDATED]}))
    assert response.total == response.facets["year"][-1].count > 0
    assert all(hit.published is None for hit in response.hits)


def test_a_person_count_covers_the_spellings_a_click_selects(engine):
    response = engine.search(SearchRequest(q='"tran van thanh"', facet_limit=50))
    persons = {v.value: v.count for v in response.facets["person"]}
    assert persons["Trần Văn Thành"] == persons["Trần Văn Thanh"] == 2
    check_counts(engine, SearchRequest(q='"tran van thanh"', facet_limit=50))


@pytest.mark.parametrize("size", [1, 3, 12, 40, 10_000])
def test_a_few_documents_are_counted_as_a_pass_over_all_entries_counts_them(
    engine, monkeypatch, size
):
    """The counts of a few documents (looked up in the entries by binary search) equal
    those of one pass over every entry, repost groups included."""
    import random

    import indexer.search.columns as columns_module
    from indexer import bitset
    from indexer.search.columns import COLUMN_FACETS

    columns = engine.columns
    docs = random.Random(size).sample(columns.docs, min(size, len(columns.docs)))
    grouped = [d for members in columns.groups().values() for d in members]
    chosen = bitset.from_docs(docs + grouped[:2])
    mask = columns.mask(chosen)
    for facet in COLUMN_FACETS:
        assert columns._in_doc_order(facet), facet  # else only the pass over all is taken
        counted = {}
        for share in (0, 2):  # never, and always, by binary search
            monkeypatch.setattr(columns_module, "SPARSE_SHARE", share)
            counted[share] = (
                columns.count_array(facet, chosen, mask).tolist(),
                columns.group_count_array(facet, chosen, mask).tolist(),
            )
        assert counted[2] == counted[0], facet
        assert sum(counted[0][0]) > 0 or facet in ("month",), facet
