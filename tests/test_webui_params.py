"""webui/params.py: a query string to checked values and a SearchRequest, without an app."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from werkzeug.datastructures import MultiDict

from indexer.limits import Limits
from webui.errors import UserError
from webui.params import Params
from webui.settings import Settings

SETTINGS = Settings(limits=Limits(max_query_chars=40, max_page=5, max_per_page=20))


def params(*pairs: tuple[str, str]) -> Params:
    return Params(MultiDict(pairs), SETTINGS)


def refused(call) -> UserError:  # noqa: ANN001
    with pytest.raises(UserError) as error:
        call()
    assert error.value.status == 400
    return error.value


def test_one_is_nfc_with_one_tone_placement_and_a_default():
    nfd = unicodedata.normalize("NFD", "giải quyết Đảng")
    assert params(("q", nfd)).one("q") == unicodedata.normalize("NFC", "giải quyết Đảng")
    assert params(("q", "hoà")).one("q") == params(("q", "hòa")).one("q")
    assert params().one("field", "person") == "person"


def test_one_refuses_two_values_and_too_long_values_in_vietnamese():
    assert "một giá trị" in refused(lambda: params(("q", "a"), ("q", "b")).one("q")).message
    assert "quá dài" in refused(lambda: params(("q", "x" * 41)).one("q")).message
    assert params(("q", "x" * 40)).one("q") == "x" * 40


@pytest.mark.parametrize("raw", ["-1", "abc", "1.5", "", " 2"])
def test_number_refuses_what_is_not_a_whole_number(raw):
    refused(lambda: params(("page", raw)).number("page", 1))


def test_number_reads_a_value_or_keeps_the_default():
    assert params(("page", "5")).number("page", 1) == 5
    assert params().number("page", 1) == 1


def test_day():
    assert params(("from", "2017-01-31")).day("from") == date(2017, 1, 31)
    assert params(("from", "")).day("from") is None
    assert "không hợp lệ" in refused(lambda: params(("from", "2017-02-30")).day("from")).message
    assert params(("from", "31/01/2017")).day("from") == date(2017, 1, 31)
    assert params(("from", "5.3.2017")).day("from") == date(2017, 3, 5)
    assert "dd/mm/yyyy" in refused(lambda: params(("from", "30/02/2017")).day("from")).message


def test_search_request_sorts_by_relevance_only_with_a_query():
    assert params(("q", "đảng")).search_request().sort == "relevance"
    assert params(("q", "  ")).search_request().sort == "newest"
    assert params(("q", "đảng"), ("sort", "oldest")).search_request().sort == "oldest"
    assert "sắp xếp" in refused(lambda: params(("sort", "best")).search_request()).message


def test_search_request_filters_are_nfc_deduplicated_and_skip_blanks():
    nfd = unicodedata.normalize("NFD", "Lê Hồng Sơn")
    search = params(
        ("person", nfd), ("person", "Lê Hồng Sơn"), ("person", " "), ("code", "29-NQ/TW")
    ).search_request()
    assert search.filters == {"person": ["Lê Hồng Sơn"], "code": ["29-NQ/TW"]}
    assert "Quá nhiều" in refused(lambda: params(*[("year", "2017")] * 51).search_request()).message
    assert "quá dài" in refused(lambda: params(("site", "s" * 301)).search_request()).message


def test_search_request_dates_typed_backwards_are_swapped():
    search = params(("from", "2020-05-01"), ("to", "2019-01-01")).search_request()
    assert (search.date_from, search.date_to) == (date(2019, 1, 1), date(2020, 5, 1))


def test_search_request_facet_lists_and_paging():
    search = params(
        ("more", "person"), ("fq_person", "son"), ("page", "2"), ("per_page", "20")
    ).search_request(per_page_default=7)
    assert search.facet_more == "person" and search.facet_filter == {"person": "son"}
    assert (search.page, search.per_page) == (2, 20)
    assert params().search_request(per_page_default=7).per_page == 7
    assert "nhóm lọc" in refused(lambda: params(("more", "color")).search_request()).message
    assert "VANKIEN_MAX_PAGE" in refused(lambda: params(("page", "6")).search_request()).message
    refused(lambda: params(("page", "0")).search_request())
    assert (
        "VANKIEN_MAX_PER_PAGE"
        in refused(lambda: params(("per_page", "21")).search_request()).message
    )


@pytest.mark.parametrize("raw", ["²", "³", "1²"])
def test_a_number_only_unicode_calls_a_digit_is_refused_with_a_message(raw):
    with pytest.raises(UserError, match="phải là số nguyên dương"):
        params(("page", raw)).number("page", 1)


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("year", "20199"),
        ("year", "0"),
        ("year", "-2017"),
        ("year", "0999"),
        ("year", "năm 2017"),
        ("year", "\u200b"),
        ("month", "2017-13"),
        ("month", "2017-00"),
        ("month", "2017-8"),
        ("month", "20170-08"),
    ],
)
def test_a_year_or_month_out_of_range_is_refused_naming_the_form(name, raw):
    message = refused(lambda: params(("q", "đảng"), (name, raw)).search_request()).message
    assert f"bộ lọc '{name}'" in message and "phải là" in message


@pytest.mark.parametrize(
    ("name", "raw", "kept"),
    [("year", "2017", "2017"), ("year", " undated ", "undated"), ("month", "2017-08", "2017-08")],
)
def test_a_year_or_month_in_range_is_kept_trimmed(name, raw, kept):
    assert params((name, raw)).search_request().filters == {name: [kept]}


@pytest.mark.parametrize("raw", ["0001-01-01", "01/01/0999", "0999-12-31"])
def test_a_date_before_the_year_1000_is_refused(raw):
    assert "bốn chữ số" in refused(lambda: params(("from", raw)).search_request()).message
    assert "bốn chữ số" in refused(lambda: params(("to", raw)).search_request()).message


@pytest.mark.parametrize("raw", ["1" + "0" * 30, "9" * 5000])
def test_a_huge_page_number_is_refused_not_read(raw):
    wide = Settings(limits=Limits(max_query_chars=10_000))
    with pytest.raises(UserError) as error:
        Params(MultiDict([("page", raw)]), wide).search_request()
    assert error.value.status == 400
