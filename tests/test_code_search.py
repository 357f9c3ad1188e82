"""Code queries on a small index: every spelling, the ranking, the citing sentence, years
beside a code, and the nearest codes when nothing matches."""

from __future__ import annotations

from datetime import date

import pytest

from indexer.index import index_records
from indexer.record import ArticleRecord
from indexer.search import SearchEngine, SearchRequest
from indexer.text.codes import extract_codes

FILLER = (
    "Buổi làm việc diễn ra trong không khí cởi mở, các đại biểu thảo luận nhiều vấn đề về "
    "công tác cán bộ, phát triển kinh tế và bảo đảm an sinh xã hội ở cơ sở."
)


def article(n: int, title: str, paragraphs: list[str], published: date | None) -> ArticleRecord:
    record = ArticleRecord(
        path=f"/tmp/c{n}.html",
        url=f"https://c.example.vn/{n}.html",
        title=title,
        body=paragraphs,
        published=published,
        site="c.example.vn",
    )
    record.codes, record.references = extract_codes(title + "\n" + "\n".join(paragraphs))
    return record


ARTICLES = [
    article(
        1,
        "Quán triệt Chỉ thị 05-CT/TW của Bộ Chính trị",
        ["Đảng ủy khối quán triệt Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị.", FILLER],
        date(2016, 6, 1),
    ),
    article(
        2,
        "Hội nghị cán bộ chủ chốt",
        ["Hội nghị bàn việc thực hiện Chỉ thị số 05-CT/TW trong năm.", FILLER],
        date(2017, 3, 2),
    ),
    article(
        3,
        "Giao ban công tác tháng 6",
        [
            FILLER,
            FILLER,
            "Cuối buổi giao ban 6/2019, đồng chí Bí thư nhắc lại yêu cầu của Chỉ thị 05-CT/TW về nêu gương.",
        ],
        date(2019, 6, 3),
    ),
    article(
        4,
        "Tỉnh ủy sơ kết chỉ thị về nêu gương",
        ["Ban Thường vụ Tỉnh ủy sơ kết Chỉ thị số 05-CT/TU.", FILLER],
        date(2018, 4, 4),
    ),
    article(
        5,
        "Triển khai Nghị định 16/2017/NĐ-CP",
        ["Sở tổ chức tập huấn.", FILLER, "Nghị định 16/2017/NĐ-CP có hiệu lực."],
        date(2017, 5, 5),
    ),
    article(
        6,
        "Tập huấn nghiệp vụ tài chính",
        [FILLER, "Các đơn vị áp dụng Nghị định số 16/2017/NĐ-CP và Thông tư 140/2016/TT-BTC."],
        date(2018, 6, 6),
    ),
    article(
        7,
        "Kiểm tra việc thực hiện Nghị định 140/2016/NĐ-CP",
        ["Đoàn kiểm tra làm việc tại huyện.", FILLER],
        date(2018, 7, 7),
    ),
    article(
        8,
        "Học tập Nghị quyết 29-NQ/TW năm 2013",
        ["Ngành giáo dục học tập Nghị quyết số 29-NQ/TW về đổi mới căn bản giáo dục.", FILLER],
        date(2013, 12, 8),
    ),
    article(
        9,
        "Hai năm thực hiện nghị quyết về giáo dục",
        ["Sau hai năm thực hiện Nghị quyết số 29-NQ/TW, chất lượng giáo dục nâng lên.", FILLER],
        date(2015, 11, 9),
    ),
    article(
        10,
        "Đã 3 lần kiểm tra",
        ["Đoàn đã 3 lần kiểm tra việc chấp hành " + FILLER],
        date(2019, 1, 10),
    ),
    article(
        11,
        "Đổi mới giáo dục",
        [FILLER, "Bài viết bàn về Nghị quyết số 29-NQ/TW."],
        None,
    ),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    path = tmp_path_factory.mktemp("codes-index")
    index_records(path, ARTICLES)
    engine = SearchEngine(path)
    yield engine
    engine.close()


def run(engine, q="", **kwargs):
    return engine.search(SearchRequest(q=q, **kwargs))


def ids(response):
    return [int(hit.id.rsplit("/", 1)[-1].split(".")[0]) for hit in response.hits]


@pytest.mark.parametrize(
    "q",
    [
        "05-CT/TW",
        "05-ct/tw",
        "05 - CT/TƯ",
        "Chỉ thị 05 của Bộ Chính trị",
        "ct 5 tw",
        "code:05-ct/tư",
    ],
)
def test_title_first_then_lead_then_the_rest(engine, q):
    assert ids(run(engine, q)) == [1, 2, 3]


def test_a_type_and_number_find_every_issuer_title_first_then_by_tier_and_recency(engine):
    # 4 (05-CT/TU, lead, 2018) and 2 (lead, 2017) share a tier: the newer first.
    assert ids(run(engine, "chi thi 05")) == [1, 4, 2, 3]


def test_the_snippet_is_the_citing_sentence_highlighted(engine):
    [hit] = [h for h in run(engine, "chi thi 05").hits if h.id.endswith("/3.html")]
    assert hit.snippet.startswith("…Cuối buổi")
    assert "<mark>Chỉ thị 05-CT/TW</mark>" in hit.snippet or "<mark>05-CT/TW</mark>" in hit.snippet
    assert "cởi mở" not in hit.snippet


@pytest.mark.parametrize(
    "q",
    [
        "16/2017/ND-CP",
        "16/2017/nd-cp",
        "Nghị định số 16/2017",
        "nghi dinh 16/2017",
        "nghị định 16 năm 2017",
        "16/2017",
        "NĐ 16",
    ],
)
def test_a_state_code_typed_any_way(engine, q):
    response = run(engine, q)
    assert ids(response) == [5, 6]
    assert response.understood["code_matches"][0]["codes"] == ["16/2017/NĐ-CP"]


def test_a_number_and_year_find_every_code_of_that_number(engine):
    assert ids(run(engine, "nghi dinh 140/2016")) == [7]
    assert sorted(ids(run(engine, "140/2016"))) == [6, 7]


def test_a_year_beside_a_party_code_narrows_to_the_articles_of_that_year(engine):
    response = run(engine, "nghi quyet 29 nam 2013")
    assert ids(response) == [8, 11]  # 11 has no date: kept, after
    assert response.understood["codes"] == ["29-NQ/* năm 2013"]
    assert any("2013" in note for note in response.understood["code_notes"])
    assert ids(run(engine, "nq 29 2015")) == [9, 11]
    assert sorted(ids(run(engine, "nghi quyet 29"))) == [8, 9, 11]


def test_the_year_articles_give_a_party_code_is_its_year(engine):
    # Article 1 writes "05-CT/TW ngày 15/5/2016": every article citing it is of 2016.
    assert ids(run(engine, "chi thi 05 nam 2016")) == [1, 2, 3]
    assert ids(run(engine, "chỉ thị 05 năm 2018")) == [4]  # 05-CT/TU: by the article's date


def test_a_year_that_is_not_the_codes_own_finds_nothing(engine):
    assert run(engine, "nghị định 16 năm 2018").total == 0


def test_nothing_found_suggests_the_nearest_existing_code(engine):
    response = run(engine, "16/2017/NĐ-TTg")
    assert response.total == 0
    assert "Không có 16/2017/NĐ-TTg. Có phải 16/2017/NĐ-CP?" in response.understood["code_notes"]
    assert response.suggestion == "16/2017/NĐ-CP"
    assert run(engine, response.suggestion).total == 2


def test_code_words_and_filters_combine(engine):
    assert ids(run(engine, "tập huấn 16/2017/ND-CP")) == [5, 6]
    assert ids(run(engine, "16/2017/ND-CP -tài")) == [5]
    assert ids(run(engine, "", filters={"code": ["16/2017/nd-cp"]}, sort="newest")) == [6, 5]


def test_ordinary_numbers_stay_words(engine):
    response = run(engine, "đã 3 lần")
    assert ids(response) == [10]
    assert response.understood["codes"] == []


def test_canonical_code_of_any_spelling(engine):
    assert engine.canonical_code("16/2017/nd-cp") == "16/2017/NĐ-CP"
    assert engine.canonical_code("05-CT/TƯ") == "05-CT/TW"
    assert engine.canonical_code("05-CT/TU") == "05-CT/TU"  # it exists as typed
    assert engine.canonical_code("99/2099/ND-CP") is None


def test_code_page_and_search_page_accept_every_spelling(tmp_path):
    from webui.app import create_app
    from webui.settings import Settings

    index_records(tmp_path, ARTICLES)
    client = create_app(Settings(index_dir=tmp_path, warc_dir=tmp_path / "none")).test_client()
    data = client.get("/code.json?code=16/2017/nd-cp").get_json()
    assert data["code"] == "16/2017/NĐ-CP" and data["total"] == 2
    assert data["info"]["type"] == "NĐ"
    page = client.get("/search?q=16/2017/NĐ-TTg").get_data(as_text=True)
    assert "Không có 16/2017/NĐ-TTg. Có phải 16/2017/NĐ-CP?" in page


def test_a_number_and_year_without_such_a_code_are_searched_as_words(engine):
    response = run(engine, "3 lần")
    assert ids(response) == [10]
    response = run(engine, "6/2019")  # no code 6/2019 here: a month, as words
    assert ids(response) == [3]
    assert response.understood["code_notes"] == [
        "Không có văn bản mã 6/2019/*: đã tìm theo các từ đã gõ."
    ]


def test_codes_inside_quotes_and_other_fields_are_words(engine):
    response = run(engine, '"Chỉ thị 05-CT/TW"')
    assert response.understood["codes"] == [] and sorted(ids(response)) == [1, 3]
    assert ids(run(engine, 'title:"chỉ thị 05"')) == [1]
    response = run(engine, "ma:05-ct/tư")
    assert response.understood["codes"] == ["05-CT/TW"] and ids(response) == [1, 2, 3]


BODIES = [
    "Thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị, Đảng ủy đã triển khai.",
    "Hội nghị sơ kết. " * 40 + "Theo Chỉ thị 05-CT/TW, các chi bộ báo cáo.",
    "Hội nghị sơ kết. " * 40 + "Chỉ thị 05-CT/TW và Chỉ thị số 05 được quán triệt.",
    "Hội nghị sơ kết. " * 40 + "Kế hoạch 5 năm, 05 đoàn, Chỉ thị 05-CT/TW.",
    "Hội nghị sơ kết. " * 40 + "Không có mã nào, chỉ có số 5 một lần.",
    "Hội nghị sơ kết. " * 30 + "Chỉ thị số\n05-CT/TW được nhắc tới " + "ở đây. " * 30,
    "Kết luận 05-KL/TW; Chỉ thị 05-CT/TU; Nghị quyết Hội nghị Trung ương 4 khóa XII.",
    "Nghị quyết Trung ương 4 khóa XII về xây dựng Đảng. " + "Nội dung. " * 60,
]


@pytest.mark.parametrize("q", ["05-CT/TW", "chỉ thị 05", "04-NQ/TW", "5-CT"])
def test_the_number_check_before_a_body_scan_never_changes_a_tier(engine, q):
    """A body is scanned for citations only when a wanted number stands in its lead or
    more than once: the tier is what the full scan gives, for every body."""
    from indexer.search.code_search import CodeMatcher, _tier, positive_patterns
    from indexer.search.query import parse_query

    snapshot = engine.snapshot
    matcher = CodeMatcher.build(positive_patterns(parse_query(q).root), snapshot.columns)
    full = CodeMatcher(matcher.patterns, matcher.codes, matcher.bare, matcher.preferred)
    full.may_stand_out = lambda body, lead: True  # type: ignore[method-assign]
    for body in BODIES:
        assert _tier(matcher, body) == _tier(full, body), body[-60:]
