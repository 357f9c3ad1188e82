"""Every limit is defined once (indexer.limits), set from the environment, refused in Vietnamese."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from indexer.index import index_records
from indexer.limits import LimitError, Limits
from indexer.search import SearchEngine, SearchError, SearchRequest
from tests.conftest import ROOT
from tests.fixtures import ARTICLES
from webui.app import create_app
from webui.settings import Settings


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    path = tmp_path_factory.mktemp("limits")
    index_records(path, ARTICLES)
    return path


def client_with(index, **variables: str):
    settings = Settings.from_env({"VANKIEN_INDEX": str(index), **variables})
    return create_app(settings).test_client()


def test_limits_come_from_the_environment_and_bad_values_are_refused():
    assert Limits.from_env({}) == Limits() == Settings.from_env({}).limits
    limits = Limits.from_env({"VANKIEN_MAX_PER_PAGE": "200", "VANKIEN_EXPORT_LIMIT": "5"})
    assert limits.max_per_page == 200 and limits.export_limit == 5
    for bad in ("0", "-3", "nhiều"):
        with pytest.raises(LimitError, match="VANKIEN_MAX_PAGE phải là số nguyên dương"):
            Limits.from_env({"VANKIEN_MAX_PAGE": bad})


def test_a_raised_per_page_limit_takes_effect_on_the_web(index):
    # Issue 13: with VANKIEN_MAX_PER_PAGE=200, per_page=150 was still refused (in English).
    client = client_with(index, VANKIEN_MAX_PER_PAGE="200")
    assert client.get("/search.json?q=&per_page=150").status_code == 200
    refused = client.get("/search.json?q=&per_page=201")
    assert refused.status_code == 400
    message = refused.get_json()["error"]["message"]
    assert "VANKIEN_MAX_PER_PAGE" in message and "tối đa 200" in message and "201" in message
    assert client.get("/search?q=&per_page=201").status_code == 400


@pytest.mark.parametrize(
    ("url", "variable"),
    [
        ("/search.json?q=&per_page=101", "VANKIEN_MAX_PER_PAGE"),
        ("/search.json?q=&page=1001", "VANKIEN_MAX_PAGE"),
        ("/search.json?q=" + "a" * 2001, "VANKIEN_MAX_QUERY_CHARS"),
    ],
)
def test_each_default_limit_is_refused_naming_it(index, url, variable):
    response = client_with(index).get(url)
    assert response.status_code == 400
    message = response.get_json()["error"]["message"]
    assert variable in message and ("Vượt giới hạn" in message or "quá dài" in message)


def test_the_query_length_limit_is_the_one_the_parser_uses(index):
    engine = SearchEngine(index)
    try:
        # The parser used to cut queries at 500 characters whatever the setting said.
        padded = "." * 600 + " hòa giải"
        assert engine.search(SearchRequest(q=padded)).total == (
            engine.search(SearchRequest(q="hòa giải")).total
        )
        short = Limits(max_query_chars=100)
        with pytest.raises(SearchError, match="VANKIEN_MAX_QUERY_CHARS"):
            engine.search(SearchRequest(q=padded, limits=short))
    finally:
        engine.close()
    client = client_with(index, VANKIEN_MAX_QUERY_CHARS="20")
    response = client.get("/search.json?q=" + "x" * 21)
    assert response.status_code == 400
    assert "tối đa 20 ký tự" in response.get_json()["error"]["message"]


def test_a_csv_export_over_the_limit_is_refused_not_cut(index):
    assert client_with(index, VANKIEN_EXPORT_LIMIT="100").get("/search.csv?q=").status_code == 200
    response = client_with(index, VANKIEN_EXPORT_LIMIT="2").get("/search.csv?q=")
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "VANKIEN_EXPORT_LIMIT" in text and "tối đa 2 dòng" in text


def test_the_command_line_reads_the_same_limits(index):
    """The page size is the web's limit; the command line pages beyond it (issue 12), but
    its query length and page number are refused by the same limits, in the same words."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VANKIEN_MAX_QUERY_CHARS": "20"}
    command = [sys.executable, "-m", "indexer.cli", "search", "--index", str(index)]
    accepted = subprocess.run(
        [*command, "", "--limit", "300"], capture_output=True, text=True, env=env
    )
    assert accepted.returncode == 0, accepted.stderr
    refused = subprocess.run([*command, "x" * 30], capture_output=True, text=True, env=env)
    assert refused.returncode == 2
    assert "VANKIEN_MAX_QUERY_CHARS" in refused.stderr and "tối đa 20" in refused.stderr


def test_a_word_longer_than_any_real_one_is_refused_naming_the_limit(index):
    # A 1,500-letter word used to cost seconds of "did you mean" work for nothing.
    client = client_with(index)
    assert client.get("/search.json", query_string={"q": "x" * 64}).status_code == 200
    refused = client.get("/search.json", query_string={"q": "hòa giải " + "x" * 1500})
    assert refused.status_code == 400
    message = refused.get_json()["error"]["message"]
    assert "VANKIEN_MAX_WORD_CHARS" in message and "tối đa 64" in message and "1500" in message
    assert client.get("/search", query_string={"q": "x" * 65}).status_code == 400
    raised = client_with(index, VANKIEN_MAX_WORD_CHARS="2000")
    assert raised.get("/search.json", query_string={"q": "x" * 1500}).status_code == 200


def test_the_command_line_refuses_a_too_long_word(index):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "indexer.cli", "search", "--index", str(index)]
    refused = subprocess.run([*command, "y" * 100], capture_output=True, text=True, env=env)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "VANKIEN_MAX_WORD_CHARS" in refused.stderr
