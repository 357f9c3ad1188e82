"""webui/openapi.json describes every GET route of the app, each with the right parameters."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from indexer.index import index_records
from indexer.limits import Limits
from tests.fixtures import ARTICLES
from webui.api_description import describe
from webui.app import create_app
from webui.settings import Settings

SPEC = json.loads((Path(__file__).parents[1] / "webui" / "openapi.json").read_text("utf-8"))
# What /openapi.json serves: the file, with the search filters derived from indexer/fields.py.
SERVED = describe(SPEC, Limits())


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    path = tmp_path_factory.mktemp("openapi")
    index_records(path, ARTICLES)
    return create_app(Settings(index_dir=path, warc_dir=path / "none"))


def get_routes(app) -> set[str]:
    """The GET routes of the app, in OpenAPI's spelling (<name> -> {name}), static left out."""
    return {
        re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and rule.endpoint != "static"
    }


def parameter_names(path: str) -> set[str]:
    return {p["name"] for p in SERVED["paths"][path]["get"].get("parameters", [])}


def test_every_get_route_is_described(app):
    routes = get_routes(app)
    assert "/search.csv" in routes and "/search.xlsx" in routes  # the rule reads the map
    missing = sorted(routes - set(SPEC["paths"]))
    assert not missing, f"routes without a description in webui/openapi.json: {missing}"
    assert not sorted(set(SPEC["paths"]) - routes), "described paths the app does not serve"


def test_a_route_added_without_description_is_caught(app):
    app.add_url_rule("/new-page", "new_page", lambda: "")
    assert "/new-page" in get_routes(app) - set(SPEC["paths"])


@pytest.mark.parametrize("path", [p for p in SPEC["paths"] if p.endswith(".json")])
def test_a_page_takes_the_parameters_of_its_json_twin(path):
    if path == "/openapi.json":
        return
    page = path.removesuffix(".json")
    assert parameter_names(page) == parameter_names(path)


def test_the_home_page_and_exports_take_the_search_parameters():
    search = parameter_names("/search.json")
    assert {"year", "person", "code", "fq_person"} <= search  # the derived filters are in
    assert parameter_names("/") == search
    assert parameter_names("/search.xlsx") == search
    assert parameter_names("/search.csv") == search | {"sep"}


def test_the_described_content_types_are_served(app):
    client = app.test_client()
    for path, ctype in [
        ("/search.csv", "text/csv"),
        ("/search.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("/openapi.json", "application/json"),
        ("/search", "text/html"),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.content_type.split(";")[0] == ctype
        assert ctype in SPEC["paths"][path]["get"]["responses"]["200"]["content"]
    missing = client.get("/capture", query_string={"id": "https://none.example.vn/x"})
    assert str(missing.status_code) in SPEC["paths"]["/capture"]["get"]["responses"]
    assert client.get("/openapi.json").get_json() == SERVED


@pytest.mark.parametrize("path", ["/search.csv", "/search.xlsx"])
@pytest.mark.parametrize(
    "query", [{"sort": "x"}, {"from": "2020-13-45"}, {"per_page": "0"}, {"q": "a" * 5000}]
)
def test_exports_refuse_bad_parameters_with_a_described_4xx(app, path, query):
    # The exports are left out of the default schemathesis run (tests/test_api_fuzz.py).
    response = app.test_client().get(path, query_string=query)
    assert 400 <= response.status_code < 500
    assert str(response.status_code) in SPEC["paths"][path]["get"]["responses"]
    described = SPEC["paths"][path]["get"]["responses"][str(response.status_code)]["content"]
    assert response.content_type.split(";")[0] in described


def search_parameter(name: str, served: dict = SERVED) -> dict:
    return next(
        p for p in served["paths"]["/search.json"]["get"]["parameters"] if p["name"] == name
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("year", "2017"),
        ("year", "undated"),
        ("year", " 2017 "),
        ("year", ""),
        ("year", "20199"),
        ("year", "0999"),
        ("year", "\u200b"),
        ("month", "2017-08"),
        ("month", "2017-13"),
        ("month", "2017-8"),
    ],
)
def test_the_described_form_of_a_filter_value_is_the_one_the_server_accepts(app, name, value):
    pattern = search_parameter(name)["schema"]["items"]["pattern"]
    response = app.test_client().get("/search.json", query_string={name: value})
    assert response.status_code == (200 if re.search(pattern, value) else 400)


def test_the_ranges_of_the_search_parameters_follow_the_limits():
    limits = Limits(max_query_chars=300, max_word_chars=20, max_page=7, max_per_page=9)
    served = describe(SPEC, limits)
    q = search_parameter("q", served)
    assert q["schema"]["maxLength"] == 300 and "no word longer than 20" in q["description"]
    assert search_parameter("page", served)["schema"]["maximum"] == 7
    assert search_parameter("per_page", served)["schema"]["maximum"] == 9
    assert "1000-9999" in search_parameter("from", served)["description"]
    assert "1000-9999" in search_parameter("year", served)["description"]
