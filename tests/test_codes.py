import pytest

from indexer.text.codes import extract_codes, loose_key, parse_code

POSITIVE = [
    ("Số 29-NQ/TW", "29-NQ/TW"),
    ("29 - NQ/TW", "29-NQ/TW"),
    ("29–NQ/TW", "29-NQ/TW"),
    ("29-nq/tw", "29-NQ/TW"),
    ("29-NQ/TƯ", "29-NQ/TW"),
    ("29/NQ-TW", "29-NQ/TW"),
    ("72-NQ-TW", "72-NQ/TW"),
    ("Chỉ thị số 5-CT/TW", "05-CT/TW"),
    ("46-CTrHĐ/TU", "46-CTrHĐ/TU"),
    ("46/CTrHĐ-TU", "46-CTrHĐ/TU"),
    ("65-Ctr/TU", "65-CTr/TU"),
    ("858CV/ĐUK", "858-CV/ĐUK"),
    ("16/2017/NĐ-CP", "16/2017/NĐ-CP"),
    ("22/2016/TT-BGDĐT", "22/2016/TT-BGDĐT"),
    ("1234/QĐ-UBND", "1234/QĐ-UBND"),
    ("43/2019/QH14", "43/2019/QH14"),
    ("81/2015/NĐ- CP", "81/2015/NĐ-CP"),
    ("19-2017/NQ-CP", "19/2017/NQ-CP"),
    ("2588/UBND-KTN", "2588/UBND-KTN"),
    ("04-QyĐ/ĐU", "04-QyĐ/ĐU"),
    ("45/QĐ-TTg", "45/QĐ-TTg"),
    ("653/2019/UBTVQH14", "653/2019/UBTVQH14"),
    ("08-HD/BTGTU", "08-HD/BTGTU"),
]
NEGATIVE = [
    "ngày 04/8/2017",
    "04-08-2017",
    "Thứ Sáu, 04/08/2017 10:30 (GMT+7)",
    "028.3829.1234",
    "028-3829-1234",
    "0903 123 456",
    "năm học 2017 – 2018",
    "Khóa XII",
    "45/50 đảng viên",
    "COVID-19",
    "tháng 8/2017",
    "Số 12/2017",
    "Nghị quyết số 29 tháng",
    "Chỉ thị 05.8",
    "biển số 37C - 256.80",
    "nhiệm kỳ 2015 - 2020",
]


@pytest.mark.parametrize(("text", "code"), POSITIVE)
def test_every_spelling_resolves_to_one_code(text, code):
    codes, _ = extract_codes(text)
    assert [c.code for c in codes] == [code]


@pytest.mark.parametrize("text", NEGATIVE)
def test_no_false_codes(text):
    codes, references = extract_codes(text)
    assert codes == [] and references == []


def test_code_fields():
    party = parse_code("29 - NQ/TƯ")
    assert (party.kind, party.type, party.number, party.issuer) == ("party", "NQ", 29, "TW")
    state = parse_code("16/2017/NĐ-CP")
    assert (state.kind, state.type, state.number, state.issuer, state.year) == (
        "state",
        "NĐ",
        16,
        "CP",
        2017,
    )
    assert parse_code("Nghị quyết 29") is None
    assert loose_key("29-NQ/TW") == "29-NQ"


@pytest.mark.parametrize(
    ("text", "surface", "key", "resolved"),
    [
        ("Nghị quyết số 29 về giáo dục", "Nghị quyết số 29", "29-NQ/?", False),
        ("NQ 29 của", "NQ 29", "29-NQ/?", False),
        ("thực hiện Chỉ thị 05.", "Chỉ thị 05", "05-CT/?", False),
        ("Chỉ thị 05 của Bộ Chính trị", "Chỉ thị 05", "05-CT/TW", True),
        (
            "Nghị quyết số 02 Hội nghị Thành ủy lần thứ 8 Khóa X",
            "Nghị quyết số 02",
            "02-NQ/TU",
            True,
        ),
        (
            "Nghị quyết Trung ương 4 (Khoá XII)",
            "Nghị quyết Trung ương 4 (Khóa XII)",
            "04-NQ/TW",
            True,
        ),
        ("Nghị quyết Trung ương 6 khóa X", "Nghị quyết Trung ương 6 khóa X", "NQTW6-KX", False),
    ],
)
def test_bare_references(text, surface, key, resolved):
    codes, references = extract_codes(text)
    assert codes == []
    assert [(r.text, r.key, r.resolved) for r in references] == [(surface, key, resolved)]


def test_bare_mention_resolves_to_the_full_code_cited_elsewhere():
    _, references = extract_codes(
        "Thực hiện Chỉ thị số 05-CT/TW. Kết quả thực hiện Chỉ thị 05 rất tốt."
    )
    assert [(r.text, r.key) for r in references] == [("Chỉ thị 05", "05-CT/TW")]


def test_seed_article_codes(corpus_dir):
    text = (corpus_dir / "seed" / "so-ket-xay-dung-dang-6-thang-dau-nam-2017.txt").read_text(
        encoding="utf-8"
    )
    codes, references = extract_codes(text)
    assert [c.code for c in codes] == ["46-CTrHĐ/TU", "29-NQ/TW", "05-CT/TW", "02-ĐA/TU"]
    assert {r.key for r in references} == {"04-NQ/TW", "02-NQ/TU"}
