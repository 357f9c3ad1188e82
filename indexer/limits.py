"""Every limit on a request, defined once, read from the environment, checked in one place.

The web server, the JSON API and `vankien search` all take their limits from `Limits`
(defaults here, `VANKIEN_*` environment variables over them, see README) and refuse a
request through `Limits.check`, whose message is Vietnamese and names the limit and the
variable that raises it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields

_WORD = re.compile(r"\w+")


class LimitError(ValueError):
    """A request over one of the limits; the message is for the user."""


# name -> (what it limits, unit, environment variable); the names are Limits' fields.
_DESCRIPTIONS = {
    "max_query_chars": ("độ dài truy vấn", "ký tự", "VANKIEN_MAX_QUERY_CHARS"),
    "max_word_chars": ("độ dài một từ", "ký tự", "VANKIEN_MAX_WORD_CHARS"),
    "max_per_page": ("số kết quả mỗi trang (per_page)", "", "VANKIEN_MAX_PER_PAGE"),
    "max_page": ("số trang (page)", "", "VANKIEN_MAX_PAGE"),
    "export_limit": ("số dòng xuất CSV", "dòng", "VANKIEN_EXPORT_LIMIT"),
}


@dataclass(frozen=True)
class Limits:
    """The limits of one server or command; each field is set by its VANKIEN_* variable."""

    max_query_chars: int = 2000  # VANKIEN_MAX_QUERY_CHARS: longest query or parameter
    # VANKIEN_MAX_WORD_CHARS: longest word of a query. A Vietnamese syllable has at most 7
    # letters and a code's parts fewer; 64 leaves room for foreign words and hashes.
    max_word_chars: int = 64
    max_per_page: int = 100  # VANKIEN_MAX_PER_PAGE: results on one page
    max_page: int = 1000  # VANKIEN_MAX_PAGE: deepest page
    export_limit: int = 10_000  # VANKIEN_EXPORT_LIMIT: rows in one CSV export

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """Defaults, overridden by the VANKIEN_* variables of `environ` (os.environ)."""
        environ = os.environ if environ is None else environ
        values: dict[str, int] = {}
        for item in fields(cls):
            variable = _DESCRIPTIONS[item.name][2]
            raw = environ.get(variable)
            if raw is None:
                continue
            try:
                value = int(raw)
            except ValueError:
                raise LimitError(
                    f"{variable} phải là số nguyên dương, không phải {raw!r}"
                ) from None
            if value < 1:
                raise LimitError(f"{variable} phải là số nguyên dương, không phải {raw!r}")
            values[item.name] = value
        return cls(**values)

    def check(self, name: str, value: int, low: int = 1, *, more: bool = False) -> None:
        """Refuse `value` when it is outside `low`..the limit `name`, naming the limit.

        `more` says `value` is only a lower bound of what was asked (a result list cut
        one past the limit).
        """
        high = getattr(self, name)
        if low <= value <= high:
            return
        what, unit, variable = _DESCRIPTIONS[name]
        unit = f" {unit}" if unit else ""
        if value < low:
            raise LimitError(f"Giá trị {value} không hợp lệ cho {what}: phải từ {low} trở lên.")
        asked = f"hơn {high}{unit}" if more else f"{value}{unit}"
        raise LimitError(
            f"Vượt giới hạn {what}: tối đa {high}{unit}, yêu cầu {asked} (giới hạn {variable})."
        )

    def check_text(self, name: str, text: str) -> None:
        """Refuse a parameter longer than `max_query_chars`; `name` says which one."""
        if len(text) > self.max_query_chars:
            raise LimitError(
                f"Tham số '{name}' quá dài: tối đa {self.max_query_chars} ký tự, "
                f"nhận {len(text)} (giới hạn VANKIEN_MAX_QUERY_CHARS)."
            )

    def check_words(self, name: str, text: str) -> None:
        """Refuse a parameter holding a word longer than `max_word_chars`."""
        longest = max(_WORD.findall(text), key=len, default="")
        if len(longest) > self.max_word_chars:
            raise LimitError(
                f"Tham số '{name}' có một từ quá dài (“{longest[:20]}…”): một từ tối đa "
                f"{self.max_word_chars} ký tự, nhận {len(longest)} "
                "(giới hạn VANKIEN_MAX_WORD_CHARS)."
            )
