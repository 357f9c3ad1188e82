from datetime import date

import pytest

from indexer.extract.parse import parse_file
from indexer.text.dates import find_event_date, parse_date, written_on


@pytest.mark.parametrize(
    "text",
    [
        "Sáng ngày 04 tháng 8 năm 2017",
        "ngày 4/8/2017",
        "04-08-2017",
        "04.8.2017",
        "Thứ Sáu, 04/08/2017 10:30 (GMT+7)",
        "(04.08.2017 14:14)",
        "thứ sáu, 04 08 2017 08:51",
        "2017-08-04T08:00:00+07:00",
    ],
)
def test_full_dates_are_day_month_year(text):
    assert parse_date(text) == date(2017, 8, 4)


@pytest.mark.parametrize(
    "text", ["31/02/2017", "13/13/2017", "028.3829.1234", "29-NQ/TW", "Số 12/2017"]
)
def test_not_dates(text):
    assert parse_date(text) is None


def test_event_date_from_the_opening_sentence():
    assert find_event_date("Sáng ngày 04 tháng 8 năm 2017, tại Trường Cao đẳng...") == date(
        2017, 8, 4
    )
    assert find_event_date(
        "Chiều ngày 1.8, CQQS huyện tổ chức sơ kết 6 tháng cuối năm 2019."
    ) == date(2019, 8, 1)
    assert find_event_date("Sáng 5/6, huyện tổ chức lễ.", published=date(2019, 6, 11)) == date(
        2019, 6, 5
    )
    assert find_event_date("Sáng 28/12, huyện tổ chức lễ.", published=date(2020, 1, 2)) == date(
        2019, 12, 28
    )
    assert find_event_date("Kinh tế tiếp tục tăng trưởng ổn định.") is None


@pytest.mark.parametrize(
    ("body", "published", "expected"),
    [
        ("Sáng nay (2.5), các vị cao tăng đã rước xá lợi.", date(2025, 4, 28), date(2025, 5, 2)),
        ("Chiều nay, 31/12, Hội đồng nhân dân họp.", date(2025, 1, 2), date(2024, 12, 31)),
        ("Hôm nay (6/2/2017), Tỉnh ủy họp.", None, date(2017, 2, 6)),
        ("Sáng nay (2.5), đoàn đến thăm.", None, None),
        ("Sáng 2/5, đoàn đến thăm.", date(2025, 4, 28), None),
    ],
)
def test_written_on(body, published, expected):
    assert written_on(body, published) == expected


def test_a_publication_date_before_the_day_the_text_is_written_is_dropped(tmp_path):
    article = tmp_path / "bai.txt"
    article.write_text(
        "Sáng nay (2.5), các vị cao tăng đã rước xá lợi Đức Phật đến Thành phố, mở đầu chuỗi "
        "hoạt động từ ngày 2 - 7.5.2025 thu hút hàng vạn người dân và du khách tham dự.",
        encoding="utf-8",
    )
    (tmp_path / "bai.json").write_text(
        '{"title": "Rước xá lợi Đức Phật", "published": "2025-04-28 09:44"}', encoding="utf-8"
    )
    record = parse_file(article)
    assert record.published is None
    assert record.event_date == date(2025, 5, 2)
