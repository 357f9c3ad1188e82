"""The pages' numbers, dates, messages and links, as a clerk reads them (Flask's test client)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from indexer.index import index_records
from tests.test_search import ARTICLES, article
from webui.app import create_app
from webui.settings import Settings

EXTRA = [
    article(
        21,
        "Quán triệt Chỉ thị 05-CT/TW và Nghị quyết 29-NQ/TW",
        "Đảng ủy quán triệt Chỉ thị 05-CT/TW cùng Nghị quyết 29-NQ/TW về giáo dục.",
        date(2012, 5, 30),
    ),
    article(
        22,
        "Học tập Chỉ thị 05-CT/TW",
        "Chi bộ học tập Chỉ thị 05-CT/TW, gắn với Nghị quyết 29-NQ/TW. Đồng chí Lê Hồng Sơn dự.",
        None,  # type: ignore[arg-type]
    ),
    article(
        23,
        "Học tập Chỉ thị 05-CT/TW",
        "Chi bộ học tập Chỉ thị 05-CT/TW, gắn với Nghị quyết 29-NQ/TW. Đồng chí Lê Hồng Sơn dự.",
        None,  # type: ignore[arg-type]
        site="b.example.vn",
        source_url="https://a.example.vn/22.html",
    ),
    *(
        article(
            30 + n, f"Tin chỉ thị 05-CT/TW số {n}", "Thực hiện Chỉ thị 05-CT/TW.", date(2016, 1, 1)
        )
        for n in range(4)
    ),
]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    path = tmp_path_factory.mktemp("pages-index")
    index_records(path, [*ARTICLES, *EXTRA])
    app = create_app(Settings(index_dir=path, warc_dir=Path(path) / "none"))
    app.config.update(TESTING=True)
    return app


@pytest.fixture
def client(app):
    return app.test_client()


def test_cited_with_counts_are_co_citations(client):
    data = client.get("/code.json?code=29-NQ/TW").get_json()
    assert {c["value"]: c["count"] for c in data["cited_with"]} == {"05-CT/TW": 2}
    for other in data["cited_with"]:
        citing_both = [a for a in data["articles"] if other["value"] in a["codes"]]
        assert other["count"] == len(citing_both) <= data["total"]
