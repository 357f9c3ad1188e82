import pytest

from indexer.extract.byline import clean_author, split_byline


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("T\nin, ành Thu Hà (Đài Truyền thanh huyện)", "Thu Hà (Đài Truyền thanh huyện)"),
        ("Tin, ảnh Thu Hà", "Thu Hà"),
        ("Tin, ảnh: Minh Khoa", "Minh Khoa"),
        ("Bài và ảnh: Ngọc Lan", "Ngọc Lan"),
        ("Tin-ảnh: Hoàng Anh-Vũ Trang", "Hoàng Anh-Vũ Trang"),
        ("Theo baochinhphu.vn", "baochinhphu.vn"),
        ("(Nguồn: TTXVN)", "TTXVN"),
        ("  Minh   Khoa \n", "Minh Khoa"),
        ("VĂN MINH", "VĂN MINH"),
        ("Anh Tuấn", "Anh Tuấn"),
        ("tin:", None),
        ("Tác giả bài viết:", None),
        ("", None),
        (None, None),
    ],
)
def test_clean_author(raw, expected):
    assert clean_author(raw) == expected


@pytest.mark.parametrize(
    ("last", "author"),
    [
        ("T\nin, ành Thu Hà (Đài Truyền thanh huyện)", "Thu Hà (Đài Truyền thanh huyện)"),
        ("Tin, ành Thu Hà", "Thu Hà"),
        ("Tin, ảnh: Thu Hà", "Thu Hà"),
        ("Minh Khoa/VOV.VN", "Minh Khoa/VOV.VN"),
    ],
)
def test_byline_line_comes_off_whole(last, author):
    body, got, _ = split_byline(["Xã tổ chức hội nghị tổng kết năm.", last])
    assert body == ["Xã tổ chức hội nghị tổng kết năm."]
    assert got == author


def test_byline_glued_after_the_last_sentence_with_an_agency():
    body, author, _ = split_byline(["Hội nghị kết thúc lúc 17 giờ./. Minh Khoa/VTC News"])
    assert author == "Minh Khoa/VTC News"
    assert body == ["Hội nghị kết thúc lúc 17 giờ./."]


def test_a_sentence_is_not_taken_for_a_credit_line():
    body, author, _ = split_byline(["Mở đầu.", "Tin tức hôm nay được nhiều người quan tâm"])
    assert author is None and len(body) == 2


def test_a_capital_on_its_own_line_is_joined_to_the_credit_line():
    body, author, _ = split_byline(["Hội nghị kết thúc.", "T", "in, ành Thu Hà"])
    assert body == ["Hội nghị kết thúc."]
    assert author == "Thu Hà"


@pytest.mark.parametrize("heading", ["TIN MỚI HƠN", "MỚI HƠN", "Các tin cũ hơn", "Bài viết khác"])
def test_the_heading_of_other_stories_is_no_byline(heading):
    body, author, _ = split_byline(["Xã tổ chức hội nghị tổng kết năm.", heading])
    assert author is None


@pytest.mark.parametrize(
    "lines",
    [
        ["Thủ tướng với các đại biểu tham dự phiên khai mạc. (Ảnh: Thống Nhất/TTXVN)"],
        ["Quang cảnh hội nghị.", "Ảnh: Minh Đức"],
        ["Quang cảnh hội nghị.", "(Ảnh minh họa: Internet)"],
    ],
)
def test_a_photo_credit_is_no_byline(lines):
    body, author, _ = split_byline(lines)
    assert author is None
    assert body == lines
