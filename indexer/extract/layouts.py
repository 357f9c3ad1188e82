"""Site knowledge as data: boilerplate cues and the layouts of known portal templates.

The generic extractor needs none of this to work; a layout only tells it where a known
template keeps its title, date, body or byline, as XPath expressions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Class or id words of containers that usually hold boilerplate.
BOILERPLATE_CLASS = re.compile(
    r"(?:^|[\s_-])(?:menu|nav|navbar|navigation|sidebar|side-bar|sidenav|footer|breadcrumbs?|"
    r"share|sharing|social|comments?|related|relate|tinkhac|tin-khac|tinlienquan|tin-lien-quan|"
    r"lienquan|lien-quan|cungchuyenmuc|cung-chuyen-muc|other|others|banner|"
    r"advert|ads|quangcao|qc|login|search|toolbar|copyright|widget|topbar|header|top-menu|"
    r"marquee|lienket|lien-ket|weblink|vanban|van-ban|docs|hotnews|tin-moi|tinmoi|most|"
    r"popular|tags?|print|email|rating|vote|poll|calendar|clock|weather|counter|visitor)"
    r"(?:$|[\s_-])",
    re.I,
)
# What a heading of other stories says: "Tin liên quan", "Các bài viết khác", "TIN MỚI HƠN".
_STORIES = r"(?:tin|bài|bài viết|tin bài|tin tức|bản tin)"
_OTHER = (
    r"(?:khác|liên quan(?: khác)?|cùng chuyên mục|cùng loại|cùng chủ đề|cùng danh mục|"
    r"mới|mới nhất|mới hơn|cũ hơn|đã đưa|đã đăng|trước|sau|tiếp theo|nổi bật|xem nhiều|"
    r"đọc nhiều|được quan tâm)"
)
# Headings that open a block of other stories, links or document lists.
BOILERPLATE_HEADING = re.compile(
    rf"^\W*(?:(?:các |những )?{_STORIES} {_OTHER}|mới hơn|cũ hơn|"
    r"đọc nhiều|xem nhiều|văn bản mới|văn bản chỉ đạo|văn bản|liên kết web(?:site)?|"
    r"bình luận|ý kiến bạn đọc|gửi ý kiến|chia sẻ|tags?|từ khóa|thông tin cần biết|"
    r"xem thêm|đọc thêm|có thể bạn quan tâm|lượt truy cập|thống kê truy cập|"
    r"số lượt truy cập|số lượt đang online|đang online|đang truy cập|số người truy cập)\W*$",
    re.I,
)
# The words of such headings, from the same phrases: a line made only of these names no author.
LIST_HEADING_WORDS = frozenset(re.findall(r"[^\W\d_]+", f"{_STORIES} {_OTHER} các những xem thêm"))
# Lines at the end of a body that point elsewhere and are not part of the article.
TRAILING_NOISE = re.compile(
    r"^\W*(?:(?:xem chi tiết|xem thêm|tải về|tải file|download|file đính kèm|đính kèm|in bài|"
    r"gửi email|lên đầu trang|quay lại|trở về|chia sẻ|bản in|tổng số điểm|click để đánh giá|"
    r"đánh giá bài viết|bấm để đánh giá)\b"
    r"|(?:tác giả bài viết|tác giả|nguồn tin|nguồn|người viết)\s*:?\s*$)",
    re.I,
)
# Lines of a page footer: the site's name as a heading, copyright, licence, editor.
FOOTER_LINE = re.compile(
    r"^\W*(?:trang thông tin điện tử|cổng thông tin điện tử|website)\b|©|\(c\)\s*\d{4}|"
    r"bản quyền|copyright|ghi rõ nguồn|giấy phép (?:số|thiết lập)|chịu trách nhiệm (?:chính|nội dung)|"
    r"trưởng ban biên tập",
    re.I,
)
# Lines that name the author or the source.
BYLINE = re.compile(
    r"^\W*(?P<label>tác giả|nguồn|theo|tin,? ảnh|tin và ảnh|bài,? ảnh|bài và ảnh|tin|bài|"
    r"người viết|phóng viên|ctv|pv)\s*[:.-]?\s*(?P<value>.{2,120}?)\s*$",
    re.I,
)
ORIGINAL_LINK = re.compile(r"liên kết bài viết gốc|bài viết gốc|link gốc|nguồn gốc|bài gốc", re.I)


@dataclass(frozen=True)
class Layout:
    """Where one portal template keeps its parts (XPath 1.0, evaluated with lxml)."""

    name: str
    detect: str  # an XPath that is non-empty only on pages of this template
    title: str | None = None
    date: str | None = None
    body: str | None = None


LAYOUTS: list[Layout] = [
    Layout(
        name="lacviet-sharepoint",
        detect="//table[@id='tableforprint']//p[contains(@class,'Title')]",
        title="//table[@id='tableforprint']//p[contains(@class,'Title')]",
        date="//table[@id='tableforprint']/ancestor::*[position()<=6]"
        "//*[contains(concat(' ',normalize-space(@class),' '),' Time ')]",
    ),
    Layout(
        name="vankien-portal",
        detect="//div[@class='vk-article']",
        title="//div[@class='vk-article']//h1",
        date="//div[@class='vk-article']//span[@class='vk-date']",
        body="//div[@class='vk-article']//div[@class='vk-body']",
    ),
]
