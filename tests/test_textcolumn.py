"""The text column: phrases, exact accents and block-wise posting reads, checked against
plain Python and against Whoosh itself."""

from __future__ import annotations

import random
import re

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import query as wq

from indexer import bitset
from indexer.index import index_records
from indexer.search import textcolumn
from indexer.search.textcolumn import TextColumn, pack_words
from indexer.store.whoosh.postings import term_bitset
from indexer.store.whoosh.store import open_index
from indexer.text.analysis import term
from indexer.text.normalize import fold_diacritics
from tests.fixtures import ARTICLES, article

SYLLABLES = ["đảng", "đang", "dạng", "công", "cống", "tác", "xây", "dựng", "hòa", "giải", "29"]


def column(documents: dict[int, tuple[list[str], list[str]]], limit: int) -> TextColumn:
    return TextColumn.build(
        ((doc, pack_words(*documents[doc])) for doc in sorted(documents)), limit
    )


def holds(title: list[str], body: list[str], phrase: list[str]) -> bool:
    """The reference: a run of folded words in the title or in the body."""
    for words in (title, body):
        folded = [fold_diacritics(w) for w in words]
        for i in range(len(folded) - len(phrase) + 1):
            if folded[i : i + len(phrase)] == phrase:
                return True
    return False


def test_folded_words_are_ranges_of_accented_numbers():
    text = column({0: (["đảng"], ["đang", "dạng", "công"])}, 1)
    low, high = text.ranges["dang"]
    assert sorted(text.words[low:high]) == ["dạng", "đang", "đảng"]
    assert text.words[text.number(term("đang"))] == "đang"
    assert text.number(term("đàng")) is None
    assert dict(text.vocabulary()["dang"]) == {"đảng": 1, "đang": 1, "dạng": 1}


def test_a_phrase_never_runs_across_documents_or_from_title_into_body():
    text = column({0: (["xây"], ["dựng"]), 1: (["công"], ["xây"]), 2: ([], ["dựng", "tác"])}, 3)
    assert text.phrase_docs(["xay", "dung"]).tolist() == []
    assert text.phrase_docs(["dung", "tac"]).tolist() == [2]
    assert text.phrase_docs(["xay", "nothing"]).tolist() == []


def test_missing_and_deleted_document_numbers_hold_nothing():
    text = column({1: (["hòa"], ["giải"]), 4: ([], ["hòa", "giải"])}, 6)
    assert text.phrase_docs(["hoa", "giai"]).tolist() == [4]
    assert not text.holds_phrase(0, ["hoa"])
    assert not text.holds_phrase(5, ["hoa"])
    assert text.holds_phrase(1, ["hoa"]) and text.holds_phrase(4, ["hoa", "giai"])


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.integers(0, 30),
        st.tuples(
            st.lists(st.sampled_from(SYLLABLES), max_size=4),
            st.lists(st.sampled_from(SYLLABLES), max_size=25),
        ),
        max_size=12,
    ),
    st.lists(st.sampled_from([fold_diacritics(s) for s in SYLLABLES]), min_size=1, max_size=3),
)
def test_phrases_match_a_plain_python_scan(documents, phrase):
    text = column(documents, 31)
    expected = [d for d in sorted(documents) if holds(*documents[d], phrase)]
    assert text.phrase_docs(phrase).tolist() == expected
    assert [d for d in range(31) if text.holds_phrase(d, phrase)] == expected
    # Read from chosen documents only (gathered when few, filtered after a scan when many).
    for within in (sorted(documents)[::5], sorted(documents), list(range(0, 31, 2))):
        chosen = np.array(within, dtype=np.int64)
        assert text.phrase_docs(phrase, chosen).tolist() == [d for d in expected if d in within]
    in_titles = [d for d in sorted(documents) if holds(documents[d][0], [], phrase)]
    assert text.phrase_docs(phrase, title_only=True).tolist() == in_titles
    chosen = np.array(sorted(documents)[::2], dtype=np.int64)
    assert text.phrase_docs(phrase, chosen, title_only=True).tolist() == [
        d for d in in_titles if d in chosen
    ]


def test_a_phrase_in_chosen_documents_reads_only_their_words(monkeypatch):
    rng = random.Random(7)
    documents = {d: ([], rng.choices(SYLLABLES, k=50)) for d in range(2000)}
    documents[1234] = ([], ["hòa", "giải", "xây", "dựng"])
    text = column(documents, 2000)
    compared = []
    original = textcolumn._in_range

    def counting(tokens, low, high):
        compared.append(tokens.size)
        return original(tokens, low, high)

    monkeypatch.setattr(textcolumn, "_in_range", counting)
    found = text.phrase_docs(["hoa", "giai", "xay"], np.array([1234, 1500]))
    assert found.tolist() == [1234]
    assert sum(compared) < 200  # the two documents' words, not the 100,000 of the column
    compared.clear()
    assert 1234 in text.phrase_docs(["hoa", "giai", "xay"]).tolist()
    assert sum(compared) > text.tokens.size


def test_the_column_survives_the_on_disk_cache(tmp_path):
    index_records(tmp_path, ARTICLES)
    from indexer.search import SearchEngine

    first = SearchEngine(tmp_path)
    second = SearchEngine(tmp_path)  # reads the cached columns and maps the token file
    try:
        assert isinstance(second.columns.text.tokens, np.memmap)
        for phrase in (["cong", "tac"], ["hoa", "giai"], ["xay", "dung", "dang"]):
            assert (
                first.columns.text.phrase_docs(phrase).tolist()
                == second.columns.text.phrase_docs(phrase).tolist()
            )
    finally:
        first.close()
        second.close()


def test_block_reads_equal_whoosh_matching_across_segments_and_deletions(tmp_path):
    rng = random.Random(5)
    words = ["công", "tác", "đảng", "hòa", "giải", "dân", "vận"]
    batches = [
        [
            article(
                100 * b + n,
                "Tin " + " ".join(rng.choices(words, k=3)),
                " ".join(rng.choices(words, k=300)),
                ARTICLES[0].published,
            )
            for n in range(40)
        ]
        for b in range(3)
    ]
    for batch in batches:  # three commits: several segments
        index_records(tmp_path, batch)
    changed = batches[0][0]
    changed.body = ["hòa giải hòa giải"]
    index_records(tmp_path, [changed])  # an update deletes the old document
    ix = open_index(tmp_path)
    try:
        with ix.searcher() as searcher:
            reader = searcher.reader()
            assert len(list(reader.leaf_readers())) > 1
            live = bitset.from_docs(reader.all_doc_ids())
            for word in ("cong", "tac", "dang", "hoa", "absent"):
                for field in ("body_f", "title_f"):
                    expected = bitset.from_docs(searcher.docs_for_query(wq.Term(field, word)))
                    assert term_bitset(reader, field, word) & live == expected
    finally:
        ix.close()


def test_stored_words_are_the_indexed_syllables():
    record = ARTICLES[0]
    title, body = (
        re.findall(r"\w+", record.title.lower()),
        re.findall(r"\w+", record.body_text.lower()),
    )
    text = column({0: (title, body)}, 1)
    assert text.holds_phrase(0, ["so", "ket", "cong", "tac"])
    assert text.holds_number(0, text.number(term("đảng")))


def test_numbers_held_counts_what_holds_number_finds_one_by_one():
    text = column({0: (["đảng"], ["đang", "hòa"]), 2: ([], ["giải", "hòa"])}, 3)
    numbers = list(range(1, len(text.words)))
    for doc in range(3):
        for chosen in (numbers, numbers[::2], numbers[1:2]):
            expected = sum(text.holds_number(doc, n) for n in chosen)
            assert text.numbers_held(doc, text.number_mask(chosen)) == expected
    assert text.numbers_held(0, text.number_mask([])) == 0


def test_an_extended_column_equals_one_built_whole():
    """An update's column (old documents up to a cut, then the new segment's) holds the
    same words, counts and phrases as one built from those documents at once."""
    rng = random.Random(7)
    docs = {
        n: ([rng.choice(SYLLABLES) for _ in range(3)], [rng.choice(SYLLABLES) for _ in range(9)])
        for n in range(12)
    }
    old = column(docs, 12)
    cut = 8  # documents 8.. are read again (a merged tail), and 12..15 are new
    newer_docs = {n: docs[n] for n in range(cut, 12)}
    newer_docs |= {n: (["mới"], ["từ", "mới", rng.choice(SYLLABLES)]) for n in range(12, 16)}
    newer = TextColumn.build(
        ((doc, pack_words(*newer_docs[doc])) if doc >= cut else (doc, None) for doc in range(16)),
        16,
    )
    extended = old.extended(newer, cut)
    whole = column({**{n: docs[n] for n in range(cut)}, **newer_docs}, 16)
    assert extended.words == whole.words
    assert (
        extended.counts.tolist()
        == np.bincount(extended.tokens, minlength=len(extended.words)).tolist()
    )
    for doc in range(16):
        assert extended._doc_tokens(doc).tolist() == whole._doc_tokens(doc).tolist()
    phrase = ["tu", "moi"]
    assert extended.phrase_docs(phrase).tolist() == whole.phrase_docs(phrase).tolist() != []
