"""`vankien search --all --json` and --limit above a web page: every hit, for scripts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indexer.cli import main as vankien
from indexer.index import index_records
from indexer.record import ArticleRecord

COUNT = 230  # more than two pages of the web's 100


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("index")
    records = [
        ArticleRecord(
            path=f"bai-{n}.html",
            url=f"http://a.vn/tin-tuc/bai-{n}/",
            title=f"Hội nghị học tập nghị quyết số {n}",
            body=[f"Chi bộ số {n} tổ chức hội nghị học tập Nghị quyết 29-NQ/TW của Trung ương."],
        )
        for n in range(COUNT)
    ]
    assert index_records(path, records).added == COUNT
    return path


def lines(capsys) -> list[str]:
    return [line for line in capsys.readouterr().out.splitlines() if line]


def test_all_json_streams_every_hit_once(index, capsys):
    assert vankien(["search", "hội nghị", "--index", str(index), "--all", "--json"]) == 0
    hits = [json.loads(line) for line in lines(capsys)]
    assert len(hits) == COUNT
    assert len({h["id"] for h in hits}) == COUNT
    assert {h["url"] for h in hits} == {f"http://a.vn/tin-tuc/bai-{n}/" for n in range(COUNT)}


def test_all_follows_the_order_of_the_pages(index, capsys):
    vankien(["search", "--index", str(index), "--all", "--json", "--sort", "oldest"])
    streamed = [json.loads(line)["id"] for line in lines(capsys)]
    vankien(["search", "--index", str(index), "--json", "--sort", "oldest", "--limit", "100"])
    first_page = [h["id"] for h in json.loads(capsys.readouterr().out)["hits"]]
    assert streamed[:100] == first_page


def test_a_limit_above_the_web_page_is_served(index, capsys):
    """--json keeps its one-object shape whatever --limit is (scripts read `total`)."""
    args = ["search", "hoi nghi", "--index", str(index), "--json"]
    assert vankien([*args, "--limit", "150"]) == 0
    page = json.loads(capsys.readouterr().out)
    assert (page["total"], page["page"], page["per_page"]) == (COUNT, 1, 150)
    assert "facets" in page
    first = [h["id"] for h in page["hits"]]
    assert len(first) == 150
    assert vankien([*args, "--limit", "150", "--page", "2"]) == 0
    second = [h["id"] for h in json.loads(capsys.readouterr().out)["hits"]]
    assert len(second) == COUNT - 150 and not set(first) & set(second)


def test_all_without_json_prints_every_hit(index, capsys):
    assert vankien(["search", "nghị quyết", "--index", str(index), "--all"]) == 0
    out = lines(capsys)
    assert len(out) == 2 * COUNT and out[-2].lstrip().startswith(f"{COUNT}.")


def test_a_page_below_one_is_refused_by_its_own_number(index, capsys):
    args = ["search", "hoi nghi", "--index", str(index), "--limit", "150"]
    assert vankien([*args, "--page", "0"]) == 2
    err = capsys.readouterr().err
    assert "Giá trị 0 không hợp lệ cho số trang (page)" in err and "-1" not in err
