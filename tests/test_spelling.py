"""indexer/search/spelling.py: the nearest indexed words, found without scanning every word."""

from __future__ import annotations

import random

import pytest
from whoosh.support.levenshtein import damerau_levenshtein

from indexer.index import index_records
from indexer.search import SearchEngine
from indexer.search.spelling import Lexicon, edit_distance
from tests.fixtures import ARTICLES, dated_articles

LETTERS = "abcdeghiklmnopqrstuvxy"


def misspell(word: str, rng: random.Random, edits: int) -> str:
    letters = list(word)
    for _ in range(edits):
        at = rng.randrange(len(letters) + 1)
        kind = rng.choice("sidt")
        if kind == "s" and at < len(letters):
            letters[at] = rng.choice(LETTERS)
        elif kind == "i":
            letters.insert(at, rng.choice(LETTERS))
        elif kind == "d" and at < len(letters) and len(letters) > 1:
            del letters[at]
        elif kind == "t" and at + 1 < len(letters):
            letters[at], letters[at + 1] = letters[at + 1], letters[at]
    return "".join(letters)


def random_words(count: int, rng: random.Random) -> list[str]:
    return ["".join(rng.choices(LETTERS, k=rng.randrange(1, 9))) for _ in range(count)]


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("hoa", "hoa", 0), ("hoa", "hao", 1), ("chinh", "chnih", 1), ("dang", "dnag", 1),
     ("nghi", "ngih", 1), ("quyet", "quyte", 1), ("abc", "", 3), ("", "", 0), ("ca", "abc", 3)],
)  # fmt: skip
def test_edit_distance_counts_a_swap_as_one_edit(a, b, distance):
    assert edit_distance(a, b, 5) == distance


def test_edit_distance_is_whooshs_within_the_limit():
    rng = random.Random(1)
    words = random_words(300, rng)
    for a in words[:60]:
        for b in words:
            for limit in (1, 2):
                expected = min(damerau_levenshtein(a, b), limit + 1)
                assert min(edit_distance(a, b, limit), limit + 1) == expected, (a, b, limit)


def test_the_lexicon_finds_every_word_within_the_distance():
    rng = random.Random(2)
    words = sorted(set(random_words(2000, rng)))
    lexicon = Lexicon((w, 1) for w in words)
    for word in [misspell(rng.choice(words), rng, rng.choice((1, 2))) for _ in range(80)]:
        for maxdist in (1, 2):
            expected = {w for w in words if damerau_levenshtein(word, w) <= maxdist}
            assert {w for w, _ in lexicon.within(word, maxdist)} == expected


def test_a_look_up_compares_few_words_of_a_large_lexicon():
    # The letters and lengths leave few words to compare letter by letter: far fewer
    # than a scan of the vocabulary (what Whoosh does on an index of several segments).
    rng = random.Random(3)
    words = sorted(set(random_words(20_000, rng)))
    lexicon = Lexicon((w, 1) for w in words)
    looked_up = [misspell(rng.choice(words), rng, 1) for _ in range(50)]
    for word in looked_up:
        lexicon.within(word, 2)
    assert lexicon.compared < len(looked_up) * len(words) // 20


def test_the_most_frequent_word_is_chosen_as_whoosh_chooses_it():
    lexicon = Lexicon([("hoa", 5), ("hoc", 9), ("hop", 9), ("hoat", 50)])
    assert lexicon.nearest("hox", 1) == ["hop"]  # equally frequent: the last alphabetically
    assert lexicon.nearest("hox", 1, limit=3) == ["hoc", "hop", "hoa"]
    assert lexicon.nearest("hoax", 1) == ["hoat"]
    assert lexicon.nearest("zzzz", 2) == []


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    # Two commits, two segments: Whoosh's corrector then compares every term.
    path = tmp_path_factory.mktemp("spelling")
    index_records(path, ARTICLES)
    index_records(path, dated_articles(["Hội nghị quán triệt chỉ thị về công tác cán bộ"], 2019))
    engine = SearchEngine(path)
    yield engine
    engine.close()


def test_the_view_suggests_what_whooshs_corrector_suggests(engine):
    view = engine.snapshot.view
    reader = view.searcher.reader()
    assert len(list(reader.leaf_readers())) > 1
    terms = [t.decode() if isinstance(t, bytes) else t for t in reader.lexicon("body_f")]
    rng = random.Random(5)
    for word in [misspell(rng.choice(terms), rng, rng.choice((1, 2))) for _ in range(60)]:
        for maxdist in (1, 2):
            corrector = view.searcher.corrector("body_f").suggest(word, limit=1, maxdist=maxdist)
            assert view.suggest("body_f", word, maxdist) == corrector, (word, maxdist)
