"""The crawl report's reasons and notes in Vietnamese, for the person reading the terminal.

The crawler records short English reasons ("HTTP 404", "redirect loop via …"): they are
codes that the crawl state, the JSON report and scripts match on, and stay as they are.
`describe` turns one into what a clerk reads on stderr; a reason it does not know is
shown as recorded.
"""

from __future__ import annotations

import re
from collections.abc import Callable

Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]


def _rule(pattern: str, text: str | Callable[[re.Match[str]], str]) -> Rule:
    compiled = re.compile(pattern, re.DOTALL)
    if callable(text):
        return compiled, text
    return compiled, lambda m: m.expand(text)


HTTP_MEANINGS = {
    "401": "máy chủ đòi đăng nhập",
    "403": "máy chủ không cho truy cập",
    "404": "không có trang này",
    "410": "trang đã bị gỡ",
    "429": "máy chủ đề nghị tải chậm lại",
}

RULES: list[Rule] = [
    _rule(
        r"HTTP (\d{3}) without a usable Location",
        r"chuyển hướng (HTTP \1) không có địa chỉ đích dùng được",
    ),
    _rule(r"HTTP (5\d\d)", r"máy chủ gặp lỗi (HTTP \1)"),
    _rule(
        r"HTTP (\d{3})",
        lambda m: f"{HTTP_MEANINGS.get(m[1], 'máy chủ trả lời lỗi')} (HTTP {m[1]})",
    ),
    _rule(r"larger than (\d+) bytes", r"trang lớn hơn \1 byte, không tải hết"),
    _rule(r"redirect loop via (.+)", r"chuyển hướng vòng tròn (qua \1)"),
    _rule(r"redirect loop", "chuyển hướng vòng tròn"),
    _rule(r"more than (\d+) redirects", r"chuyển hướng quá \1 lần"),
    _rule(
        r"redirect outside the crawl scope \((.+)\)", r"chuyển hướng ra ngoài phạm vi thu thập (\1)"
    ),
    _rule(r"redirect to (.+)", r"chuyển hướng tới \1"),
    _rule(r"outside the crawl scope", "ngoài phạm vi thu thập"),
    _rule(r"disallowed by robots\.txt", "robots.txt không cho phép tải"),
    _rule(r"sitemap nested too deep", "sơ đồ trang (sitemap) lồng quá sâu"),
    _rule(r"page limit of the site reached", "đã đủ số trang tối đa của trang web"),
    _rule(
        r"no sitemap at the usual address", "không có sơ đồ trang (sitemap) ở địa chỉ thường dùng"
    ),
    _rule(r"not modified", "không đổi từ lần trước"),
    _rule(r"sitemap or feed", "sơ đồ trang hoặc bản tin RSS/Atom"),
    _rule(r"soft 404\b.*", "trang báo “không tìm thấy” dù máy chủ trả lời HTTP 200"),
    _rule(r"not an article: (.+)", r"không phải bài viết: \1"),
    _rule(r"not a page \((.*)\)", r"không phải trang web (\1)"),
    _rule(r"duplicate of (.+)", r"trùng với \1"),
    _rule(r"canonical address is (.+)", r"địa chỉ chính thức là \1"),
    _rule(r"depth limit of the site \((\d+)\)", r"xa hơn độ sâu cho phép của trang (\1)"),
    _rule(
        r"still gone at the source \((.+)\), kept",
        lambda m: f"vẫn không còn ở nguồn ({describe(m[1])}), vẫn giữ trong chỉ mục",
    ),
    _rule(
        r"gone at the source \((.+)\), kept",
        lambda m: f"không còn ở nguồn ({describe(m[1])}), vẫn giữ trong chỉ mục",
    ),
    _rule(
        r"(\d+) __doPostBack link\(s\) not followed \(they need a POST\)",
        r"\1 liên kết __doPostBack không được theo (cần gửi biểu mẫu POST)",
    ),
    # Transport errors, as indexer/fetch.py writes them ("TimeoutError: timed out").
    _rule(r".*\btimed? ?out\b.*", "quá thời gian chờ máy chủ trả lời"),
    _rule(r".*Connection refused.*", "máy chủ từ chối kết nối"),
    _rule(r".*Connection reset.*", "máy chủ ngắt kết nối giữa chừng"),
    _rule(
        r".*(Name or service not known|nodename nor servname|getaddrinfo failed"
        r"|Temporary failure in name resolution).*",
        "không tìm thấy tên miền",
    ),
    _rule(r".*(CERTIFICATE_VERIFY_FAILED|SSL).*", "lỗi chứng chỉ hoặc kết nối bảo mật (SSL)"),
    _rule(r"not fetched", "chưa tải được"),
    _rule(r"(\w+(?:Error|Exception)): (.+)", r"lỗi kết nối (\1: \2)"),
    _rule(r"failed", "lỗi"),
    _rule(r"skipped", "bỏ qua"),
]


def describe(reason: str) -> str:
    """A crawl reason or note as a person reads it, in Vietnamese; unknown ones as given."""
    text = reason.strip()
    for pattern, render in RULES:
        match = pattern.fullmatch(text)
        if match:
            return render(match)
    return reason
