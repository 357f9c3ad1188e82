import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexer.text import normalize as text_module
from indexer.text.normalize import (
    clean_text,
    fold_diacritics,
    has_diacritics,
    normalize_text,
    normalize_tone,
)

NEW_OLD = [
    ("hoà", "hòa"),
    ("khoá", "khóa"),
    ("Khoá XII", "Khóa XII"),
    ("thuỷ", "thủy"),
    ("uỷ ban", "ủy ban"),
    ("UỶ BAN", "ỦY BAN"),
    ("khoẻ", "khỏe"),
    ("hoạ", "họa"),
    ("tuỳ", "tùy"),
]
UNCHANGED = [
    "quý",
    "hoàn",
    "toán",
    "Huỳnh",
    "quyết",
    "ngoài",
    "khuỷu",
    "người",
    "thuở",
    "của",
    "giữa",
    "thuế",
    "già",
    "quả",
]
vietnamese = st.text(
    alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐEÊOÔƠUƯ àáảãạằắẳẵặầấẩẫậ"
    "èéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ .,-",
    max_size=60,
)


@pytest.mark.parametrize(("new", "old"), NEW_OLD)
def test_tone_styles_convert_both_ways(new, old):
    assert normalize_tone(new, "old") == old
    assert normalize_tone(old, "new") == new
    assert fold_diacritics(new) == fold_diacritics(old)


@pytest.mark.parametrize("word", UNCHANGED)
def test_tone_placement_leaves_settled_words(word):
    assert normalize_tone(word, "old") == word
    assert normalize_tone(word, "new") == word


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đảng Đào tạo", "dang dao tao"),
        ("ĐẢNG ỦY", "dang uy"),
        ("Nghị quyết 46-CTrHĐ/TU", "nghi quyet 46-ctrhd/tu"),
        ("Nguyễn Huỳnh Long", "nguyen huynh long"),
        ("hoà, thuỷ, quý", "hoa, thuy, quy"),
    ],
)
def test_fold_removes_every_mark_and_folds_d(text, folded):
    assert fold_diacritics(text) == folded
    assert fold_diacritics(unicodedata.normalize("NFD", text)) == folded


def test_clean_text_removes_invisible_and_odd_spaces():
    assert clean_text("Đảng\u00a0bộ\u200b Sở\u2011GD") == "Đảng bộ Sở-GD"
    assert has_diacritics("Đảng") and not has_diacritics("dang")


@given(vietnamese)
def test_nfc_and_nfd_input_give_identical_output(text):
    nfd = unicodedata.normalize("NFD", text)
    assert normalize_text(nfd) == normalize_text(text)
    assert fold_diacritics(nfd) == fold_diacritics(text)


@given(vietnamese)
def test_folding_is_idempotent_and_ascii_for_vietnamese(text):
    once = fold_diacritics(text)
    assert fold_diacritics(once) == once
    assert once.isascii()


@given(vietnamese)
def test_normalize_is_idempotent_and_keeps_folded_form(text):
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert fold_diacritics(once) == fold_diacritics(text)


def test_tone_candidates_are_tried_from_word_starts_only():
    # From every position inside a long word, the pattern used to read to the word's end
    # and back: n² steps (0.5 s for one 6,000-letter word, in every query and article).
    # Tried only where a word starts, a word is read once, whatever its length.
    pattern = text_module._STYLE_CANDIDATE
    assert pattern.match("x" * 10 + "hoa", 5) is None
    assert pattern.match("x" * 10 + "hoa", 0).group() == "x" * 10 + "hoa"
    long_word = "x" * 5000 + "hoà"
    assert normalize_text(f"{long_word} và hoà") == f"{'x' * 5000}hòa và hòa"
