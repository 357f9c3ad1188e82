"""The results summary names a typed code as the index writes it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from indexer.index import index_records
from tests.test_code_search import ARTICLES
from webui.app import create_app
from webui.present import codes_as_indexed, suggested_code, understood_parts
from webui.settings import Settings


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    path = tmp_path_factory.mktemp("codesummary")
    index_records(path, ARTICLES)
    app = create_app(Settings(index_dir=path, warc_dir=Path(path) / "none"))
    app.config.update(TESTING=True)
    return app.test_client()


def summary(client, q: str) -> str:
    page = client.get("/search", query_string={"q": q}).get_data(as_text=True)
    found = re.search(r'<div class="summary">\s*<p>(.*?)</p>', page, re.S)
    assert found, page
    return " ".join(found.group(1).split())


@pytest.mark.parametrize(
    "q", ["nghi dinh 16/2017/ND-CP", "16/2017/nd-cp", "Nghị định 16/2017/NĐ-CP", "16/2017/ND-CP"]
)
def test_a_known_code_is_shown_as_indexed(client, q):
    text = summary(client, q)
    assert "mã: 16/2017/NĐ-CP" in text
    assert "ND-CP" not in text
    data = client.get("/search.json", query_string={"q": q}).get_json()
    assert data["understood_codes"] == ["16/2017/NĐ-CP"]


def test_a_code_pattern_or_unknown_code_is_shown_as_read(client):
    assert "mã: 05-CT/*" in summary(client, "chi thi 05")
    assert "mã: 99-NQ/TW" in summary(client, "99-NQ/TW")


def test_the_zero_result_page_names_the_code_as_indexed_too(client):
    page = client.get("/search", query_string={"q": "16/2017/ND-CP", "year": "1999"}).get_data(
        as_text=True
    )
    assert "Đã hiểu câu tìm là: mã văn bản 16/2017/NĐ-CP" in page


def test_codes_as_indexed_keeps_order_and_drops_repeats():
    known = {"16/2017/ND-CP": "16/2017/NĐ-CP", "16/2017/NĐ-CP": "16/2017/NĐ-CP"}
    codes = ["16/2017/ND-CP", "05-CT/*", "16/2017/NĐ-CP"]
    assert codes_as_indexed(codes, known.get) == ["16/2017/NĐ-CP", "05-CT/*"]
    assert understood_parts({"codes": codes}, ["16/2017/NĐ-CP"]) == ["mã văn bản 16/2017/NĐ-CP"]
    assert understood_parts({"codes": ["05-CT/*"]}) == ["mã văn bản 05-CT/*"]


def test_a_nearest_code_is_offered_as_a_code_not_as_accents(client):
    page = client.get("/search", query_string={"q": "16/2017/NĐ-TTg"}).get_data(as_text=True)
    assert "Mã gần nhất có trong chỉ mục" in page and "Tìm dạng có dấu" not in page
    assert "/code?code=16%2F2017%2FN%C4%90-CP" in page
    data = client.get("/search.json", query_string={"q": "16/2017/NĐ-TTg"}).get_json()
    assert data["code_suggestion"] == "16/2017/NĐ-CP"
    words = client.get("/search.json", query_string={"q": "quan triet chi thi 05 zzqq"})
    assert words.get_json()["code_suggestion"] is None


def test_suggested_code_names_only_a_code_the_suggestion_changes():
    assert suggested_code("99-NQ/TW", "29-NQ/TW") == "29-NQ/TW"
    assert suggested_code("chi thi 05 hoc tapp", "chi thi 05 học tập") is None
    assert suggested_code("x", None) is None


def test_document_types_are_spelled_out_beside_their_abbreviation(client):
    facets = client.get("/search.json").get_json()["facets"]
    names = {v["value"]: v.get("name") for v in facets["type"]}
    assert names["NĐ"] == "Nghị định" and names["CT"] == "Chỉ thị"
    page = client.get("/search").get_data(as_text=True)
    assert "Nghị định</small>" in page


def test_what_a_query_excludes_is_said_apart():
    parts = understood_parts({"words": ["chi", "thi"], "excluded": ["05-CT/TW"]})
    assert parts == ["từ “chi thi”", "trừ 05-CT/TW"]


@pytest.mark.parametrize("q", ["chi thi -05-CT/TW", "chỉ thị NOT mã:05-CT/TW"])
def test_an_excluded_code_is_named_as_excluded_never_as_searched(client, q):
    text = summary(client, q)
    assert "trừ: 05-CT/TW" in text
    assert "mã: 05-CT/TW" not in text
