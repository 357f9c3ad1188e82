"""Nothing findable is lost: a page whose body is not sure is found by its page text."""

from __future__ import annotations

import pytest

from indexer.extract.parse import parse_bytes
from indexer.index import index_records
from indexer.search import SearchEngine, SearchRequest
from tests.pages import hidden_article_page, liferay_page, listing_page

HIDDEN_URL = "https://x.example.vn/tin/123.html"
CLEAR_URL = "https://x.example.vn/tin/so-ket-cong-tac-dan-van.html"


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    path = tmp_path_factory.mktemp("page-text-index")
    hidden = parse_bytes(hidden_article_page().encode(), HIDDEN_URL, url=HIDDEN_URL)
    clear = parse_bytes(liferay_page().encode(), CLEAR_URL, url=CLEAR_URL)
    assert hidden.confidence != "found" and clear.confidence == "found"
    index_records(path, [hidden, clear])
    engine = SearchEngine(path)
    yield engine
    engine.close()


def ids(engine: SearchEngine, q: str) -> list[str]:
    response = engine.search(SearchRequest(q=q))
    return [hit.id for hit in response.hits]


@pytest.mark.parametrize(
    "query",
    [
        "Bhiăn",
        "bhian",
        "Quảng Phú",
        "quang phu",
        '"nguyên Bí thư Chi bộ thôn"',
        '"nguyen bi thu chi bo thon"',
    ],
)
def test_words_only_in_the_page_text_find_the_article(engine, query):
    assert ids(engine, query) == [HIDDEN_URL]


def test_page_text_weighs_less_than_a_body(engine):
    # "Đảng ủy" is in the clear article's body and in the hidden one's page text only
    found = ids(engine, "hội nghị Đảng")
    assert found[0] == CLEAR_URL


def test_page_text_snippet_when_the_body_misses(engine):
    [hit] = engine.search(SearchRequest(q="Bhiăn")).hits
    assert "<mark>Bhiăn</mark>" in hit.snippet


def test_persons_come_from_the_article_part_only(engine):
    response = engine.search(SearchRequest(q='person:"Hà Văn Lâm"'))
    assert response.total == 0
    persons = engine.search(SearchRequest(q="")).facets
    assert "Hà Văn Lâm" not in str(persons)


def test_real_listing_is_not_an_article():
    assert parse_bytes(listing_page().encode(), "https://x.example.vn/tin-tuc/").kind == "listing"
