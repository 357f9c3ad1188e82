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
