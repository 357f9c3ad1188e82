"""The two typed handoffs of a search: the request (validated here) and the response."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from indexer.fields import BY_NAME, FILTERS
from indexer.fields import UNDATED as UNDATED  # where callers have imported it from
from indexer.limits import LimitError, Limits

SORTS = ("relevance", "newest", "oldest")
# A date filter's year has four digits, as the year filter's (indexer.fields.YEAR).
MIN_YEAR = 1000


class SearchError(ValueError):
    """A request that cannot be answered as asked; the message is for the user."""


@dataclass
class SearchRequest:
    """What to search: the query, filters, ordering and paging."""

    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    facet_limit: int = 10
    facet_more: str | None = None  # a facet whose every value is wanted
    facet_filter: dict[str, str] = field(
        default_factory=dict
    )  # text to find inside a facet's values
    limits: Limits = field(default_factory=Limits.from_env)  # paging and query length

    def validate(self) -> None:
        if self.sort not in SORTS:
            raise SearchError(f"Cách sắp xếp phải là một trong: {', '.join(SORTS)}.")
        try:
            self.limits.check_text("q", self.q)
            self.limits.check_words("q", self.q)
            self.limits.check("max_page", self.page)
            self.limits.check("max_per_page", self.per_page)
        except LimitError as error:
            raise SearchError(str(error)) from error
        unknown = set(self.filters) - set(FILTERS)
        if unknown:
            raise SearchError(f"Không có bộ lọc: {', '.join(sorted(unknown))}.")
        self._check_filter_values()
        for name, day in (("from", self.date_from), ("to", self.date_to)):
            if day and day.year < MIN_YEAR:
                raise SearchError(
                    f"Ngày {day.isoformat()} ({name}) ngoài khoảng cho phép: "
                    f"năm phải có bốn chữ số (từ {MIN_YEAR} đến 9999)."
                )
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise SearchError("Ngày bắt đầu (from) sau ngày kết thúc (to).")

    def _check_filter_values(self) -> None:
        """Refuse a filter value outside its declared form (year=20199, month=2017-13)."""
        for name, values in self.filters.items():
            form = BY_NAME[name].value_form
            bad = next((v for v in values if form and not form.accepts(v)), None)
            if bad is not None:
                raise SearchError(
                    f"Giá trị '{bad[:40]}' không hợp lệ cho bộ lọc '{name}': "
                    f"phải là {form.vietnamese}."
                )


@dataclass
class Hit:
    id: str
    title: str
    url: str | None
    source_url: str | None
    published: str | None
    site: str
    snippet: str
    persons: list[str]
    codes: list[str]
    copies: list[dict]
    score: float | None
    gone: bool = False
    captured: bool = False
    format: str = ""  # "Loại tài liệu": bài viết, PDF, Word, bản scan, bảng tính
    document: dict | None = None  # an attached file's format, pages, OCR pages and size
    page: int | None = None  # the page of a multi-page document the snippet comes from

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class FacetValue:
    value: str
    count: int
    selected: bool

    def to_dict(self) -> dict:
        return {"value": self.value, "count": self.count, "selected": self.selected}


@dataclass
class SearchResponse:
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    facet_totals: dict[str, int]
    suggestion: str | None
    understood: dict
    page: int
    per_page: int
    sort: str
    took_ms: float

    def to_dict(self) -> dict:
        return {
            "total": self.total,
            "page": self.page,
            "per_page": self.per_page,
            "sort": self.sort,
            "took_ms": round(self.took_ms, 1),
            "hits": [h.to_dict() for h in self.hits],
            "facets": {name: [v.to_dict() for v in values] for name, values in self.facets.items()},
            "facet_totals": self.facet_totals,
            "suggestion": self.suggestion,
            "understood": self.understood,
        }
