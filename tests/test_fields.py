"""indexer/fields.py: each field declared once, and every place that lists fields or facets
derived from it. The last test adds a facet to a copy of the code with one edit and
follows it through the index, the search, the CLI, the web and the API description."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from werkzeug.datastructures import MultiDict

from indexer import fields, search
from indexer.cli import build_parser
from indexer.index import index_records, record_to_fields
from indexer.limits import Limits
from indexer.search import SearchEngine, SearchRequest, query
from indexer.search.columns import COLUMN_FACETS
from indexer.store.whoosh.schema import build_schema
from tests.conftest import ROOT
from tests.fixtures import ARTICLES, cli
from webui.api_description import describe
from webui.labels import FACET_LABELS
from webui.params import Params
from webui.settings import Settings
from webui.views import openapi

COLUMNS = [f for f in fields.FIELDS if f.column is not None]


def test_names_are_unique_and_forms_belong_to_one_field():
    names = [f.name for f in fields.FIELDS]
    assert len(names) == len(set(names))
    forms = [form.name for form in fields.INDEX_FORMS]
    assert len(forms) == len(set(forms))
    aliases = [a for f in fields.FIELDS for a in f.aliases]
    assert len(aliases) == len(set(aliases)) and not set(aliases) & set(names)


def test_the_schema_has_exactly_the_declared_forms():
    schema = build_schema()
    assert sorted(schema.names()) == sorted(form.name for form in fields.INDEX_FORMS)
    for form in fields.INDEX_FORMS:
        field = schema[form.name]
        assert type(field).__name__ == form.kind.value.upper(), form.name
        assert field.stored == (form.stored or form.kind == fields.Kind.STORED), form.name


def test_every_facet_is_in_the_document_the_columns_and_every_list_of_facets():
    record = ARTICLES[0]
    document = record_to_fields(record)
    columns = fields.column_values(document["facets"])
    cli_help = cli("search", "--help").stdout
    described = describe(openapi(), Limits())["paths"]["/search.json"]["get"]["parameters"]
    api = {p["name"]: p for p in described}
    for facet in COLUMNS:
        name = facet.name
        assert name in COLUMN_FACETS and name in columns and name in FACET_LABELS
        assert FACET_LABELS[name] == facet.label != ""
        assert all(
            form.name in document or form.read(fields.RecordView(record)) is None
            for form in facet.forms
        )
        shown = facet.facet is not None and facet.facet.shown
        assert (name in search.FACETS) == shown == (name in api["more"]["schema"]["enum"])
        assert (name in search.FILTERS) == facet.filter == (name in api)
        assert (name in query.FIELDS) == facet.query
        assert (f"--{name}" in cli_help) == bool(facet.cli)
        if facet.cli:
            assert getattr(build_parser().parse_args(["search", f"--{name}", "x"]), name) == ["x"]
        assert (f"fq_{name}" in api) == facet.searchable
        if facet.filter:
            asked = Params(MultiDict([(name, "x")]), Settings()).filters()
            assert asked == {name: ["x"]}
    # The stored summary holds what every column reads.
    assert set(fields.column_values(fields.summary(record))) == set(COLUMN_FACETS)


def test_query_aliases_name_query_fields():
    for alias, name in query.FIELD_ALIASES.items():
        assert name in query.FIELDS, alias
        assert query.parse_query(f"{alias}:2017").fields == query.parse_query(f"{name}:2017").fields


def test_the_help_lists_every_shown_facet_with_its_meaning():
    headings = " ".join(name for name, _ in fields.HELP_FACETS)
    for name in search.FACETS:
        assert fields.BY_NAME[name].label in headings, name
    assert all(meaning for _, meaning in fields.HELP_FACETS)


def test_api_filter_limits_follow_the_server_settings():
    described = describe(openapi(), Limits(max_query_chars=77))
    parameters = {p["name"]: p for p in described["paths"]["/search.json"]["get"]["parameters"]}
    assert parameters["fq_person"]["schema"]["maxLength"] == 77
    assert "x-search-filters" not in json.dumps(described)
    assert "x-search-filters" in json.dumps(openapi())  # the file itself is left as read


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    path = tmp_path_factory.mktemp("index")
    index_records(path, ARTICLES)
    engine = SearchEngine(path)
    yield engine
    engine.close()


@pytest.mark.parametrize("name", search.FACETS)
def test_declared_order_and_cut_are_what_the_search_does(engine, name):
    facet = fields.BY_NAME[name].facet
    filters = {facet.needs: ["2017"]} if facet.needs else {}
    response = engine.search(SearchRequest(filters=filters, facet_limit=1))
    values = response.facets[name]
    assert values, name
    if not facet.cut:
        assert len(values) == response.facet_totals[name] > 1
    else:
        assert len(values) == 1
    if facet.order == "value":
        listed = [v.value for v in values if v.value != search.UNDATED]
        assert listed == sorted(listed, reverse=True)
    if facet.needs:
        assert name not in engine.search(SearchRequest()).facets


# One edit in a copy of indexer/fields.py: a facet "kind" (article or listing page).
NEW_FACET = """
    Field(
        "kind",
        label="Loại trang",
        meaning="Bài viết hay trang danh sách.",
        forms=(Form("kind", Kind.ID, lambda v: v.record.kind, stored=True),),
        summary=("kind", lambda v: v.record.kind),
        column=lambda s: _one(s.get("kind")),
        facet=Facet(),
        filter=True,
        cli="loại trang",
        query=True,
        aliases=("loaitrang",),
        searchable=True,
    ),
"""

PROBE = """
import json, subprocess, sys
from pathlib import Path
from werkzeug.datastructures import MultiDict
from indexer.search import query
from indexer import search
from indexer.index import index_records
from indexer.record import ArticleRecord
from indexer.store.whoosh.schema import build_schema
from webui.app import create_app
from webui.labels import FACET_LABELS
from webui.params import Params
from webui.settings import Settings

index = Path(sys.argv[1])
records = [
    ArticleRecord(path="/tmp/a.html", title="Hội nghị Đảng bộ", body=["Hội nghị."]),
    ArticleRecord(path="/tmp/b.html", title="Tin Đảng bộ", body=["Các tin."], kind="listing"),
]
index_records(index, records)
out = {"schema": "kind" in build_schema().names(), "facets": "kind" in search.FACETS,
       "filters": "kind" in search.FILTERS, "label": FACET_LABELS.get("kind"),
       "query": str(query.parse_query("loaitrang:listing").root)}
response = search.search(search.SearchRequest(q="đảng", filters={"kind": ["listing"]}), index)
out["hits"] = [h.id for h in response.hits]
typed = search.search(search.SearchRequest(q="đảng loaitrang:listing"), index)
out["typed"] = [h.id for h in typed.hits]
out["facet"] = [(v.value, v.count) for v in response.facets["kind"]]
out["params"] = Params(MultiDict([("kind", "listing")]), Settings()).filters()
client = create_app(Settings(index_dir=index)).test_client()
web = client.get("/search.json?q=dang&kind=listing").get_json()
out["web"] = [h["id"] for h in web["hits"]]
api = client.get("/openapi.json").get_json()["paths"]["/search.json"]["get"]["parameters"]
out["api"] = sorted(p["name"] for p in api if "kind" in p["name"])
out["help"] = [f["name"] for f in client.get("/help.json").get_json()["facets"]]
cli = subprocess.run([sys.executable, "-m", "indexer.cli", "search", "dang", "--kind", "listing",
                      "--index", str(index), "--json"], capture_output=True, text=True)
out["cli"] = [h["id"] for h in json.loads(cli.stdout)["hits"]]
print(json.dumps(out, ensure_ascii=False))
"""


def test_a_facet_is_added_with_one_edit_in_fields_py(tmp_path):
    copy = tmp_path / "code"
    for package in ("indexer", "webui"):
        shutil.copytree(
            ROOT / package, copy / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    declared = copy / "indexer" / "fields.py"
    source = declared.read_text(encoding="utf-8")
    marker = '    Field(\n        "content_hash",'
    assert source.count(marker) == 1
    declared.write_text(source.replace(marker, NEW_FACET.lstrip("\n") + marker), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(copy)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "index")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["schema"] and out["facets"] and out["filters"]
    assert out["label"] == "Loại trang"
    assert "kind" in out["query"] and "listing" in out["query"]
    assert out["hits"] == out["web"] == out["cli"] == out["typed"] == ["/tmp/b.html"]
    # The facet ignores its own selection (several values combine with OR).
    assert sorted(map(tuple, out["facet"])) == [("article", 1), ("listing", 1)]
    assert out["params"] == {"kind": ["listing"]}
    assert out["api"] == ["fq_kind", "kind"]
    assert "Loại trang" in out["help"]
