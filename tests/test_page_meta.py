"""The page's own URL and its site's name, read from the page (og:url, canonical, <title>)."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from indexer.extract.page_meta import page_url, site_from_title, site_name
from indexer.extract.parse import parse_file


def tree(head: str, body: str = "") -> object:
    return lxml_html.fromstring(f"<html><head>{head}</head><body>{body}</body></html>")


@pytest.mark.parametrize(
    ("head", "base", "expected"),
    [
        ('<meta property="og:url" content="https://a.example.vn/tin/1.html">', None,
         "https://a.example.vn/tin/1.html"),
        ('<link rel="canonical" href="https://a.example.vn/tin/2.html">', None,
         "https://a.example.vn/tin/2.html"),
        ('<link rel="canonical" href="/tin/3.html">', "https://b.example.vn/x/y.html",
         "https://b.example.vn/tin/3.html"),
        ('<link rel="canonical" href="/tin/3.html">', None, None),  # no host: not an address
        ('<link rel="canonical" href="javascript:alert(1)">', None, None),
        ('<meta property="og:url" content=" ">'
         '<link rel="canonical" href="https://a.example.vn/4.html">', None,
         "https://a.example.vn/4.html"),
        ("", None, None),
        # Some sites put their home page in og:url on every article: not an identity.
        ('<meta property="og:url" content="https://a.example.vn/">', None, None),
        ('<meta property="og:url" content="https://a.example.vn">'
         '<link rel="canonical" href="https://a.example.vn/tin/5.html">', None,
         "https://a.example.vn/tin/5.html"),
        ('<link rel="canonical" href="https://a.example.vn/?id=7">', None,
         "https://a.example.vn/?id=7"),
        # ... or spelled as a folder or file of the root (a NukeViet site: og:url /home/).
        ('<meta property="og:url" content="http://a.example.vn/home/">', None, None),
        ('<meta property="og:url" content="http://a.example.vn/vi/trang-chu.html">', None, None),
        ('<link rel="canonical" href="index.html">', "http://a.example.vn/", None),
        ('<meta property="og:url" content="http://a.example.vn/home/">'
         '<link rel="canonical" href="http://a.example.vn/tin/6.html">', None,
         "http://a.example.vn/tin/6.html"),
        ('<link rel="canonical" href="http://a.example.vn/tin/bai-7/index.html">', None,
         "http://a.example.vn/tin/bai-7/index.html"),
        # Malformed declarations are no address: no host (grafted onto the page's host by
        # urljoin, every page of a portal claimed http://host/guest), another scheme, a
        # template's placeholder, a host without its scheme, a host no public page has.
        ('<link rel="canonical" href="http:///guest">', "http://b.example.vn/tin/1.html", None),
        ('<meta property="og:url" content="http:/guest">', "http://b.example.vn/tin/1.html",
         None),
        ('<link rel="canonical" href="ftp://a.example.vn/tin/1.html">', None, None),
        ('<link rel="canonical" href="{{ canonical }}">', "http://b.example.vn/tin/1.html",
         None),
        ('<link rel="canonical" href="www.a.example.vn/tin/1.html">',
         "http://b.example.vn/tin/1.html", None),
        ('<link rel="canonical" href="http://guest/tin/1.html">', None, None),
        ('<meta property="og:url" content="http:///guest">'
         '<link rel="canonical" href="https://a.example.vn/tin/8.html">',
         "http://b.example.vn/tin/1.html", "https://a.example.vn/tin/8.html"),
    ],
)  # fmt: skip
def test_page_url(head, base, expected):
    assert page_url(tree(head), base) == expected


@pytest.mark.parametrize(
    ("title", "headline", "expected"),
    [
        ("Hội nghị Ban Chấp hành lần thứ năm - Báo Đảng bộ tỉnh An Bình",
         "Hội nghị Ban Chấp hành lần thứ năm", "Báo Đảng bộ tỉnh An Bình"),
        ("Đảng bộ huyện Tân Lập | Sơ kết công tác xây dựng Đảng sáu tháng đầu năm",
         None, "Đảng bộ huyện Tân Lập"),
        ("Trang chủ - Sở Tài chính tỉnh An Bình", None, "Sở Tài chính tỉnh An Bình"),
        ("Trang thông tin điện tử Huyện Tân Lập", None, "Huyện Tân Lập"),
        ("TRANG THÔNG TIN ĐIỆN TỬ | Trường Chính trị - tỉnh An Bình", "Lễ khai giảng",
         "Trường Chính trị - tỉnh An Bình"),
        ("Ủy ban Mặt trận Tổ quốc tỉnh An Bình", "Hội nghị hiệp thương lần thứ hai",
         "Ủy ban Mặt trận Tổ quốc tỉnh An Bình"),
        # A headline holding the separator itself is one part, whichever side it is on.
        ("Làm việc với Đảng ủy Khối Dân - Chính - Đảng - Đảng bộ Sở GD&ĐT",
         "Làm việc với Đảng ủy Khối Dân - Chính - Đảng", "Đảng bộ Sở GD&ĐT"),
        ("Báo Đảng bộ tỉnh An Bình | Hội nghị Khối Dân - Chính - Đảng",
         "Hội nghị Khối Dân - Chính - Đảng", "Báo Đảng bộ tỉnh An Bình"),
        # A <title> that is only the headline names no site.
        ("Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ năm", None, None),
        ("Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ năm",
         "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ năm", None),
        ("Trang chủ", None, None),
        ("", None, None),
    ],
)  # fmt: skip
def test_site_from_title(title, headline, expected):
    assert site_from_title(title, headline) == expected


def test_site_name_prefers_metadata_then_title_then_logo():
    assert site_name(tree('<meta property="og:site_name" content="Báo An Bình">'
                          "<title>Tin A - Khác</title>")) == "Báo An Bình"  # fmt: skip
    assert site_name(tree("<title>Trang chủ - Thanh tra tỉnh An Bình</title>")) == (
        "Thanh tra tỉnh An Bình"
    )
    logo = (
        '<div class="header-logo"><a href="/"><img src="l.png" alt="Đảng bộ xã Hòa Bình"></a></div>'
    )
    assert site_name(tree("<title>Bài viết</title>", logo)) == "Đảng bộ xã Hòa Bình"
    assert site_name(tree("<title>Bài viết</title>")) is None


def test_a_saved_page_gives_its_record_a_site_and_an_original_link(tmp_path):
    page = tmp_path / "bai.html"
    page.write_text(
        '<html><head><meta charset="utf-8"><title>Hội nghị sơ kết công tác Đảng - '
        "Đảng bộ huyện Tân Lập</title>"
        '<meta property="og:url" content="https://tanlap.example.vn/tin/hoi-nghi.html">'
        "</head><body><h1>Hội nghị sơ kết công tác Đảng</h1><p>Sáng 2/3/2021, Đảng bộ huyện "
        "tổ chức hội nghị sơ kết công tác xây dựng Đảng, đánh giá kết quả và đề ra nhiệm vụ "
        "trọng tâm trong thời gian tới.</p></body></html>",
        encoding="utf-8",
    )
    record = parse_file(page)
    assert record.url == "https://tanlap.example.vn/tin/hoi-nghi.html"
    assert record.site == "Đảng bộ huyện Tân Lập"
