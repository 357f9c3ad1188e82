"""The main-content method on templates it was never tuned on."""

from datetime import date

import pytest

from indexer.headline import clean_headline
from indexer.html_extract import extract_html
from indexer.parse import parse_bytes
from tests.pages import FOOTER, HEADLINE, LAST, LEAD, SIDEBAR_CODE, liferay_page, portal_page


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
