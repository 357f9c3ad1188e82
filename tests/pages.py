"""Article pages of templates the parser was never tuned on, written for the tests."""

from __future__ import annotations

import base64
import random

LEAD = (
    "Sáng ngày 12/6/2019, Ban Thường vụ Huyện ủy Đắk Mil tổ chức hội nghị sơ kết công tác dân "
    "vận 6 tháng đầu năm, triển khai nhiệm vụ trọng tâm 6 tháng cuối năm 2019."
)
MIDDLE = (
    "Theo báo cáo, trong 6 tháng qua, các cấp ủy đảng đã lãnh đạo thực hiện tốt Nghị quyết số "
    "25-NQ/TW về tăng cường và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận."
)
LAST = (
    "Phát biểu kết luận hội nghị, đồng chí Trần Văn Khánh, Bí thư Huyện ủy đề nghị các cơ quan, "
    "đơn vị tiếp tục phát huy vai trò của Mặt trận và các đoàn thể chính trị - xã hội."
)
HEADLINE = "Sơ kết công tác dân vận 6 tháng đầu năm 2019"
FOOTER = "TRANG THÔNG TIN ĐIỆN TỬ HUYỆN ỦY ĐẮK MIL. Địa chỉ: số 1 đường Lê Duẩn, thị trấn Đắk Mil"
SIDEBAR_CODE = "417-QĐ/HU"


def data_uri(kilobytes: int, seed: int = 4) -> str:
    rng = random.Random(seed)
    raw = bytes(rng.randrange(256) for _ in range(kilobytes * 1024))
    return "data:image/jpeg;base64," + base64.b64encode(raw).decode()


def liferay_page(image_kb: int = 200, headline_tail: str = "<span>( )</span>") -> str:
    """A Liferay-like portlet page: inline base64 images, the article inside containers
    whose classes read as boilerplate ("content-print", "header-title"), an empty date
    slot in the headline, other news and a footer."""
    body = (
        f"<p>{LEAD}</p>"
        f'<p style="text-align:center"><img alt="" src="{data_uri(image_kb)}"></p>'
        f"<p>{MIDDLE}</p>"
        f'<p><img src="{data_uri(image_kb // 2, seed=5)}" width="600"></p>'
        f"<p>{LAST}</p><p style='text-align:right'><strong>Minh Khôi</strong></p>"
    )
    return (
        "<html><head><meta charset='utf-8'><title>Tin tức - Sự kiện - Huyện ủy Đắk Mil</title>"
        "</head><body><div id='wrapper'><header id='banner'><div class='logo'>HUYỆN ỦY ĐẮK MIL"
        "</div><nav><ul><li><a href='/'>Trang chủ</a></li><li><a href='/tin-tuc'>Tin tức</a></li>"
        "</ul></nav></header><div id='content' class='columns-2'><section class='portlet'>"
        "<header class='portlet-topper'><span>Tin tức - Sự kiện</span></header>"
        "<div class='portlet-content'><div class='asset-full-content content-print'>"
        f"<h2 class='header-title'>{HEADLINE} {headline_tail}</h2>"
        f"<div class='journal-content-article'>{body}</div></div></div></section>"
        "<div class='portlet-others'><h3>Các tin khác</h3><ul>"
        "<li><a href='/a'>Hội nghị Ban Chấp hành Đảng bộ huyện lần thứ 12</a> (20/5/2019)</li>"
        f"<li><a href='/b'>Quyết định số {SIDEBAR_CODE} về quy chế làm việc</a></li></ul></div>"
        f"</div><div id='footer-bottom'><p>{FOOTER}</p></div></div></body></html>"
    )


def portal_page(title_html: str, dateline: str = "", tail: str = "") -> str:
    """A plain portal page: a headline element, an optional dateline, the article and a tail."""
    return (
        "<html><head><title>Cổng thông tin điện tử | Trường Chính trị</title></head><body>"
        "<div class='top'><a href='/'>Trang chủ</a> <a href='/gt'>Giới thiệu</a></div>"
        "<div class='main'>"
        f"{title_html}{dateline}<div class='noidung'><p>{LEAD}</p><p>{MIDDLE}</p><p>{LAST}</p>"
        f"{tail}</div></div><div class='chan'>{FOOTER}</div></body></html>"
    )


HIDDEN_LINES = [
    "Ngày 3/7, Đảng ủy xã Quảng Phú tổ chức trao Huy hiệu 50 năm tuổi Đảng cho 4 đảng viên.",
    "Trong số đó có đồng chí Y Bhiăn, nguyên Bí thư Chi bộ thôn, người gắn bó với buôn làng.",
    "Đồng chí Hà Văn Lâm, Bí thư Đảng ủy xã chúc mừng và mong các đảng viên tiếp tục nêu gương.",
    "Các đảng viên xúc động bày tỏ niềm tự hào được đứng trong hàng ngũ của Đảng nhiều năm qua.",
    "Dịp này, Đảng ủy xã cũng trao quyết định kết nạp Đảng cho 6 quần chúng ưu tú tại cơ sở.",
    "Buổi lễ diễn ra trang trọng tại hội trường Đảng ủy xã với sự tham dự của đông đảo nhân dân.",
]
OTHER_NEWS = [
    "Hội nghị Ban Chấp hành Đảng bộ huyện lần thứ 12 khóa XIV",
    "Đại hội Hội Nông dân huyện nhiệm kỳ 2019 - 2024 thành công tốt đẹp",
    "Huyện ủy tổ chức hội nghị học tập, quán triệt Nghị quyết Trung ương 10",
    "Ra mắt mô hình dân vận khéo trong xây dựng nông thôn mới",
    "Tuổi trẻ huyện nhà ra quân chiến dịch tình nguyện hè 2019",
    "Kiểm tra công tác xây dựng Đảng tại các chi bộ trực thuộc",
]


def _news_list(titles: list[str]) -> str:
    return "".join(f"<li><a href='/tin/{i}.html'>{t}</a></li>" for i, t in enumerate(titles))


def hidden_article_page() -> str:
    """An article whose lines sit in a share/comment-classed box and whose headline is a
    plain line, among lists of other news and a visitor counter: the body cannot be
    found with confidence."""
    lines = "".join(f"<div>{line}</div>" for line in HIDDEN_LINES)
    return (
        "<html><head><title>Tin tức</title></head><body>"
        f"<div class='ds'><ul>{_news_list(OTHER_NEWS[:3])}</ul></div>"
        "<div>Trao Huy hiệu Đảng đợt 3/7</div>"
        f"<div class='share-box comments'>{lines}</div>"
        f"<div class='ds2'><ul>{_news_list(OTHER_NEWS[3:])}</ul></div>"
        "<div class='dem'><span>0</span><span>9</span><span>7</span><span>6</span></div>"
        "</body></html>"
    )


def listing_page() -> str:
    """A category page: headline links, each with its date and a summary."""
    items = "".join(
        f"<li><a href='/tin/{i}.html'>{t}</a> <span>(0{i + 1}/07/2019)</span>"
        f"<p>{HIDDEN_LINES[i % len(HIDDEN_LINES)]} {HIDDEN_LINES[(i + 1) % len(HIDDEN_LINES)]}</p></li>"
        for i, t in enumerate(OTHER_NEWS)
    )
    return (
        "<html><head><title>Tin tức - Sự kiện</title></head><body><h1>Tin tức - Sự kiện</h1>"
        f"<ul class='list-news'>{items}</ul><div class='paging'><a href='?p=2'>2</a></div>"
        "</body></html>"
    )
