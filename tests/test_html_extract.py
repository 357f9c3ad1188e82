from collections import Counter
from datetime import date

import pytest

from indexer.extract.html import extract_html
from indexer.extract.parse import parse_bytes

BODY = (
    "<p>Sáng ngày 04 tháng 8 năm 2017, tại Hội trường Thành ủy, Đảng bộ Sở Giáo dục và Đào tạo đã tổ "
    "chức Hội nghị sơ kết công tác xây dựng Đảng 6 tháng đầu năm 2017 theo Nghị quyết số 29-NQ/TW.</p>"
    "<p>Đồng chí Lê Hồng Sơn – Bí thư Đảng ủy Sở phát biểu chỉ đạo, đề nghị các chi bộ tiếp tục thực "
    "hiện tốt nhiệm vụ trọng tâm trong thời gian tới, nâng cao chất lượng sinh hoạt chi bộ.</p>"
)
SIDEBAR = (
    '<aside class="sidebar"><h3>Tin khác</h3><ul>'
    '<li><a href="/a">Hội nghị Ban Chấp hành Đảng bộ lần thứ 5</a> (12/03/2016)</li>'
    '<li><a href="/b">Quyết định số 337-QĐ/ĐU về ban hành quy chế</a></li></ul>'
    "<p>Đồng chí Nguyễn Văn Sidebar – Chánh Văn phòng tiếp công dân hằng tuần vào sáng thứ Năm.</p></aside>"
)


def page(head: str = "", before: str = "", after: str = "") -> str:
    return (
        f"<html><head>{head}</head><body><nav class='menu'><a href='/'>Trang chủ</a>"
        f"<a href='/t'>Tin tức</a></nav>{before}<div class='content'>"
        f"<h1>Sơ kết công tác xây dựng Đảng 6 tháng đầu năm 2017</h1>"
        f"<div class='date'>Thứ Bảy, 05/08/2017 10:30</div>{BODY}"
        f"<p style='text-align:right'><b>Thanh Hà</b></p></div>{after}"
        f"<footer>Điện thoại: 028.3829.1234 · Ngày 01/01/2020</footer></body></html>"
    )


def test_title_body_date_and_byline():
    extracted = extract_html(page(after=SIDEBAR))
    assert extracted.title == "Sơ kết công tác xây dựng Đảng 6 tháng đầu năm 2017"
    assert extracted.published == date(2017, 8, 5)
    assert extracted.body[0].startswith("Sáng ngày 04 tháng 8 năm 2017")
    assert extracted.body[-1].endswith("sinh hoạt chi bộ.")
    assert extracted.author == "Thanh Hà"


def test_sidebar_never_leaks_into_the_record():
    record = parse_bytes(page(before=SIDEBAR, after=SIDEBAR).encode(), "x.html")
    assert [c.code for c in record.codes] == ["29-NQ/TW"]
    assert [p.name for p in record.persons] == ["Lê Hồng Sơn"]
    assert "Tin khác" not in record.body_text


def test_metadata_wins_over_visible_dates():
    head = '<meta property="article:published_time" content="2017-08-06T08:00:00+07:00">'
    assert extract_html(page(head=head)).published == date(2017, 8, 6)
    ld = '<script type="application/ld+json">{"datePublished": "2017-08-07"}</script>'
    assert extract_html(page(head=ld)).published == date(2017, 8, 7)


def test_no_date_near_the_title_means_none():
    html = page().replace("Thứ Bảy, 05/08/2017 10:30", "")
    assert extract_html(html).published is None


def test_original_link_and_canonical_url():
    html = page(head='<link rel="canonical" href="https://a.example.vn/tin/1.html">').replace(
        "</div><footer>",
        '<p><a href="https://goc.example.vn/bai.html">Liên kết bài viết gốc</a></p></div><footer>',
    )
    extracted = extract_html(html, base_url="https://a.example.vn/tin/1.html?utm=1")
    assert extracted.canonical_url == "https://a.example.vn/tin/1.html"
    assert extracted.source_url == "https://goc.example.vn/bai.html"


def test_title_found_from_the_url_slug_on_an_unknown_layout():
    html = (
        "<html><body><div class='x'><span>Trang chủ</span></div><div class='c'>Tin tức</div>"
        "<div>Đảng bộ Quận 3 trao Huy hiệu Đảng</div>" + BODY + "</body></html>"
    )
    extracted = extract_html(
        html, address="https://q3.example.vn/tin/dang-bo-quan-3-trao-huy-hieu-dang.html"
    )
    assert extracted.title == "Đảng bộ Quận 3 trao Huy hiệu Đảng"


def test_images_with_captions_and_scripts_ignored():
    html = page().replace(
        BODY,
        '<script>var x = "29-NQ/TW";</script><p><img src="/a.jpg" alt="Quang cảnh hội nghị"></p>'
        + BODY,
    )
    extracted = extract_html(html, base_url="https://s.example.vn/tin/1.html")
    assert ("https://s.example.vn/a.jpg", "Quang cảnh hội nghị") in extracted.images
    assert "var x" not in " ".join(extracted.body)


def test_deeply_nested_html_does_not_recurse():
    html = "<div>" * 5000 + BODY + "</div>" * 5000
    extracted = extract_html(html)
    assert any("Hội nghị sơ kết" in p for p in extracted.body)


OTHER_STORIES = (
    "<li><a href='/a.html'>Hội nghị Ban Chấp hành Đảng bộ huyện lần thứ 12</a> (20/5/2019)</li>"
    "<li><a href='/b.html'>Đại hội Hội Nông dân huyện nhiệm kỳ 2019 - 2024</a></li>"
)


@pytest.mark.parametrize(
    "heading",
    [
        "<h3>TIN MỚI HƠN</h3>",
        "<div><b>TIN MỚI HƠN</b></div>",
        "<div class='title'>MỚI HƠN</div>",
        "<p><strong>Tin cũ hơn</strong></p>",
    ],
)
def test_the_heading_of_other_stories_is_never_the_author(heading):
    html = page().replace(
        "<p style='text-align:right'><b>Thanh Hà</b></p></div>",
        f"</div>{heading}<ul>{OTHER_STORIES}</ul>",
    )
    extracted = extract_html(html)
    assert extracted.author is None
    assert extracted.body[-1].endswith("sinh hoạt chi bộ.")


def test_a_byline_right_above_other_stories_stays_the_author():
    html = page(after=f"<div><b>Các tin khác</b></div><ul>{OTHER_STORIES}</ul>")
    assert extract_html(html).author == "Thanh Hà"


@pytest.mark.parametrize(
    "head",
    [
        '<meta name="author" content="Trường Chính trị tỉnh Đắk Nông">',
        '<meta name="author" content="BostonGlobe.com"><meta property="og:site_name" '
        'content="BostonGlobe.com">',
        '<title>Huyện ủy Krông Nô</title><meta name="author" content="Huyện ủy Krông Nô">',
    ],
)
def test_a_meta_author_naming_the_site_or_an_organisation_is_no_author(head):
    html = page(head=head).replace("<p style='text-align:right'><b>Thanh Hà</b></p>", "")
    assert extract_html(html).author is None


def test_a_meta_author_naming_a_person_is_the_author():
    html = page(head='<meta name="author" content="Ngọc Lan">').replace(
        "<p style='text-align:right'><b>Thanh Hà</b></p>", ""
    )
    assert extract_html(html).author == "Ngọc Lan"


RELATED_WITH_TEASERS = (
    "<div><a href='/r1.html'>Bắt giữ đối tượng Nguyễn Văn Tèo trộm cắp tài sản</a></div>"
    "<div>Công an huyện vừa bắt giữ Nguyễn Văn Tèo, trú tại thôn 3, về hành vi trộm cắp tài "
    "sản của người dân trên địa bàn xã trong nhiều tháng liền, thu giữ nhiều tang vật.</div>"
    "<div><a href='/r2.html'>Huyện ủy tổ chức hội nghị giao ban công tác quý II</a></div>"
    "<div>Sáng 20/6, Huyện ủy tổ chức hội nghị giao ban công tác xây dựng Đảng quý II, đánh "
    "giá kết quả thực hiện nhiệm vụ và bàn giải pháp cho những tháng cuối năm 2017.</div>"
)


@pytest.mark.parametrize(
    "heading", ["", "<p><b>Tin liên quan</b></p>", "<p>Các tin liên quan:</p>", "<h4>Đọc thêm</h4>"]
)
def test_other_stories_with_teasers_never_enter_the_body(heading):
    html = page().replace(
        "<p style='text-align:right'><b>Thanh Hà</b></p>", heading + RELATED_WITH_TEASERS
    )
    record = parse_bytes(html.encode(), "x.html")
    assert record.body[-1].endswith("sinh hoạt chi bộ.")
    assert "Tèo" not in record.body_text and "giao ban" not in record.body_text
    assert [p.name for p in record.persons] == ["Lê Hồng Sơn"]


def test_other_stories_inside_the_article_are_taken_out_and_the_article_goes_on():
    rest = (
        "<p>Hội nghị cũng đã biểu dương 12 chi bộ trong sạch, vững mạnh tiêu biểu và đề ra "
        "phương hướng, nhiệm vụ trọng tâm cho 6 tháng cuối năm 2017 của toàn Đảng bộ.</p>"
    )
    html = page().replace(
        "<p style='text-align:right'><b>Thanh Hà</b></p>", RELATED_WITH_TEASERS + rest
    )
    record = parse_bytes(html.encode(), "x.html")
    assert record.body[-1].endswith("toàn Đảng bộ.")
    assert "Tèo" not in record.body_text


def test_a_suspect_named_only_in_a_teaser_is_a_person_of_one_article_not_of_all():
    about_him = (
        "<p>Công an huyện vừa bắt giữ Nguyễn Văn Tèo, trú tại thôn 3, về hành vi trộm cắp tài "
        "sản của người dân trên địa bàn xã trong nhiều tháng liền, thu giữ nhiều tang vật.</p>"
    )
    pages = [page().replace(BODY, about_him + BODY)]
    pages += [
        page().replace("<p style='text-align:right'><b>Thanh Hà</b></p>", RELATED_WITH_TEASERS)
    ] * 7
    counts = Counter(p.name for html in pages for p in parse_bytes(html.encode(), "x.html").persons)
    assert counts["Nguyễn Văn Tèo"] == 1
    assert counts.most_common(1)[0][0] == "Lê Hồng Sơn"


def test_a_related_stories_box_named_by_its_class_stays_out_of_the_body():
    box = f"<div class='tinlienquan'>{RELATED_WITH_TEASERS}</div>"
    html = page().replace("<p style='text-align:right'><b>Thanh Hà</b></p>", box)
    record = parse_bytes(html.encode(), "x.html")
    assert "Tèo" not in record.body_text
