"""The pure URL helpers of webui/urls.py: (path, args) in, a URL out."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from webui.urls import (
    args_without,
    path_with_args,
    path_with_removed_args,
    path_with_replaced_arg,
    path_with_toggled_arg,
    safe_link,
)

ARGS = [("q", "xây dựng Đảng"), ("person", "Lê Hồng Sơn"), ("page", "3"), ("code", "")]


def query(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query, keep_blank_values=True)


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://a.example.vn/1.html", "https://a.example.vn/1.html"),
        ("HTTP://A.example.vn/", "HTTP://A.example.vn/"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("//a.example.vn/relative", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_link_keeps_only_http_and_https(url, kept):
    assert safe_link(url) == kept


def test_args_without_drops_names_and_empty_values_in_order():
    assert args_without(ARGS, "page") == [("q", "xây dựng Đảng"), ("person", "Lê Hồng Sơn")]
    assert args_without(ARGS) == ARGS[:3]


def test_path_with_args_encodes_vietnamese_and_omits_an_empty_query():
    assert path_with_args("/search", []) == "/search"
    url = path_with_args("/search", [("q", "Đảng bộ"), ("code", "29-NQ/TW")])
    assert url.startswith("/search?") and "%C4%90" in url  # Đ, percent-encoded UTF-8
    assert query(url) == [("q", "Đảng bộ"), ("code", "29-NQ/TW")]


def test_path_with_args_keeps_empty_values_given_to_it():
    assert query(path_with_args("/search.json", ARGS)) == ARGS


def test_path_with_removed_args():
    url = path_with_removed_args("/search.csv", ARGS, "page", "person")
    assert url.startswith("/search.csv?") and query(url) == [("q", "xây dựng Đảng")]
    assert path_with_removed_args("/search", [("page", "2")], "page") == "/search"


def test_path_with_replaced_arg_sets_one_value_last_and_drops_others():
    url = path_with_replaced_arg("/search", ARGS, "page", "4")
    assert query(url) == [("q", "xây dựng Đảng"), ("person", "Lê Hồng Sơn"), ("page", "4")]
    many = [("more", "code"), ("q", "a"), ("more", "person")]
    assert query(path_with_replaced_arg("/search", many, "more", "year")) == [
        ("q", "a"),
        ("more", "year"),
    ]
    url = path_with_replaced_arg("/search", ARGS, "sort", "newest", "page")
    assert query(url)[-1] == ("sort", "newest") and ("page", "3") not in query(url)


def test_path_with_toggled_arg_adds_then_removes_and_returns_to_page_one():
    added = path_with_toggled_arg("/search", ARGS, "person", "Võ Văn Kiệt")
    assert query(added) == [
        ("q", "xây dựng Đảng"),
        ("person", "Lê Hồng Sơn"),
        ("person", "Võ Văn Kiệt"),
    ]
    removed = path_with_toggled_arg("/search", query(added), "person", "Lê Hồng Sơn")
    assert query(removed) == [("q", "xây dựng Đảng"), ("person", "Võ Văn Kiệt")]
    assert path_with_toggled_arg("/search", [("year", "2017")], "year", "2017") == "/search"
