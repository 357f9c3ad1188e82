"""The one analysis shared by the index writer and the query parser."""

from indexer.text.analysis import Term, analyse, folded_text, syllables, term


def test_each_syllable_carries_both_forms() -> None:
    assert analyse("Đảng ủy TP. Hà Nội") == [
        Term("đảng", "dang"),
        Term("ủy", "uy"),
        Term("tp", "tp"),
        Term("hà", "ha"),
        Term("nội", "noi"),
    ]


def test_tone_placement_variants_analyse_alike() -> None:
    assert analyse("hoà") == analyse("hòa")
    assert analyse("uỷ ban") == analyse("ủy ban")


def test_query_and_index_sides_agree() -> None:
    text = "Nghị quyết 29-NQ/TW về đổi mới căn bản, toàn diện"
    assert [t.folded for t in analyse(text)] == syllables(folded_text(text))
    assert term("Đổi").has_diacritics and not term("doi").has_diacritics
