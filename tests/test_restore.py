"""Diacritics restored from whole phrases of the corpus and from the person index."""

from __future__ import annotations

from functools import partial

import pytest

from indexer.index import index_records
from indexer.search import SearchEngine, SearchRequest, restore, textcolumn
from indexer.search.matching import word_docs
from indexer.search.restore import restore_query
from tests.fixtures import dated_articles

BODIES = [
    "Đề án tinh giản biên chế được triển khai trong toàn tỉnh.",
    "Tỉnh ủy chỉ đạo tinh giản biên chế gắn với sắp xếp tổ chức bộ máy.",
    "Tỉnh đoàn tổ chức hội trại. Tình hình của tỉnh ổn định, tỉnh có kế hoạch.",
    "Tỉnh ủy họp, tỉnh ủy ban hành kế hoạch; tình cảm gắn bó, tỉnh nhà phát triển.",
    "Thời gian qua, tỉnh có nhiều đổi mới; giàn giáo, gian hàng, biến chế biến.",
    "Đồng chí Lê Văn Thi, Phó Bí thư Huyện ủy, dự lễ. Lễ hội văn hóa, văn thư, thi đua, thị xã.",
    "Lễ kỷ niệm; văn nghệ; thị trấn; thi đua; lễ hội; văn bản; thị xã; lễ chào cờ.",
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    path = tmp_path_factory.mktemp("restore")
    index_records(path, dated_articles(BODIES, 2020))
    engine = SearchEngine(path)
    yield engine
    engine.close()


def test_a_phrase_of_the_corpus_gives_its_accents(engine):
    assert engine.search(SearchRequest(q="tinh gian bien che")).suggestion == "tinh giản biên chế"


def test_a_person_is_restored_from_the_person_index(engine):
    assert engine.search(SearchRequest(q="le van thi")).suggestion == "Lê Văn Thi"


def test_words_outside_any_phrase_fall_back_to_word_by_word(engine):
    # No article holds all six words, so no suggestion is offered (indexer/search/suggest.py);
    # the restoration itself still takes the phrase whole and the rest word by word.
    restored = restore_query(["tinh", "gian", "bien", "che", "thi", "dua"], engine.columns)
    assert " ".join(restored) == "tinh giản biên chế thi đua"
    assert engine.search(SearchRequest(q="tinh gian bien che thi dua")).suggestion is None


def test_accented_queries_get_no_restoration(engine):
    assert engine.search(SearchRequest(q="tinh giản biên chế")).suggestion is None


def docs_of(engine):
    return partial(word_docs, engine.snapshot)


@pytest.mark.parametrize(
    "folded",
    [["tinh", "gian", "bien", "che"], ["tinh", "gian", "bien", "che", "thi", "dua"], ["le", "hoi"]],
)
def test_reading_the_documents_of_the_words_restores_the_same(engine, folded):
    assert restore_query(folded, engine.columns, docs_of(engine)) == restore_query(
        folded, engine.columns
    )


def test_a_run_is_read_from_a_bounded_number_of_documents(engine, monkeypatch):
    text = engine.columns.text
    longest = int(max(text.offsets[1:] - text.offsets[:-1]))
    read = []
    original = textcolumn._in_range

    def counting(tokens, low, high):
        read.append(tokens.size)
        return original(tokens, low, high)

    monkeypatch.setattr(textcolumn, "_in_range", counting)
    monkeypatch.setattr(restore, "MAX_RESTORE_DOCS", 1)
    assert restore_query(["tinh", "gian", "bien", "che"], engine.columns, docs_of(engine))
    assert read and max(read) <= longest  # one document's words at a time
    read.clear()
    restore_query(["tinh", "gian", "bien", "che"], engine.columns)
    assert max(read) == text.tokens.size  # without the documents: the whole column
