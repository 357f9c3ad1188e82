"""Persons and bylines as the parser stores them on a record."""

from indexer.extract.parse import parse_bytes


def _html(body: str) -> bytes:
    return (
        "<html><head><title>Cổng thông tin</title></head><body>"
        "<h1>Trả lời đơn của bà Lê Thị Hoa, trú tại thôn 5</h1>"
        f"<div class='content'>{body}</div></body></html>"
    ).encode()


def test_a_page_without_article_text_names_nobody():
    record = parse_bytes(
        _html("<p><a href='/f/tra-loi.pdf'>Xem chi tiết tại đây</a></p>"), "a.html"
    )
    assert record.body_text == ""
    assert record.persons == []


def test_an_article_names_the_people_in_its_title_and_body():
    text = (
        "Bí thư Huyện ủy Nguyễn Văn Khánh thăm bà Lê Thị Hoa\n"
        "Sáng nay, đồng chí Nguyễn Văn Khánh đã đến thăm hỏi và tặng quà gia đình bà "
        "Lê Thị Hoa ở thôn 5, xã Đắk Ru.\n"
        "T\nin, ành Thu Hà (Đài Truyền thanh huyện)\n"
    )
    record = parse_bytes(text.encode(), "b.txt")
    assert [p.name for p in record.persons] == ["Nguyễn Văn Khánh", "Lê Thị Hoa"]
    assert record.author == "Thu Hà (Đài Truyền thanh huyện)"
    assert "Thu Hà" not in record.body_text
