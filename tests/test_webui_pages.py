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


def test_zero_results_explain_and_offer_the_accented_form(client):
    body = client.get("/search?q=xay+dung+dang+zzzqqq").get_data(as_text=True)
    assert "Không tìm thấy bài viết nào" in body and "Đã hiểu câu tìm là" in body
    assert "gõ không dấu" not in body
    assert '<ol class="hits"' not in body  # no numbered "1." before the message
    assert "<h2>Người</h2>" not in body and "<h2>Trang</h2>" not in body  # empty facets hidden


def test_a_code_that_finds_nothing_offers_the_codes_with_its_number(client):
    body = client.get("/search?q=29-NQ/HU").get_data(as_text=True)
    assert "/codes?number=29" in body
    body = client.get("/search?q=99-NQ/TW").get_data(as_text=True)
    assert "mã văn bản 99-NQ/TW" in body and "/codes?" not in body  # no code numbered 99


def test_html_dates_are_vietnamese_and_json_keeps_iso(client):
    body = client.get("/search?q=quan+triet").get_data(as_text=True)
    assert "30/05/2012" in body and "2012-05-30" not in body
    hit = client.get("/search.json?q=quan+triet").get_json()["hits"][0]
    assert hit["published"] == "2012-05-30"
    body = client.get("/code?code=05-CT/TW").get_data(as_text=True)
    assert "30/05/2012" in body and "không rõ ngày" in body and ">?<" not in body


def test_person_roles_span_only_dated_articles(client):
    body = client.get("/person?name=Lê Hồng Sơn").get_data(as_text=True)
    assert "? –" not in body and "– ?" not in body


def test_undated_year_is_shown_and_selectable(client):
    data = client.get("/search.json").get_json()
    years = data["facets"]["year"]
    assert years[-1]["value"] == "undated"
    body = client.get("/search?year=undated").get_data(as_text=True)
    assert "Năm: không rõ ngày" in body
    assert client.get("/search.json?year=undated").get_json()["total"] == years[-1]["count"]


def test_a_reposts_own_address_is_shown(client):
    body = client.get("/article?id=https://b.example.vn/23.html").get_data(as_text=True)
    assert "Bài đăng lại này" in body and "https://b.example.vn/23.html" in body
    body = client.get("/search?q=hoc+tap+chi+thi").get_data(as_text=True)
    assert "Đăng lại ở 1 nơi khác" in body


def test_single_page_results_have_no_pager_and_no_dangling_separator(client):
    body = client.get("/search?q=quan+triet").get_data(as_text=True)
    assert "Phân trang" not in body
    assert " · </p>" not in body and "· ·" not in body


def test_browse_pages_are_in_the_navigation(client):
    body = client.get("/").get_data(as_text=True)
    for path in ("/codes", "/persons", "/issuers", "/help"):
        assert f'href="{path}"' in body
    assert 'href="/issuers" aria-current="page"' in client.get("/issuers").get_data(as_text=True)


def test_issuers_are_explained_and_unknown_ones_kept_as_written(client):
    from webui.issuers import issuer_name

    assert issuer_name("ĐUK").startswith("Đảng ủy Khối")
    assert issuer_name("BTGTU") == "Ban Tuyên giáo Tỉnh ủy / Thành ủy"
    assert issuer_name("TƯ") == issuer_name("TW") == "Ban Chấp hành Trung ương Đảng"
    assert issuer_name("QH14") == "Quốc hội khóa XIV"
    assert issuer_name("XYZ") is None
    body = client.get("/issuers").get_data(as_text=True)
    assert "Ban Chấp hành Trung ương Đảng" in body and "<table" in body
    data = client.get("/issuers.json").get_json()
    assert {"value": "TW", "name": "Ban Chấp hành Trung ương Đảng"}.items() <= next(
        v for v in data["values"] if v["value"] == "TW"
    ).items()
    assert "Ban Chấp hành Trung ương" in client.get("/code?code=29-NQ/TW").get_data(as_text=True)


def test_fonts_covering_vietnamese_are_served_from_here(client):
    root = Path(__file__).resolve().parent.parent / "webui"
    with client.get("/static/fonts/fonts.css") as response:
        css = response.get_data(as_text=True)
    assert "U+1EA0-1EF9" in css and "http" not in css.replace("http://scripts", "")
    for name in ("be-vietnam-pro-vietnamese-400-normal", "noto-sans-mono-vietnamese-400-normal"):
        with client.get(f"/static/fonts/{name}.woff2") as response:
            assert response.status_code == 200 and response.data[:4] == b"wOF2"
    assert (root / "static" / "fonts" / "OFL-be-vietnam-pro.txt").exists()
    for path in [*root.glob("templates/*.html"), root / "static" / "style.css"]:
        text = path.read_text(encoding="utf-8")
        assert "//fonts." not in text and "cdn" not in text.lower(), path
    assert 'href="#bo-loc"' in client.get("/search?q=dang").get_data(as_text=True)


def test_code_and_person_pages_chart_articles_per_year(client):
    from webui.charts import year_chart

    svg = str(year_chart({"2012": 1, "2016": 4}, undated=2))
    assert svg.count("<rect") == 2  # 2013-2015 are gaps, not bars
    assert "2012: 1, 2016: 4; không rõ ngày: 2" in svg and "style=" not in svg
    assert str(year_chart({})) == ""
    body = client.get("/code?code=05-CT/TW").get_data(as_text=True)
    assert '<svg class="chart" role="img"' in body and "2016: 4" in body
    assert "không rõ ngày: 1" in body  # the undated repost group counts once
    assert '<svg class="chart"' in client.get("/person?name=Lê Hồng Sơn").get_data(as_text=True)


def test_exports_link_here_and_to_the_original(client):
    import csv
    import io

    from openpyxl import load_workbook

    response = client.get("/search.csv?q=hoc+tap+chi+thi&sep=semicolon")
    text = response.get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][-1] == "xem trong vankien"
    addresses = {row[6]: row[-1] for row in rows[1:]}
    assert "https://b.example.vn/23.html" not in addresses  # the repost group once
    assert (
        addresses["https://a.example.vn/22.html"]
        == "http://localhost/article?id=https%3A%2F%2Fa.example.vn%2F22.html"
    )
    assert client.get("/search.csv?sep=tab").status_code == 400
    response = client.get("/search.xlsx?q=quan+triet")
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet["A1"].value == "ngày đăng" and sheet["A2"].number_format == "dd/mm/yyyy"
    assert sheet["A2"].value.date().isoformat() == "2012-05-30"
    assert sheet["I2"].hyperlink.target.startswith("http://localhost/article?id=")
    assert sheet["G2"].hyperlink.target == "https://a.example.vn/21.html"
    body = client.get("/search?q=quan+triet").get_data(as_text=True)
    assert "/search.xlsx?q=quan+triet" in body and "sep=semicolon" in body


def test_xlsx_keeps_formula_like_titles_as_text():
    from openpyxl import load_workbook

    from webui.export import export_rows, xlsx_export

    rows = [{"id": "x", "title": '=HYPERLINK("http://evil")\x01', "published": None}]
    book = load_workbook(io_bytes(xlsx_export(export_rows(rows, "http://h/"))))
    cell = book.active["B2"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://evil")'


def io_bytes(data: bytes):
    import io

    return io.BytesIO(data)


def test_help_page_explains_the_tasks_of_a_clerk(client):
    body = client.get("/help").get_data(as_text=True)
    for title in ("Tra một văn bản theo số hiệu", "Tra một người", "khoảng thời gian"):
        assert title in body
    assert "không rõ ngày" in body and "Cơ quan ban hành" in body and "CSV (;)" in body
    for name in ("tra-ma", "trang-nguoi", "loc-nam"):
        assert f"/static/help/{name}.png" in body
        with client.get(f"/static/help/{name}.png") as response:
            assert response.status_code == 200 and response.data[:4] == b"\x89PNG"


def test_date_range_is_typed_and_shown_dd_mm_yyyy(client):
    body = client.get("/search?from=01/01/2016&to=31/12/2016").get_data(as_text=True)
    assert 'value="01/01/2016"' in body and "Từ ngày: 01/01/2016" in body
    data = client.get("/search.json?from=01/01/2016&to=31/12/2016").get_json()
    assert data["date_from"] == "2016-01-01" and data["total"] == 4
    assert client.get("/search?from=31/02/2016").status_code == 400


def test_the_suggest_page_lists_what_the_search_box_would_offer(client):
    data = client.get("/suggest.json?field=person&q=le").get_json()
    assert data["values"], data
    page = client.get("/suggest?field=person&q=le").get_data(as_text=True)
    assert "Gợi ý người" in page and "Hướng dẫn tra cứu" not in page  # not the help page
    for value in data["values"]:
        assert f">{value}</a>" in page  # each one links to its person page
    empty = client.get("/suggest?field=code&q=zzzz").get_data(as_text=True)
    assert "Không có gợi ý" in empty and 'href="/codes"' in empty
