"""Snippets and highlighting: the one-pattern matcher agrees with word-by-word folding."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.search.highlight import _matched_words, highlight_terms, make_snippet
from indexer.text.normalize import fold_diacritics

WORDS = ["Đảng", "đang", "ĐẢNG", "hòa", "Hoà", "giải", "công_tác", "29", "x1", "Ấp", "dân"]
GLUE = [" ", ", ", " – ", "“", "”", "\n", "/", "-"]


def reference(text: str, terms: set[str]) -> list[tuple[int, int]]:
    """Word by word: a word is marked when its folded form is one word of some term."""
    words = {word for term in terms for word in term.split()}
    return [m.span() for m in re.finditer(r"\w+", text) if fold_diacritics(m.group(0)) in words]


def highlight_cases() -> st.SearchStrategy:
    """(pieces of text, folded terms): shared with bench/fuzz.py's long random runs."""
    return st.tuples(
        st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(GLUE)), max_size=30),
        st.sets(st.sampled_from([fold_diacritics(w) for w in WORDS] + ["an", "hoa giai"])),
    )


@settings(max_examples=200, deadline=None)
@given(highlight_cases())
def test_matched_words_equal_word_by_word_folding(case):
    pieces, terms = case
    text = "".join(word + glue for word, glue in pieces)
    assert _matched_words(text, terms) == reference(text, terms)


@pytest.mark.parametrize(
    "terms",
    [{"hoa giai"}, {"hoa", "giai"}, {"hoa", "giai", "hoa giai"}, {"giai hoa"}],
)
def test_a_term_of_several_words_marks_each_word(terms):
    # The example hypothesis once found: the one-pattern matcher marked "hòa giải" as one
    # span for the term "hoa giai"; a mark covers exactly one word, whatever the terms.
    assert _matched_words("hòa giải", terms) == [(0, 3), (4, 8)]
    assert (
        highlight_terms("Hòa giải ở cơ sở", terms) == "<mark>Hòa</mark> <mark>giải</mark> ở cơ sở"
    )
    assert _matched_words("hòa giải", terms) == reference("hòa giải", terms)


def test_marks_show_the_accented_original_escaped():
    assert highlight_terms("Đảng <b> đang", {"dang"}) == (
        "<mark>Đảng</mark> &lt;b&gt; <mark>đang</mark>"
    )
    assert highlight_terms("dangerous đảng", {"dang"}) == "dangerous <mark>đảng</mark>"


def test_snippet_centres_on_the_densest_passage():
    text = "mở đầu " * 80 + "hòa giải hòa giải ở cơ sở " + "kết thúc " * 80
    snippet = make_snippet(text, {"hoa", "giai"})
    assert snippet.count("<mark>") == 4 and snippet.startswith("…") and snippet.endswith("…")
