"""Numbers on the pages are written the Vietnamese way (1.234; 12,5)."""

from __future__ import annotations

import re

import pytest

from tests.test_webui_code_summary import client  # noqa: F401 - the fixture
from webui.present import vn_number


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [(12.34, 1, "12,3"), (1234567, 0, "1.234.567"), (1234.5, 1, "1.234,5"), (0.04, 1, "0,0")],
)
def test_vn_number(value, digits, expected):
    assert vn_number(value, digits) == expected


def test_the_search_time_has_a_decimal_comma(client):  # noqa: F811
    page = client.get("/search", query_string={"q": "chi thi 05"}).get_data(as_text=True)
    took = re.search(r"kết quả \(([\d.,]+) ms\)", page)
    assert took and re.fullmatch(r"[\d.]*\d,\d", took.group(1)), took
