"""A request's query string -> checked values and a `SearchRequest`, with Vietnamese errors.

Pure: it reads the arguments it is given (a werkzeug `MultiDict`, such as
`flask.request.args`), never `flask.request`, so it is tested without an app.
"""

from __future__ import annotations

import re
from datetime import date

from werkzeug.datastructures import MultiDict

from indexer.fields import BY_NAME
from indexer.limits import LimitError
from indexer.search import FACETS, FILTERS, SearchError, SearchRequest
from indexer.text.normalize import normalize_text
from webui.errors import UserError
from webui.labels import SORT_LABELS
from webui.settings import Settings

MAX_FILTER_VALUES = 50  # values of one filter in one request
MAX_FILTER_CHARS = 300  # characters of one filter value
MAX_NUMBER_DIGITS = 18  # a page number longer than this is refused before int() reads it
VIETNAMESE_DATE = re.compile(r"(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>\d{4})")


def typed_day(raw: str) -> date:
    """A date as typed: dd/mm/yyyy (with '/', '-' or '.') or YYYY-MM-DD; ValueError if neither."""
    match = VIETNAMESE_DATE.fullmatch(raw)
    if match:
        return date(int(match["year"]), int(match["month"]), int(match["day"]))
    return date.fromisoformat(raw)


def _filter_value(name: str, raw: str) -> str:
    """A filter value as searched: trimmed, and NFC with invisible characters removed,
    unless its form is declared (year, month), which is checked as it was typed."""
    if BY_NAME[name].value_form is not None:
        return raw.strip()
    return normalize_text(raw).strip()


class Params:
    """One request's arguments, read within the limits of `settings`."""

    def __init__(self, args: MultiDict[str, str], settings: Settings) -> None:
        self.args, self.settings = args, settings

    def one(self, name: str, default: str = "") -> str:
        """The single value of `name` (NFC), or `default`; two values or a too long one are refused."""
        values = self.args.getlist(name)
        if len(values) > 1:
            raise UserError(f"Tham số '{name}' chỉ được có một giá trị.")
        value = values[0] if values else default
        try:
            self.settings.limits.check_text(name, value)
        except LimitError as error:
            raise UserError(str(error)) from error
        return normalize_text(value)

    def number(self, name: str, default: int) -> int:
        """A whole number, or `default` when absent; its limits are the request's (validate)."""
        if name not in self.args:
            return default
        raw = self.one(name)
        if not (raw.isascii() and raw.isdigit()):  # "²" is a digit that int() refuses
            raise UserError(f"Tham số '{name}' phải là số nguyên dương.")
        if len(raw.lstrip("0")) > MAX_NUMBER_DIGITS:  # int() refuses 4,300 digits and more
            raise UserError(f"Tham số '{name}' quá lớn: {raw[:24]}….")
        return int(raw)

    def day(self, name: str) -> date | None:
        """A date written dd/mm/yyyy (as Vietnamese write it; '-' or '.' also separate) or
        YYYY-MM-DD, or None when absent or empty."""
        raw = self.one(name).strip()
        if not raw:
            return None
        try:
            return typed_day(raw)
        except ValueError as error:
            raise UserError(f"Ngày '{raw}' không hợp lệ (dạng dd/mm/yyyy).") from error

    def filters(self) -> dict[str, list[str]]:
        """Each filter's values (NFC, trimmed, blanks dropped, duplicates once); several
        combine with OR. Their form (year=2017, month=2017-08) is checked by
        `SearchRequest.validate`, as for the command line."""
        filters: dict[str, list[str]] = {}
        for name in FILTERS:
            raw = self.args.getlist(name)
            if len(raw) > MAX_FILTER_VALUES:
                raise UserError(f"Quá nhiều giá trị cho bộ lọc '{name}'.")
            if any(len(v) > MAX_FILTER_CHARS for v in raw):
                raise UserError(f"Giá trị của bộ lọc '{name}' quá dài.")
            values = [_filter_value(name, v) for v in raw if v.strip()]
            if values:
                filters[name] = list(dict.fromkeys(values))
        return filters

    def search_request(self, per_page_default: int = 10) -> SearchRequest:
        """The search the arguments ask for: query, filters, dates, sort, page, facet lists."""
        q = self.one("q")
        sort = self.one("sort") or ("relevance" if q.strip() else "newest")
        if sort not in SORT_LABELS:
            raise UserError("Cách sắp xếp phải là relevance, newest hoặc oldest.")
        filters = self.filters()
        more = self.one("more") if "more" in self.args else None
        if more is not None and more not in FACETS:
            raise UserError(f"Không có nhóm lọc '{more}'.")
        facet_filter = {name: self.one(f"fq_{name}") for name in FACETS if self.one(f"fq_{name}")}
        date_from, date_to = self.day("from"), self.day("to")
        if date_from and date_to and date_from > date_to:
            date_from, date_to = date_to, date_from  # a range typed backwards
        search = SearchRequest(
            q=q,
            filters=filters,
            date_from=date_from,
            date_to=date_to,
            sort=sort,
            page=self.number("page", 1),
            per_page=self.number("per_page", per_page_default),
            limits=self.settings.limits,
            facet_more=more,
            facet_filter=facet_filter,
        )
        try:
            search.validate()  # every limit is checked there, for the web, the API and the CLI
        except SearchError as error:
            raise UserError(str(error)) from error
        return search
