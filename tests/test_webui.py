"""Every page, its JSON twin, and bad parameters, through Flask's test client."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from indexer.index import index_records
from tests.fixtures import ARTICLES, article
from webui.app import create_app
from webui.settings import Settings

HOSTILE = article(
    7,
    'Bài có <script>alert("xss")</script> trong tiêu đề',
    'Nội dung <img src=x onerror=alert(1)> về "hòa giải" & <b>đậm</b>. Đồng chí Lê Hồng Sơn dự.',
    date(2022, 2, 2),
    source_url="javascript:alert(1)",
)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    path = tmp_path_factory.mktemp("webindex")
    index_records(path, [*ARTICLES, HOSTILE])
    app = create_app(Settings(index_dir=path, warc_dir=Path(path) / "none"))
    app.config.update(TESTING=True)
    return app


@pytest.fixture
def client(app):
    return app.test_client()


PAGES = [
    "/",
    "/search?q=xay+dung+dang",
    "/article?id=https://a.example.vn/1.html",
    "/code?code=29-NQ/TW",
    "/person?name=Lê Hồng Sơn",
    "/codes",
    "/persons",
    "/issuers",
    "/help",
]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_renders_in_vietnamese_with_safe_headers(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.content_type.startswith("text/html")
    body = response.get_data(as_text=True)
    assert '<html lang="vi">' in body and "Tìm" in body
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "https://" not in body.split("<body>", 1)[0].replace(
        "https://a.example.vn", ""
    )  # no external assets


@pytest.mark.parametrize("url", [p for p in PAGES if p != "/"])
def test_every_page_has_a_json_twin(client, url):
    path, _, query = url.partition("?")
    response = client.get(f"{path}.json" + (f"?{query}" if query else ""))
    assert response.status_code == 200 and response.is_json


def test_search_page_content(client):
    body = client.get("/search?q=xay+dung+dang").get_data(as_text=True)
    assert "<mark>xây</mark> <mark>dựng</mark> <mark>Đảng</mark>" in body
    assert "Có phải bạn muốn tìm" in body and "xây dựng Đảng" in body
    assert "Xem bài gốc" in body and "Lê Hồng Sơn" in body and "29-NQ/TW" in body
    assert "1</strong> kết quả" in body


def test_search_json_matches_the_api(client):
    data = client.get("/search.json?q=le+hong+son").get_json()
    assert data["total"] == 3
    assert {"value", "count", "selected", "toggle_url"} <= set(data["facets"]["person"][0])
    assert data["understood"]["persons"] == ["Lê Hồng Sơn"]


def test_facet_selection_chips_and_or_semantics(client):
    data = client.get("/search.json?person=Lê Hồng Sơn&person=Trần Thị Thu Loan").get_json()
    assert data["total"] == 5
    assert [f["value"] for f in data["active_filters"]] == ["Lê Hồng Sơn", "Trần Thị Thu Loan"]
    removed = client.get(
        data["active_filters"][0]["remove_url"].replace("/search", "/search.json")
    ).get_json()
    assert removed["total"] == 2


def test_article_page_lists_reposts_and_codes(client):
    data = client.get("/article.json?id=https://a.example.vn/1.html").get_json()
    assert [c["url"] for c in data["copies"]] == ["https://b.example.vn/5.html"]
    assert data["codes"][0]["code"] == "29-NQ/TW"
    body = client.get("/article?id=https://b.example.vn/5.html").get_data(as_text=True)
    assert "(bài gốc)" in body


def test_code_and_person_pages(client):
    code = client.get("/code.json?code=29 - NQ/TƯ").get_json()
    assert code["code"] == "29-NQ/TW" and code["info"]["issuer"] == "TW"
    assert [a["published"] for a in code["articles"]] == sorted(
        a["published"] for a in code["articles"]
    )
    person = client.get("/person.json?name=Lê Hồng Sơn").get_json()
    assert person["total"] == 3
    assert any(r["role"] == "Bí thư Đảng ủy Sở" for r in person["roles"])


def test_code_page_counts_codes_cited_with_it_among_its_own_articles(client):
    code = client.get("/code.json?code=29-NQ/TW").get_json()
    cited = {c["value"]: c["count"] for c in code["cited_with"]}
    for value, count in cited.items():
        citing = [a for a in code["articles"] if value in a["codes"]]
        assert count == len(citing) > 0, value
    assert all(c["count"] <= code["total"] for c in code["cited_with"])
    assert client.get("/code.json?code=999-NQ/TW").get_json()["cited_with"] == []


def test_browse_pages_search_inside_values(client):
    persons = client.get("/persons.json?q=loan").get_json()
    assert [v["value"] for v in persons["values"]] == ["Trần Thị Thu Loan"]


def test_csv_export_of_the_whole_result_list(client):
    response = client.get("/search.csv?q=&per_page=1")
    assert response.content_type.startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][0] == "ngày đăng" and len(rows) == 1 + 6
    assert any(row[1].startswith("Bài có <script>") for row in rows)


def test_script_injection_is_escaped_everywhere(client):
    for url in [
        "/search?q=<script>alert(1)</script>",
        "/search?q=xss",
        "/article?id=https://a.example.vn/7.html",
        '/search?q="><img src=x onerror=alert(1)>',
    ]:
        body = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in body and "<img src=x" not in body
    body = client.get("/article?id=https://a.example.vn/7.html").get_data(as_text=True)
    assert "javascript:" not in body  # a javascript: original link is never rendered as a link


@pytest.mark.parametrize(
    "url",
    [
        "/search?page=0",
        "/search?page=abc",
        "/search?page=99999",
        "/search?per_page=1000",
        "/search?sort=random",
        "/search?from=2017-13-40",
        "/search?more=colour",
        "/search?q=" + "a" * 3000,
        "/search?page=1&page=2",
        "/search?person=" + "x" * 400,
        "/suggest.json?field=body&q=a",
    ],
)
def test_bad_parameters_get_a_400_with_a_vietnamese_message(client, url):
    response = client.get(url)
    assert response.status_code == 400
    json_url = url.replace("/search?", "/search.json?", 1)
    data = client.get(json_url).get_json()
    assert set(data) == {"error"} and set(data["error"]) == {"status", "message"}
    assert data["error"]["status"] == 400 and data["error"]["message"]


def test_every_json_error_has_the_same_shape(client):
    for url in ["/article.json?id=nope", "/article.json", "/nope.json", "/search.json?sort=x"]:
        response = client.get(url)
        data = response.get_json()
        assert response.status_code in (400, 404)
        assert set(data["error"]) == {"status", "message"}


def test_a_date_range_typed_backwards_removes_the_date_shown(client):
    data = client.get("/search.json?from=2022-01-01&to=2016-01-01").get_json()
    chips = {f["label"]: f for f in data["active_filters"] if f["name"] in ("from", "to")}
    assert chips["Từ ngày"]["value"] == "01/01/2016"  # shown as Vietnamese write dates
    assert chips["Từ ngày"]["remove_url"] == "/search?from=2022-01-01"
    assert chips["Đến ngày"]["remove_url"] == "/search?to=2016-01-01"


def test_other_http_errors_keep_their_status_and_are_no_500(client):
    # A Range past the end of a static file is werkzeug's 416, not an unexpected error.
    response = client.get("/static/style.css", headers={"Range": "bytes=999999-"})
    assert response.status_code == 416
    assert "Lỗi không mong muốn" not in response.get_data(as_text=True)


def test_no_index_is_a_clear_503(tmp_path):
    client = create_app(Settings(index_dir=tmp_path / "missing")).test_client()
    response = client.get("/search.json?q=a")
    assert (
        response.status_code == 503 and "vankien index" in response.get_json()["error"]["message"]
    )


def test_settings_from_environment(tmp_path):
    settings = Settings.from_env(
        {"VANKIEN_INDEX": str(tmp_path), "VANKIEN_PORT": "9001", "VANKIEN_HOST": "0.0.0.0"}
    )
    assert settings.index_dir == tmp_path and settings.port == 9001 and settings.host == "0.0.0.0"
    assert Settings.from_env({}, port=7000).port == 7000


def test_a_date_range_typed_backwards_as_vietnamese_dates_removes_the_date_shown(client):
    data = client.get("/search.json?from=01/01/2022&to=01/01/2016").get_json()
    chips = {f["label"]: f for f in data["active_filters"] if f["name"] in ("from", "to")}
    assert chips["Từ ngày"]["value"] == "01/01/2016"
    assert "to=" not in chips["Từ ngày"]["remove_url"]  # the 2016 date was typed under "to"
    assert "from=" in chips["Từ ngày"]["remove_url"]
    assert "from=" not in chips["Đến ngày"]["remove_url"]
