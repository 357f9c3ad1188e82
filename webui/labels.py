"""The Vietnamese names the pages show for facets and sort orders."""

from __future__ import annotations

FACET_LABELS = {
    "year": "Năm",
    "month": "Tháng",
    "person": "Người",
    "code": "Mã văn bản",
    "type": "Loại văn bản",
    "issuer": "Cơ quan ban hành",
    "site": "Trang",
    "author": "Tác giả",
}
SORT_LABELS = {"relevance": "Phù hợp nhất", "newest": "Mới nhất", "oldest": "Cũ nhất"}
