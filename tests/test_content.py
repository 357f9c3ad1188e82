"""The main-content method on templates it was never tuned on."""

from datetime import date

import pytest

from indexer.extract.headline import clean_headline, strip_site_name
from indexer.extract.html import extract_html
from indexer.extract.parse import parse_bytes
from indexer.record import ArticleRecord
from tests.pages import (
    FOOTER,
    HEADLINE,
    HIDDEN_LINES,
    LAST,
    LEAD,
    MIDDLE,
    OTHER_NEWS,
    SIDEBAR_CODE,
    hidden_article_page,
    liferay_page,
    listing_page,
    portal_page,
)


def test_liferay_page_with_base64_images_keeps_its_article():
    record = parse_bytes(liferay_page().encode(), "so-ket-cong-tac-dan-van.html")
    assert record.title == HEADLINE
    assert record.body[0] == LEAD
    assert record.body[-1] == LAST
    assert FOOTER not in record.body_text
    assert record.kind == "article"
    assert record.published is None  # the slot is empty and no other date belongs to it
    assert [c.code for c in record.codes] == ["25-NQ/TW"]
    assert SIDEBAR_CODE not in record.body_text
    assert record.images == []  # inline data: URIs are not addresses worth keeping
    assert record.author == "Minh Khôi"


@pytest.mark.parametrize(
    ("raw", "title", "day"),
    [
        (f"{HEADLINE} ( )", HEADLINE, None),
        (f"{HEADLINE} [ ]", HEADLINE, None),
        (f"{HEADLINE} 2019-06-25T05:00:00.000Z", HEADLINE, date(2019, 6, 25)),
        (f"{HEADLINE} ( 2019-05-16T05:00:00.000Z )", HEADLINE, date(2019, 5, 16)),
        (f"{HEADLINE} (31.05.2019 08:15)", HEADLINE, date(2019, 5, 31)),
        (f"(08.05.2019 12:24) {HEADLINE}", HEADLINE, date(2019, 5, 8)),
        ("Lịch công tác từ 8/7/2019 - 12/7/2019", "Lịch công tác từ 8/7/2019 - 12/7/2019", None),
        ("Nghị quyết 29-NQ/TW (2013)", "Nghị quyết 29-NQ/TW (2013)", None),
    ],
)
def test_clean_headline(raw, title, day):
    assert clean_headline(raw) == (title, day)


def test_iso_timestamp_in_the_headline_is_the_date():
    html = portal_page(
        f"<div class='TieuDe'><span>{HEADLINE}</span> <span>2019-06-25T05:00:00.000Z</span></div>"
    )
    extracted = extract_html(html)
    assert extracted.title == HEADLINE
    assert extracted.published == date(2019, 6, 25)


def _themed_page(head: str, masthead: str, headline: str) -> str:
    """A page whose theme names the site in <title> and og:title, above its own headline."""
    return (
        f"<html><head><title>The Boston Globe</title>{head}</head><body>"
        "<div class='masthead'><a href='/'><span>The Boston Globe</span></a></div>"
        f"{masthead}<div class='main'><article>{headline}"
        f"<div class='story'><p>{LEAD}</p><p>{MIDDLE}</p><p>{LAST}</p></div></article></div>"
        "</body></html>"
    )


@pytest.mark.parametrize(
    ("head", "masthead"),
    [
        (
            "<meta property='og:title' content='The Boston Globe'>"
            "<meta property='og:site_name' content='BostonGlobe.com'>",
            "",
        ),
        ("<meta property='og:title' content='The Boston Globe'>", "<div>The Boston Globe</div>"),
        ("<meta property='og:title' content='The Boston Globe'>", "<p><b>The Boston Globe</b></p>"),
        ("", "<div><h2>The Boston Globe</h2></div>"),
    ],
)
def test_the_articles_own_headline_wins_over_a_theme_title(head, masthead):
    html = _themed_page(head, masthead, f"<h1 itemprop='headline'>{HEADLINE}</h1>")
    assert extract_html(html, address="bai-viet.html").title == HEADLINE


def test_an_h1_over_the_text_wins_over_a_title_that_disagrees_and_loses_its_timestamp():
    html = _themed_page(
        "",
        "<div><h2>The Boston Globe</h2></div>",
        f"<h1>{HEADLINE} ( 2019-05-16T05:00:00.000Z )</h1>",
    )
    extracted = extract_html(html, address="bai-viet.html")
    assert extracted.title == HEADLINE
    assert extracted.published == date(2019, 5, 16)


def test_a_page_titled_only_with_the_sites_name_has_no_title():
    html = (
        "<html><head><title>Sở Tài chính tỉnh Đắk Nông</title><meta property='og:site_name' "
        "content='Sở Tài chính tỉnh Đắk Nông'></head><body><div class='menu'><a href='/'>Trang "
        "chủ</a></div></body></html>"
    )
    assert extract_html(html).title == ""


@pytest.mark.parametrize(
    "dateline",
    ["<div>Ngày đăng tin: 31.05.2019 08:15</div>", "<div>(31.05.2019 08:15) 19 0</div>"],
)
def test_labelled_datelines(dateline):
    extracted = extract_html(portal_page(f"<h1>{HEADLINE}</h1>", dateline))
    assert extracted.published == date(2019, 5, 31)
    assert extracted.body[0] == LEAD


def test_rating_widget_and_empty_labels_end_the_body():
    tail = (
        "<p>Tác giả bài viết:</p><p>Nguồn tin:</p>"
        "<p>Tổng số điểm của bài viết là: 0 trong 0 đánh giá</p><div>Click để đánh giá bài viết</div>"
    )
    extracted = extract_html(portal_page(f"<h1>{HEADLINE}</h1>", tail=tail))
    assert extracted.body[-1] == LAST
    assert extracted.author is None


def test_headline_glued_to_the_lead_is_taken_off():
    html = portal_page(f"<h1>{HEADLINE}</h1>").replace(f"<p>{LEAD}", f"<p>{HEADLINE} {LEAD}")
    assert extract_html(html).body[0] == LEAD
    # ...but a lead that merely opens with the headline's words keeps them
    lead = f"{HEADLINE} đã được tổ chức tại hội trường lớn của Huyện ủy với nhiều đại biểu."
    html = portal_page(f"<h1>{HEADLINE}</h1>").replace(f"<p>{LEAD}", f"<p>{lead}</p><p>{LEAD}")
    assert extract_html(html).body[0] == lead


def test_confidence_found_on_a_clear_article():
    record = parse_bytes(liferay_page().encode(), "so-ket-cong-tac-dan-van.html")
    assert record.confidence == "found"
    assert record.page_text == ""  # kept only when the body is in doubt


def test_title_only_page_has_no_body_confidence():
    html = portal_page(f"<h1>{HEADLINE}</h1>").replace(
        f"<p>{LEAD}</p><p>{MIDDLE}</p><p>{LAST}</p>", ""
    )
    html = html.replace("</h1>", "</h1><p><a href='/f.pdf'>Tải về</a></p>")
    record = parse_bytes(html.encode(), "so-ket.html")
    assert record.title == HEADLINE
    assert record.confidence == "none"


def test_unsure_article_is_kept_with_its_page_text_but_no_sidebar_facets():
    record = parse_bytes(hidden_article_page().encode(), "https://x.vn/tin/123.html")
    assert record.kind == "article"  # not dropped as a listing
    assert record.confidence in ("unsure", "none")
    for line in HIDDEN_LINES:
        assert line in record.page_text
    assert OTHER_NEWS[0] not in record.page_text  # link lists stay out
    assert all(any(c.isalpha() for c in line) for line in record.page_text.split("\n"))
    # persons and codes come only from what was judged to be the article
    assert "Hà Văn Lâm" not in [p.name for p in record.persons]
    assert record.to_dict()["confidence"] == record.confidence
    again = ArticleRecord.from_dict(record.to_dict())
    assert (again.confidence, again.page_text) == (record.confidence, record.page_text)


def test_listing_with_summaries_stays_a_listing():
    record = parse_bytes(listing_page().encode(), "https://x.vn/tin-tuc/")
    assert record.kind == "listing"


def test_old_records_read_back_as_found():
    data = parse_bytes(liferay_page().encode(), "a.html").to_dict()
    del data["confidence"], data["page_text"]
    record = ArticleRecord.from_dict(data)
    assert (record.confidence, record.page_text) == ("found", "")


SITE_TITLE = "<title>Cổng thông tin điện tử | Trường Chính trị</title>"


@pytest.mark.parametrize(
    "headline_html",
    [
        f"<p class='kicker'>Kỷ niệm 89 năm Ngày thành lập Đảng</p><h1>{HEADLINE}</h1>",
        f"<h4>CHÀO MỪNG ĐẠI HỘI ĐẢNG BỘ</h4><h2 class='title'>{HEADLINE}</h2>",
        f"<div class='sub-title'>Tin tức - Sự kiện</div><div class='news-title'>{HEADLINE}</div>",
        f"<h1>Trang thông tin điện tử Huyện ủy Đắk Mil</h1><h2>{HEADLINE}</h2>",
    ],
)
def test_headline_not_its_kicker_nor_the_site_name(headline_html):
    extracted = extract_html(portal_page(headline_html), address="https://x.vn/tin/12345.html")
    assert extracted.title == HEADLINE
    assert extracted.body[0] == LEAD


def test_headline_from_the_title_tag_when_the_page_has_no_heading():
    html = portal_page(f"<div>{HEADLINE}</div>").replace(
        SITE_TITLE, f"<title>{HEADLINE} | Huyện ủy Đắk Mil</title>"
    )
    extracted = extract_html(html, address="https://x.vn/tin/12345.html")
    assert (extracted.title, extracted.body[0]) == (HEADLINE, LEAD)


@pytest.mark.parametrize(
    "html",
    [
        # a dated link in a box before the headline, a dated line after the body, a footer date
        portal_page(
            "<div class='box'><a href='/x'>Hội nghị Ban Chấp hành Đảng bộ huyện</a>"
            f"<span>(20/05/2019)</span></div><h1>{HEADLINE}</h1>"
        ),
        portal_page(f"<h1>{HEADLINE}</h1>", tail="<div>Cập nhật: 12/06/2019</div>"),
        portal_page(f"<h1>{HEADLINE}</h1>").replace("Địa chỉ", "Ngày 01/01/2019 Địa chỉ"),
    ],
)
def test_no_invented_date_from_sidebar_body_or_footer(html):
    assert extract_html(html).published is None


def test_title_only_notice_among_link_lists_is_an_article_not_a_listing():
    notice = "Về việc định hướng nội dung tuyên truyền tháng 01 năm 2019"
    others = "".join(f"<li><a href='/tin/{i}.html'>{t}</a></li>" for i, t in enumerate(OTHER_NEWS))
    html = (
        f"<html><body><ul class='tin'>{others}</ul><h2>{notice}</h2>"
        "<p><a href='/files/cv-15.pdf'>Tải về</a></p></body></html>"
    )
    url = "https://x.vn/tin/ve-viec-dinh-huong-noi-dung-tuyen-truyen-thang-01-nam-2019.html"
    record = parse_bytes(html.encode(), url, url=url)
    assert (record.kind, record.title, record.confidence) == ("article", notice, "none")
    category = html.replace(notice, "Tin tức - Sự kiện")
    assert parse_bytes(category.encode(), "https://x.vn/tin-tuc-su-kien/").kind == "listing"


@pytest.mark.parametrize(
    "tail",
    [
        "<p>Ngày đăng tin: 31.05.2019 08:15</p>",
        "<div><span>Ngày đăng tin: 31.05.2019 08:15</span> <span>Lượt xem: 120</span></div>",
        "<p><b>Minh Khôi</b></p><p>Ngày đăng: 31/05/2019</p>",
    ],
)
def test_labelled_posting_date_under_the_article(tail):
    extracted = extract_html(portal_page(f"<h1>{HEADLINE}</h1>", tail=tail))
    assert extracted.published == date(2019, 5, 31)
    assert extracted.body[-1] == LAST


def test_unlabelled_date_under_the_article_is_not_its_publication_date():
    tail = "<p>Đắk Mil, ngày 31 tháng 5 năm 2019</p>"
    assert extract_html(portal_page(f"<h1>{HEADLINE}</h1>", tail=tail)).published is None


def test_slug_digit_runs_each_found_in_the_title():
    title = "Lịch giảng (Phần I) Lớp TC-K72 từ 17/5/2019 đến 13/7/2019"
    html = (
        "<html><body><div class='menu'><a href='/'>Trang chủ</a></div>"
        f"<div>SỐ LƯỢT ĐANG ONLINE</div><div>Lớp TCLLCT-HC KHOÁ 72</div><div>{title}</div>"
        f"<p><a href='/f.pdf'>Xem chi tiết tại đây</a></p><p>{FOOTER}</p></body></html>"
    )
    address = "https://x.vn/tin/lich-giang-phan-i-lop-tc-k72-tu-175-den-1372019.html"
    assert extract_html(html, address=address).title == title


@pytest.mark.parametrize(
    ("given", "headline"),
    [
        (f"{HEADLINE} - Huyện ủy Đắk Mil", HEADLINE),
        (f"Huyện ủy Đắk Mil | {HEADLINE}", HEADLINE),
        (f"{HEADLINE} - baodaknong.vn", HEADLINE),
        ("Đại hội Hội Nông dân huyện nhiệm kỳ 2019 - 2024", None),
        (
            "Đại hội Hội Nông dân huyện nhiệm kỳ 2019 - 2024 | Cổng thông tin điện tử Đắk Nông",
            "Đại hội Hội Nông dân huyện nhiệm kỳ 2019 - 2024",
        ),
        ("Tin tức - Sự kiện", None),
    ],
)
def test_strip_site_name(given, headline):
    assert strip_site_name(given) == headline


@pytest.mark.parametrize("site_first", [False, True])
def test_headline_only_in_og_title_loses_the_site_name(site_first):
    og = f"Huyện ủy Đắk Mil | {HEADLINE}" if site_first else f"{HEADLINE} - Huyện ủy Đắk Mil"
    html = portal_page("").replace("<head>", f'<head><meta property="og:title" content="{og}">')
    assert extract_html(html, address="https://x.vn/tin/1.html").title == HEADLINE


def test_photo_album_captions_are_not_a_body():
    captions = "".join(
        f"<li><img src='/a{i}.jpg'></li><li>{t}</li>"
        for i, t in enumerate(["Lễ kết nạp đảng", "Hội nghị tổng kết công tác thanh tra năm 2012"])
    )
    html = (
        f"<html><body><h1>{HEADLINE}</h1><p><a href='/f.pdf'>Tải về</a></p>"
        f"<ul class='album'>{captions}</ul><div class='title-album'>TIN ẢNH</div></body></html>"
    )
    record = parse_bytes(html.encode(), "so-ket-cong-tac-dan-van-6-thang-dau-nam-2019.html")
    assert (record.title, record.body, record.confidence) == (HEADLINE, [], "none")


@pytest.mark.parametrize(
    ("top", "under"),
    [
        ("Thứ hai, Ngày 27 Tháng 5 Năm 2019", "<div>Ngày đăng tin: 31.05.2019</div>"),
        ("<span>Thứ hai, 27/05/2019</span>", "<p><i>Đăng ngày 31/05/2019 08:15</i></p>"),
        ("Hôm nay: 27/05/2019", "<div>31/05/2019 08:15</div>"),
        ("Thứ hai, 27/05/2019", "<div>31/05/2019 08:15</div>"),
        ("<span class='clock'>27/05/2019 10:02</span>", "<div>31/05/2019</div>"),
    ],
)
def test_a_publication_dateline_beats_the_page_clock(top, under):
    html = portal_page(f"<h1>{HEADLINE}</h1>", under).replace(
        "<div class='main'>", f"<div class='main'><div class='bar'>{top}</div>"
    )
    assert extract_html(html).published == date(2019, 5, 31)


def test_a_clock_alone_gives_no_date():
    html = portal_page(f"<h1>{HEADLINE}</h1>").replace(
        "<div class='main'>", "<div class='main'><div>Hôm nay, thứ hai 27/05/2019</div>"
    )
    assert extract_html(html).published is None


def test_a_labelled_date_at_the_end_beats_a_calendar_line():
    html = portal_page(f"<h1>{HEADLINE}</h1>", tail="<p>Ngày đăng tin: 31.05.2019</p>").replace(
        "<div class='main'>", "<div class='main'><div>Thứ hai, 27/05/2019</div>"
    )
    assert extract_html(html).published == date(2019, 5, 31)
