"""Checks of crawl settings (TOML file or command line) before any URL is fetched.

A wrong value (`delay = "nhanh"`, `url = 5`, `--include "("`) is named in Vietnamese
here, so that `vankien crawl` exits with status 2 instead of a traceback mid-crawl.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_NUMBERS = ("delay", "timeout")  # seconds: whole or decimal
_WHOLE = ("max_bytes", "attachment_max_bytes", "requisite_max_bytes", "max_pages", "max_depth")
_TEXTS = ("warc_dir", "index_dir")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def pattern_problem(patterns: Iterable[str]) -> str | None:
    """Why one of the --include/--exclude regular expressions cannot be used, or None."""
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as error:
            return f"biểu thức địa chỉ không hợp lệ {pattern!r}: {error}"
    return None


def _entry_problem(entry: object, number: int) -> str | None:
    where = f"mục [[sites]] thứ {number}"
    if not isinstance(entry, dict):
        return f"{where} phải là một bảng khóa = giá trị"
    urls = entry.get("start_urls") or ([entry["url"]] if "url" in entry else [])
    if isinstance(urls, str) or not isinstance(urls, list):
        return f"{where}: start_urls phải là danh sách địa chỉ"
    if not urls:
        return f"{where} cần url hoặc start_urls"
    if not all(isinstance(u, str) and u.strip() for u in urls):
        return f"{where}: mỗi địa chỉ phải là một chuỗi"
    if not isinstance(entry.get("prefix", "/"), str):
        return f"{where}: prefix phải là một chuỗi"
    for key in ("include", "exclude"):
        values = entry.get(key, [])
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            return f"{where}: {key} phải là danh sách biểu thức"
        problem = pattern_problem(values)
        if problem:
            return f"{where}: {problem}"
    if "delay" in entry and not (_is_number(entry["delay"]) and entry["delay"] >= 0):
        return f"{where}: delay phải là số giây không âm"
    for key in ("max_pages", "max_depth"):
        if key in entry and not (_is_whole(entry[key]) and entry[key] >= 0):
            return f"{where}: {key} phải là số nguyên không âm"
    return None


def settings_problem(data: dict) -> str | None:
    """What is wrong with a parsed settings file, in Vietnamese, or None when it is usable."""
    for key in _NUMBERS:
        if key in data and not (_is_number(data[key]) and data[key] >= 0):
            return f"{key} phải là số giây không âm"
    for key in _WHOLE:
        if key in data and not (_is_whole(data[key]) and data[key] >= 0):
            return f"{key} phải là số nguyên không âm"
    for key in _TEXTS:
        if key in data and not isinstance(data[key], str):
            return f"{key} phải là một đường dẫn thư mục (chuỗi)"
    sites = data.get("sites", [])
    if not isinstance(sites, list):
        return "sites phải là các mục [[sites]]"
    for number, entry in enumerate(sites, start=1):
        problem = _entry_problem(entry, number)
        if problem:
            return problem
    return None
