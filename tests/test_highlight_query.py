"""Snippets prefer the phrase typed and the accents typed (indexer.search.highlight.QueryTerms)."""

from __future__ import annotations

from indexer.search.highlight import QueryTerms, highlight_terms, make_snippet
from indexer.search.query import parse_query
from indexer.search.snippet_terms import query_terms
from indexer.text.normalize import fold_diacritics


def terms_of(q: str) -> QueryTerms:
    parsed = parse_query(q)
    words = [w for run in query_terms(parsed, set()).runs for w in run]
    single = [fold_diacritics(w) for w in q.replace('"', "").split()]
    return query_terms(parsed, set(words) | set(single))


def test_words_typed_together_are_marked_where_they_stand_together():
    text = "Đảng viên chỉ đạo. Thi đua xây dựng Đảng vững mạnh; xây nhà, dựng cột."
    marked = highlight_terms(text, terms_of("xay dung dang"))
    assert (
        marked.count("<mark>") == 3
        and "<mark>xây</mark> <mark>dựng</mark> <mark>Đảng</mark>" in marked
    )
    assert "<mark>Đảng</mark> viên" not in marked and "<mark>xây</mark> nhà" not in marked


def test_without_the_phrase_every_word_is_marked():
    marked = highlight_terms("Đảng viên xây nhà, dựng cột.", terms_of("xay dung dang"))
    assert marked.count("<mark>") == 3


def test_the_accents_typed_win_when_the_text_has_them():
    text = "Ông chí thú làm ăn. Chỉ thị được ban hành; chị em phụ nữ."
    marked = highlight_terms(text, terms_of("chỉ"))
    assert marked.count("<mark>") == 1 and "<mark>Chỉ</mark> thị" in marked
    # tone placement typed differently is still the same word
    assert highlight_terms("hòa giải, hoá đơn", terms_of("hoà")).count("<mark>") == 1
    # no exact form in the text: the folded matches are marked
    assert highlight_terms("chí thú", terms_of("chỉ")).count("<mark>") == 1


def test_the_snippet_is_the_passage_with_the_phrase():
    text = ("xây nhà. " * 10) + ("lời " * 60) + "nói về xây dựng Đảng ở cơ sở. " + ("kết " * 80)
    snippet = make_snippet(text, terms_of("xay dung dang"))
    assert "<mark>xây</mark> <mark>dựng</mark> <mark>Đảng</mark>" in snippet
    assert "xây nhà" not in snippet


def test_plain_term_sets_keep_their_old_meaning():
    assert highlight_terms("Đảng đang", {"dang"}).count("<mark>") == 2
