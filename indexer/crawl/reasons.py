"""Why a crawled address was skipped or failed, in Vietnamese for the person reading.

The crawl state and the JSON report keep the reasons as stable English codes ("HTTP 404",
"redirect loop via …"): scripts and the crawler itself read them (a redirect chain is
followed through "redirect to …"). The command line shows them through `describe`.
"""

from __future__ import annotations

import re

# (pattern of the stored reason, Vietnamese wording; groups are carried over in order)
_WORDING: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"HTTP (404|410)$"), "HTTP {0}: không có trang này ở nguồn"),
    (re.compile(r"HTTP (\d+) without a usable Location"), "HTTP {0} chuyển hướng không có địa chỉ"),
    (re.compile(r"HTTP (\d+)$"), "máy chủ trả lời HTTP {0}"),
    (re.compile(r"redirect loop via (.+)"), "chuyển hướng vòng tròn qua {0}"),
    (re.compile(r"redirect loop$"), "chuyển hướng về chính nó"),
    (re.compile(r"more than (\d+) redirects"), "chuyển hướng quá {0} lần"),
    (
        re.compile(r"redirect outside the crawl scope \((.+)\)"),
        "chuyển hướng ra ngoài phạm vi ({0})",
    ),
    (re.compile(r"redirect to (.+)"), "chuyển hướng tới {0}"),
    (re.compile(r"larger than (\d+) bytes"), "lớn hơn {0} byte, không tải hết"),
    (re.compile(r"not an article: (.+)"), "không đọc được thành bài viết: {0}"),
    (re.compile(r"not a page \((.*)\)"), "không phải trang web ({0})"),
    (re.compile(r"outside the crawl scope$"), "ngoài phạm vi thu thập"),
    (re.compile(r"disallowed by robots\.txt$"), "robots.txt không cho phép"),
    (re.compile(r"depth limit of the site \((\d+)\)"), "quá độ sâu cho phép của trang ({0})"),
    (re.compile(r"sitemap nested too deep$"), "sitemap lồng nhau quá sâu"),
    (re.compile(r"page limit of the site reached$"), "đã đủ số trang cho phép của trang"),
    (re.compile(r"no sitemap at the usual address$"), "không có sitemap ở địa chỉ thường dùng"),
    (re.compile(r"duplicate of (.+)"), "trùng với {0}"),
    (re.compile(r"canonical address is (.+)"), "địa chỉ chính thức là {0}"),
    (re.compile(r"waiting for its canonical address (.+)"), "chờ tải địa chỉ chính thức {0}"),
    (
        re.compile(r"canonical address shared by many pages$"),
        "nhiều trang khác nhau cùng khai địa chỉ chính thức này: không phải của trang nào",
    ),
    (re.compile(r"not modified$"), "không thay đổi từ lần trước"),
    (re.compile(r"attachments are not fetched$"), "không tải tệp đính kèm (--no-attachments)"),
    (re.compile(r"document$"), "tệp đính kèm"),
    (re.compile(r"requisite$"), "tệp giao diện hoặc ảnh của bài"),
    (re.compile(r"requisite not modified$"), "tệp giao diện hoặc ảnh không đổi từ lần trước"),
    (re.compile(r"requisite not kept \((.+)\)"), "không lưu tệp giao diện hoặc ảnh: {0}"),
    (re.compile(r"sitemap or feed$"), "sitemap hoặc nguồn tin"),
    (
        re.compile(r"(\d+) __doPostBack link\(s\) not followed.*"),
        "{0} liên kết __doPostBack không theo được (chúng cần POST)",
    ),
    (re.compile(r"(?:still )?gone at the source \((.+)\), kept"), "đã gỡ ở nguồn ({0}), vẫn giữ"),
    (re.compile(r"soft 404.*"), "trang báo không tìm thấy (HTTP 200)"),
    (
        re.compile(r"error page \(HTTP 200\): (.*)"),
        "trang báo lỗi của máy chủ (HTTP 200): {0}",
    ),
    (re.compile(r"(?:TimeoutError|timeout)\b.*|.*timed out.*", re.I), "quá thời gian chờ"),
    # http.client raises these itself, unwrapped by urllib: the server hung up on us.
    (re.compile(r"RemoteDisconnected: .*"), "máy chủ đóng kết nối mà không trả lời"),
    (
        re.compile(r"(?:ConnectionResetError|ConnectionAbortedError|BrokenPipeError): (.+)"),
        "máy chủ ngắt kết nối: {0}",
    ),
    (re.compile(r"IncompleteRead: .*"), "máy chủ ngắt kết nối giữa chừng, trang không tải hết"),
    (
        re.compile(r"(?:BadStatusLine|LineTooLong|UnknownProtocol|HTTPException): (.*)"),
        "máy chủ trả lời không đúng giao thức HTTP: {0}",
    ),
    (
        re.compile(r"(?:URLError|ConnectionRefusedError|ConnectionError|OSError): (.+)"),
        "không kết nối được: {0}",
    ),
]


def describe(reason: str) -> str:
    """The Vietnamese wording of a stored crawl reason; an unknown one is shown as it is."""
    for pattern, wording in _WORDING:
        match = pattern.match(reason)
        if match:
            return wording.format(*match.groups())
    return reason
