"""The Vietnamese names the pages show for facets and sort orders."""

from __future__ import annotations

from indexer.fields import LABELS

FACET_LABELS = LABELS  # declared with each field in indexer/fields.py
SORT_LABELS = {"relevance": "Phù hợp nhất", "newest": "Mới nhất", "oldest": "Cũ nhất"}
UNDATED_LABEL = "không rõ ngày"


def value_label(facet: str, value: str) -> str:
    """How a facet value reads on the page: the undated "year" in words, the rest as stored."""
    if facet in ("year", "month") and value == "undated":
        return UNDATED_LABEL
    if facet == "month" and len(value) == 7:
        return f"{value[5:]}/{value[:4]}"  # 2017-03 -> 03/2017
    return value
