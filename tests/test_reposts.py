"""One article on several sites is one result, found by its body alone (no site names
another as its source); look-alikes (templates, short notices) stay apart; the groups are
the same whatever order the articles were indexed in."""

from __future__ import annotations

from datetime import date

import pytest

from indexer.index import index_records
from indexer.record import ArticleRecord
from indexer.reposts import JACCARD_MIN, signature, similarity
from indexer.search import SearchEngine, SearchRequest
from tests.fixtures import article

STORY = (
    "Sáng ngày 12 tháng 6, Ban Thường vụ Huyện ủy tổ chức hội nghị sơ kết ba năm thực hiện "
    "Chỉ thị 05-CT/TW của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, "
    "phong cách Hồ Chí Minh. Báo cáo tại hội nghị cho biết các chi bộ, đảng bộ cơ sở đã "
    "xây dựng kế hoạch, đăng ký nội dung làm theo gắn với nhiệm vụ chính trị của đơn vị; "
    "nhiều mô hình hay được nhân rộng như dân vận khéo, tổ tự quản an ninh trật tự, chi hội "
    "phụ nữ giúp nhau phát triển kinh tế. Phát biểu kết luận, đồng chí Bí thư Huyện ủy đề "
    "nghị các cấp ủy tiếp tục đưa việc học tập và làm theo Bác thành việc làm thường xuyên, "
    "gắn với nêu gương của cán bộ, đảng viên, nhất là người đứng đầu, và khen thưởng kịp "
    "thời những tập thể, cá nhân tiêu biểu."
)
OTHER_STORY = (
    "Chiều ngày 3 tháng 9, Hội Nông dân huyện phối hợp với Ngân hàng Chính sách xã hội giải "
    "ngân vốn vay cho hội viên nghèo, cận nghèo để chăn nuôi bò sinh sản và trồng cà phê. "
    "Mỗi hộ được vay từ ba mươi đến năm mươi triệu đồng trong thời hạn ba năm, lãi suất ưu "
    "đãi; các tổ tiết kiệm và vay vốn ở thôn, bon có trách nhiệm theo dõi, hướng dẫn hội "
    "viên sử dụng vốn đúng mục đích, trả lãi đúng hạn. Dịp này, Hội Nông dân huyện cũng tổ "
    "chức lớp tập huấn kỹ thuật tưới nước tiết kiệm cho cây cà phê, hồ tiêu mùa khô."
)


def copies_of(body: str) -> list[ArticleRecord]:
    """The same article on three sites, published on three days, none naming a source."""
    return [
        article(1, "Sơ kết ba năm thực hiện Chỉ thị 05", body, date(2019, 6, 14), site="b.vn"),
        article(2, "Sơ kết 3 năm thực hiện Chỉ thị 05-CT/TW", body, date(2019, 6, 12), "a.vn"),
        article(3, "Sơ kết Chỉ thị 05", body + "\nNguồn: Huyện ủy", date(2019, 6, 20), "c.vn"),
    ]


def groups_of(index) -> list[list[str]]:
    """The repost groups of an index with more than one document, by document id, sorted."""
    engine = SearchEngine(index)
    columns = engine.columns
    found = sorted(
        sorted(engine.snapshot.doc_id(d) for d in docs)
        for docs in columns.groups().values()
        if len(docs) > 1
    )
    engine.close()
    return found


@pytest.fixture
def engine(tmp_path):
    index_records(
        tmp_path,
        [*copies_of(STORY), article(4, "Giải ngân vốn vay", OTHER_STORY, date(2019, 9, 3))],
    )
    engine = SearchEngine(tmp_path)
    yield engine
    engine.close()


def test_one_article_on_three_sites_is_one_hit_with_two_copies(engine):
    response = engine.search(SearchRequest(q="hoc tap va lam theo"))
    assert response.total == 1
    hit = response.hits[0]
    assert hit.id == "https://a.vn/2.html"  # the earliest published comes first
    assert sorted(c["site"] for c in hit.copies) == ["b.vn", "c.vn"]


def test_each_site_counts_the_group_and_shows_its_own_copy(engine):
    response = engine.search(SearchRequest(q="hoc tap va lam theo"))
    assert {v.value: v.count for v in response.facets["site"]} == {"a.vn": 1, "b.vn": 1, "c.vn": 1}
    on_c = engine.search(SearchRequest(q="hoc tap va lam theo", filters={"site": ["c.vn"]}))
    assert on_c.total == 1
    assert on_c.hits[0].site == "c.vn"


def test_the_copy_others_name_as_source_comes_first(tmp_path):
    original = article(7, "Tin gốc", STORY, date(2019, 6, 30), site="goc.vn")
    copy = article(8, "Tin đăng lại", STORY, date(2019, 6, 1), "lai.vn", original.url)
    other = article(9, "Tin đăng lại nữa", STORY, date(2019, 5, 1), "khac.vn")
    index_records(tmp_path, [copy, other, original])
    engine = SearchEngine(tmp_path)
    response = engine.search(SearchRequest(q="hoc tap va lam theo"))
    assert response.total == 1
    assert response.hits[0].id == original.url
    engine.close()


def test_different_articles_stay_apart(engine):
    assert engine.search(SearchRequest()).total == 2


WEEKDAYS = (
    (
        "Thứ Hai",
        "đồng chí Bí thư Huyện ủy dự giao ban Thường trực Huyện ủy với lãnh đạo các ban "
        "xây dựng Đảng, Văn phòng Huyện ủy và Ủy ban Kiểm tra Huyện ủy tại phòng họp số một",
    ),
    (
        "Thứ Ba",
        "đồng chí Phó Bí thư Thường trực Huyện ủy tiếp công dân định kỳ tại trụ sở Ban "
        "Tiếp công dân huyện, cùng dự có lãnh đạo Ủy ban Kiểm tra và Ban Nội chính",
    ),
    (
        "Thứ Tư",
        "Ban Thường vụ Huyện ủy họp thường kỳ nghe báo cáo tình hình kinh tế, xã hội, "
        "quốc phòng, an ninh và cho ý kiến về công tác cán bộ của các xã, thị trấn",
    ),
    (
        "Thứ Năm",
        "đoàn công tác của Thường trực Huyện ủy làm việc với Đảng ủy xã về tiến độ xây "
        "dựng nông thôn mới, thu ngân sách và công tác phòng chống dịch bệnh trên cây trồng",
    ),
    (
        "Thứ Sáu",
        "các đồng chí Ủy viên Ban Thường vụ làm việc tại cơ quan, giải quyết công việc "
        "thường xuyên, chuẩn bị nội dung hội nghị Ban Chấp hành Đảng bộ huyện tháng tới",
    ),
)


def weekly_schedule(week: int, first_day: int) -> str:
    """A "Lịch công tác tuần" whose weeks differ only in their numbers and dates."""
    days = [
        f"{weekday}, ngày {first_day + n}/6/2019, từ 7 giờ 30: {work}."
        for n, (weekday, work) in enumerate(WEEKDAYS)
    ]
    return f"Lịch công tác tuần thứ {week} của Thường trực Huyện ủy\n" + "\n".join(days)


def test_a_weekly_schedule_is_not_a_repost_of_last_week():
    this_week, next_week = weekly_schedule(24, 10), weekly_schedule(25, 17)
    # The bodies look alike enough to be taken for copies: only their numbers differ.
    assert similarity(signature(this_week), signature(next_week)) >= JACCARD_MIN


def test_weekly_schedules_are_separate_results(tmp_path):
    weeks = [
        article(
            20 + n,
            f"Lịch công tác tuần thứ {24 + n}",
            weekly_schedule(24 + n, 10 + 7 * n),
            date(2019, 6, 8 + 7 * n),
        )
        for n in range(3)
    ]
    index_records(tmp_path, weeks)
    assert groups_of(tmp_path) == []


def test_short_notices_are_never_grouped(tmp_path):
    notice = "Thông báo nghỉ lễ Quốc khánh 2/9 từ ngày 31/8 đến hết ngày 3/9/2019."
    index_records(
        tmp_path,
        [
            article(30, "Thông báo", notice, date(2019, 8, 20), "a.vn"),
            article(31, "Thông báo", notice, date(2019, 8, 21), "b.vn"),
        ],
    )
    assert signature(notice) is None
    assert groups_of(tmp_path) == []


def test_groups_are_the_same_whatever_order_and_runs(backend):
    """On either store: copies in the index are found through its band lookup."""
    records = [*copies_of(STORY), article(4, "Giải ngân vốn vay", OTHER_STORY, date(2019, 9, 3))]
    clean = backend.location("clean")
    index_records(clean, records)
    expected = groups_of(clean)
    assert expected == [["https://a.vn/2.html", "https://b.vn/1.html", "https://c.vn/3.html"]]
    for name, runs in (
        ("one-by-one", [[r] for r in records]),
        ("reversed", [[r] for r in reversed(records)]),
        ("two-runs", [records[2:], records[:2]]),
    ):
        location = backend.location(name)
        for run in runs:
            index_records(location, run)
        assert groups_of(location) == expected, name


def test_an_updated_copy_that_changed_leaves_its_group(tmp_path):
    records = copies_of(STORY)
    index_records(tmp_path, records)
    changed = copies_of(OTHER_STORY)[0]  # the b.vn address, now another article
    index_records(tmp_path, [changed])
    assert groups_of(tmp_path) == [["https://a.vn/2.html", "https://c.vn/3.html"]]
    index_records(tmp_path / "clean", [changed, records[1], records[2]])
    assert groups_of(tmp_path / "clean") == groups_of(tmp_path)


def test_a_copy_that_comes_back_rejoins(backend):
    records = copies_of(STORY)
    index = backend.location()
    index_records(index, records)
    index_records(index, [copies_of(OTHER_STORY)[1]])  # a.vn changes: b and c stay
    assert groups_of(index) == [["https://b.vn/1.html", "https://c.vn/3.html"]]
    index_records(index, [records[1]])  # a.vn back as it was
    assert groups_of(index) == [
        ["https://a.vn/2.html", "https://b.vn/1.html", "https://c.vn/3.html"]
    ]


def test_an_attached_document_is_not_grouped_with_an_article(tmp_path):
    from indexer.record import DocumentInfo

    page = article(40, "Sơ kết Chỉ thị 05", STORY, date(2019, 6, 12), "a.vn")
    file = article(41, "Báo cáo sơ kết", STORY, date(2019, 6, 12), "a.vn")
    file.kind, file.url = "document", "https://a.vn/files/bao-cao.pdf"
    file.document = DocumentInfo(format="pdf")
    index_records(tmp_path, [page, file])
    assert groups_of(tmp_path) == []
