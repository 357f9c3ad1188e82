"""respell_query: only the corrected words of the typed query change."""

from __future__ import annotations

from indexer.search.respell import respell_query


def test_words_are_replaced_in_place_and_the_rest_is_kept():
    q = 'chỉ thị 05 "xay dung" dangg year:2017'
    assert respell_query(q, ["xay", "dung", "dangg"], ["xây", "dựng", "Đảng"]) == (
        'chỉ thị 05 "xây dựng" Đảng year:2017'
    )


def test_a_word_is_found_by_its_folded_form_and_in_order():
    # The parser gives "hòa" for a typed "hoà"; an unchanged word keeps its typed spelling.
    assert respell_query("hoà giaii hoà", ["hòa", "giaii"], ["hòa", "giải"]) == "hoà giải hoà"
    assert respell_query("dang dang", ["dang", "dang"], ["Đảng", "đang"]) == "Đảng đang"


def test_a_word_not_in_the_query_is_left_alone():
    assert respell_query("29-NQ/TW", ["xay"], ["xây"]) == "29-NQ/TW"
