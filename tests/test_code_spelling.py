"""Codes as clerks type them: a table of spellings, each mapped to the indexed codes it
means, or to "not a code". The index here holds a small set of codes chosen so that
folded letters are ambiguous (29-NQ/TW and 29-NQ/TU; three Chỉ thị 05)."""

from __future__ import annotations

import pytest

from indexer.search.code_spelling import find_code_patterns, parse_code_pattern, typed_readings
from indexer.text.codes import parse_code

INDEXED = [
    "29-NQ/TW",
    "29-NQ/TU",
    "04-NQ/TW",
    "05-CT/TW",
    "05-CT/TU",
    "05/CT-TTg",
    "102-QĐ/TW",
    "46-CTrHĐ/TU",
    "65-CTr/TU",
    "858-CV/ĐUK",
    "36-HD/VPTW",
    "01-ĐA/TU",
    "12-KL/HU",
    "08-HD/BTGTU",
    "16/2017/NĐ-CP",
    "140/2016/NĐ-CP",
    "140/2016/TT-BTC",
    "174/2013/NĐ-CP",
    "1234/QĐ-UBND",
    "22/2016/TT-BGDĐT",
    "43/2019/QH14",
    "2588/UBND-KTN",
    "19/2017/NQ-CP",
    "45/QĐ-TTg",
]
CODES = [parse_code(c) for c in INDEXED]

NQ29 = ["29-NQ/TW", "29-NQ/TU"]
CT05 = ["05-CT/TW", "05-CT/TU", "05/CT-TTg"]
SPELLINGS = [
    # 29-NQ/TW: the party form and every way it is typed
    ("29-NQ/TW", ["29-NQ/TW"]),
    ("29 - NQ/TW", ["29-NQ/TW"]),
    ("29-nq/tw", ["29-NQ/TW"]),
    ("29–NQ/TW", ["29-NQ/TW"]),
    ("29—NQ/TW", ["29-NQ/TW"]),
    ("29-NQ/TƯ", ["29-NQ/TW"]),
    ("29-nq/tư", ["29-NQ/TW"]),
    ("29/NQ-TW", ["29-NQ/TW"]),
    ("29/NQ-TƯ", ["29-NQ/TW"]),
    ("29-NQ-TW", ["29-NQ/TW"]),
    ("29 NQ/TW", ["29-NQ/TW"]),
    ("29NQ/TW", ["29-NQ/TW"]),
    ("29 - NQ / TW", ["29-NQ/TW"]),
    ("29-NQ / TW", ["29-NQ/TW"]),
    ("Số 29-NQ/TW", ["29-NQ/TW"]),
    ("so 29-NQ/TW", ["29-NQ/TW"]),
    ("Nghị quyết 29-NQ/TW", ["29-NQ/TW"]),
    ("Nghị quyết số 29-NQ/TW", ["29-NQ/TW"]),
    ("nghi quyet so 29-nq/tw", ["29-NQ/TW"]),
    ("Nghị quyết 29 của Bộ Chính trị", ["29-NQ/TW"]),
    ("nghi quyet 29 cua bo chinh tri", ["29-NQ/TW"]),
    ("nghị quyết 29 của Ban Chấp hành Trung ương", ["29-NQ/TW"]),
    ("nq 29 tw", ["29-NQ/TW"]),
    ("NQ 29 TW", ["29-NQ/TW"]),
    ("nq29 tw", ["29-NQ/TW"]),
    ("NQ 29 TƯ", ["29-NQ/TW"]),
    # TU folded is Tỉnh ủy or TƯ: both readings that exist
    ("nq 29 tu", NQ29),
    ("29-NQ/TU", NQ29),
    ("29-nq/tu", NQ29),
    ("29/nq-tu", NQ29),
    # the type and number alone: every issuer
    ("Nghị quyết 29", NQ29),
    ("nghi quyet 29", NQ29),
    ("nghị quyết số 29", NQ29),
    ("NGHỊ QUYẾT 29", NQ29),
    ("Nghị Quyết Số 29", NQ29),
    ("NQ 29", NQ29),
    ("nq29", NQ29),
    ("NQ số 29", NQ29),
    ("nghị quyết số: 29", NQ29),
    ("Nghị quyết 29 của Tỉnh ủy", ["29-NQ/TU"]),
    ("nghi quyet 29 cua thanh uy", ["29-NQ/TU"]),
    ("Nghị quyết 29 của Ban Thường vụ Tỉnh ủy", ["29-NQ/TU"]),
    # Chỉ thị 05: three documents share type and number
    ("05-CT/TW", ["05-CT/TW"]),
    ("5-CT/TW", ["05-CT/TW"]),
    ("05-ct/tw", ["05-CT/TW"]),
    ("05 - CT/TƯ", ["05-CT/TW"]),
    ("Chỉ thị 05", CT05),
    ("chi thi 05", CT05),
    ("chỉ thị số 05", CT05),
    ("chi thi so 5", CT05),
    ("CHỈ THỊ 05", CT05),
    ("CT 05", CT05),
    ("Chỉ thị 05 của Bộ Chính trị", ["05-CT/TW"]),
    ("chi thi 05 cua bo chinh tri", ["05-CT/TW"]),
    ("Chỉ thị 05 của Ban Bí thư", ["05-CT/TW"]),
    ("Chỉ thị 05-CT/TW", ["05-CT/TW"]),
    ("Chỉ thị số 05-CT/TW của Bộ Chính trị", ["05-CT/TW"]),
    ("Chỉ thị 05 CT/TW", ["05-CT/TW"]),
    ("ct 5 tw", ["05-CT/TW"]),
    ("Chỉ thị 05 của Thủ tướng", ["05/CT-TTg"]),
    ("chi thi 05 cua thu tuong chinh phu", ["05/CT-TTg"]),
    ("05/CT-TTg", ["05/CT-TTg"]),
    ("05/ct-ttg", ["05/CT-TTg"]),
    ("5/CT-TTg", ["05/CT-TTg"]),
    ("Chỉ thị 05/CT-TTg", ["05/CT-TTg"]),
    # 102-QĐ/TW: QĐ is Quyết định and Quy định; QD typed without Đ
    ("102-QĐ/TW", ["102-QĐ/TW"]),
    ("102-QD/TW", ["102-QĐ/TW"]),
    ("102-qd/tw", ["102-QĐ/TW"]),
    ("102 - QĐ/TW", ["102-QĐ/TW"]),
    ("102-QĐ/TƯ", ["102-QĐ/TW"]),
    ("102/QĐ-TW", ["102-QĐ/TW"]),
    ("102/QD-TW", ["102-QĐ/TW"]),
    ("Quy định 102", ["102-QĐ/TW"]),
    ("quy dinh 102", ["102-QĐ/TW"]),
    ("Quy định số 102-QĐ/TW", ["102-QĐ/TW"]),
    ("Quyết định 102", ["102-QĐ/TW"]),
    ("quy dinh so 102 cua bo chinh tri", ["102-QĐ/TW"]),
    ("QĐ 102", ["102-QĐ/TW"]),
    # 46-CTrHĐ/TU
    ("46-CTrHĐ/TU", ["46-CTrHĐ/TU"]),
    ("46-CTrHD/TU", ["46-CTrHĐ/TU"]),
    ("46-ctrhd/tu", ["46-CTrHĐ/TU"]),
    ("46-CTRHĐ/TU", ["46-CTrHĐ/TU"]),
    ("46 - CTrHĐ/TU", ["46-CTrHĐ/TU"]),
    ("46/CTrHĐ-TU", ["46-CTrHĐ/TU"]),
    ("Chương trình hành động 46", ["46-CTrHĐ/TU"]),
    ("chuong trinh hanh dong so 46", ["46-CTrHĐ/TU"]),
    ("Chương trình hành động số 46-CTrHĐ/TU", ["46-CTrHĐ/TU"]),
    ("CTrHĐ 46", ["46-CTrHĐ/TU"]),
    ("ctrhd 46", ["46-CTrHĐ/TU"]),
    ("chương trình 46", ["46-CTrHĐ/TU"]),
    # 65-CTr/TU
    ("65-CTr/TU", ["65-CTr/TU"]),
    ("65-Ctr/TU", ["65-CTr/TU"]),
    ("65-CTR/TU", ["65-CTr/TU"]),
    ("65-ctr/tu", ["65-CTr/TU"]),
    ("chuong trinh 65", ["65-CTr/TU"]),
    # 858-CV/ĐUK
    ("858-CV/ĐUK", ["858-CV/ĐUK"]),
    ("858CV/ĐUK", ["858-CV/ĐUK"]),
    ("858-CV/DUK", ["858-CV/ĐUK"]),
    ("858-cv/duk", ["858-CV/ĐUK"]),
    ("công văn 858", ["858-CV/ĐUK"]),
    ("cong van so 858", ["858-CV/ĐUK"]),
    # 36-HD/VPTW
    ("36-HD/VPTW", ["36-HD/VPTW"]),
    ("36-hd/vptw", ["36-HD/VPTW"]),
    ("Hướng dẫn 36", ["36-HD/VPTW"]),
    ("huong dan so 36", ["36-HD/VPTW"]),
    ("HD 36", ["36-HD/VPTW"]),
    # 01-ĐA/TU: DA folded
    ("01-ĐA/TU", ["01-ĐA/TU"]),
    ("01-DA/TU", ["01-ĐA/TU"]),
    ("1-da/tu", ["01-ĐA/TU"]),
    ("Đề án 01", ["01-ĐA/TU"]),
    ("de an so 1", ["01-ĐA/TU"]),
    ("ĐA 01", ["01-ĐA/TU"]),
    # 12-KL/HU, 04-NQ/TW, 08-HD/BTGTU
    ("12-KL/HU", ["12-KL/HU"]),
    ("Kết luận 12", ["12-KL/HU"]),
    ("ket luan 12 cua huyen uy", ["12-KL/HU"]),
    ("kl 12 hu", ["12-KL/HU"]),
    ("04-NQ/TW", ["04-NQ/TW"]),
    ("4-NQ/TW", ["04-NQ/TW"]),
    ("nghi quyet 4", ["04-NQ/TW"]),
    ("Nghị quyết 04 của Ban Chấp hành Trung ương", ["04-NQ/TW"]),
    ("08-HD/BTGTU", ["08-HD/BTGTU"]),
    ("8-hd/btgtu", ["08-HD/BTGTU"]),
    # 16/2017/NĐ-CP: state codes without Vietnamese input, with names, partial
    ("16/2017/NĐ-CP", ["16/2017/NĐ-CP"]),
    ("16/2017/ND-CP", ["16/2017/NĐ-CP"]),
    ("16/2017/nd-cp", ["16/2017/NĐ-CP"]),
    ("16/2017/Nđ-CP", ["16/2017/NĐ-CP"]),
    ("16 / 2017 / NĐ - CP", ["16/2017/NĐ-CP"]),
    ("16/2017/NĐ - CP", ["16/2017/NĐ-CP"]),
    ("16-2017/NĐ-CP", ["16/2017/NĐ-CP"]),
    ("Nghị định 16/2017/NĐ-CP", ["16/2017/NĐ-CP"]),
    ("Nghị định số 16/2017/NĐ-CP", ["16/2017/NĐ-CP"]),
    ("nghi dinh so 16/2017/nd-cp", ["16/2017/NĐ-CP"]),
    ("Nghị định 16/2017", ["16/2017/NĐ-CP"]),
    ("nghi dinh 16/2017", ["16/2017/NĐ-CP"]),
    ("NĐ 16/2017", ["16/2017/NĐ-CP"]),
    ("nd 16/2017", ["16/2017/NĐ-CP"]),
    ("nghị định 16 năm 2017", ["16/2017/NĐ-CP"]),
    ("nghi dinh 16 nam 2017", ["16/2017/NĐ-CP"]),
    ("16/2017", ["16/2017/NĐ-CP"]),
    ("Nghị định số 16/2017 của Chính phủ", ["16/2017/NĐ-CP"]),
    # 140/2016: a number is never split; the number and year find every such code
    ("140/2016/NĐ-CP", ["140/2016/NĐ-CP"]),
    ("140/2016/ND-CP", ["140/2016/NĐ-CP"]),
    ("nghi dinh 140/2016", ["140/2016/NĐ-CP"]),
    ("Nghị định số 140/2016", ["140/2016/NĐ-CP"]),
    ("NĐ 140", ["140/2016/NĐ-CP"]),
    ("nđ 140", ["140/2016/NĐ-CP"]),
    ("140/2016", ["140/2016/NĐ-CP", "140/2016/TT-BTC"]),
    ("số 140/2016", ["140/2016/NĐ-CP", "140/2016/TT-BTC"]),
    ("Thông tư 140/2016", ["140/2016/TT-BTC"]),
    ("thong tu so 140/2016/tt-btc", ["140/2016/TT-BTC"]),
    ("140/2016/TT-BTC", ["140/2016/TT-BTC"]),
    ("nghị định 140 năm 2016", ["140/2016/NĐ-CP"]),
    ("174/2013/ND-CP", ["174/2013/NĐ-CP"]),
    ("174/2013/nđ-cp", ["174/2013/NĐ-CP"]),
    ("nghi dinh 174", ["174/2013/NĐ-CP"]),
    # administrative codes without a year
    ("1234/QĐ-UBND", ["1234/QĐ-UBND"]),
    ("1234/QD-UBND", ["1234/QĐ-UBND"]),
    ("1234/qd-ubnd", ["1234/QĐ-UBND"]),
    ("1234 / QĐ - UBND", ["1234/QĐ-UBND"]),
    ("Quyết định 1234", ["1234/QĐ-UBND"]),
    ("quyet dinh so 1234", ["1234/QĐ-UBND"]),
    ("Quyết định số 1234/QĐ-UBND", ["1234/QĐ-UBND"]),
    ("22/2016/TT-BGDĐT", ["22/2016/TT-BGDĐT"]),
    ("22/2016/TT-BGDDT", ["22/2016/TT-BGDĐT"]),
    ("22/2016/tt-bgddt", ["22/2016/TT-BGDĐT"]),
    ("thong tu 22/2016", ["22/2016/TT-BGDĐT"]),
    ("Thông tư số 22/2016/TT-BGDĐT", ["22/2016/TT-BGDĐT"]),
    ("43/2019/QH14", ["43/2019/QH14"]),
    ("43/2019/qh14", ["43/2019/QH14"]),
    ("Luật 43/2019", ["43/2019/QH14"]),
    ("luat so 43/2019/QH14", ["43/2019/QH14"]),
    ("2588/UBND-KTN", ["2588/UBND-KTN"]),
    ("2588/ubnd-ktn", ["2588/UBND-KTN"]),
    ("Công văn 2588/UBND-KTN", ["2588/UBND-KTN"]),
    ("cong van 2588", ["2588/UBND-KTN"]),
    ("19/2017/NQ-CP", ["19/2017/NQ-CP"]),
    ("19-2017/NQ-CP", ["19/2017/NQ-CP"]),
    ("Nghị quyết 19/2017", ["19/2017/NQ-CP"]),
    ("nghi quyet 19 nam 2017", ["19/2017/NQ-CP"]),
    ("45/QĐ-TTg", ["45/QĐ-TTg"]),
    ("45/qd-ttg", ["45/QĐ-TTg"]),
    ("Quyết định 45 của Thủ tướng", ["45/QĐ-TTg"]),
    # a code that is not in the index is still read as a code, with no reading
    ("16/2018/ND-CP", []),
    ("29-NQ/HU", []),
    ("Chỉ thị 06", []),
]
NOT_CODES = [
    "ngày 04/8/2017",
    "04/8/2017",
    "04-08-2017",
    "Thứ Sáu, 04/08/2017 10:30",
    "028.3829.1234",
    "028-3829-1234",
    "0903 123 456",
    "năm học 2017 – 2018",
    "nhiệm kỳ 2015 - 2020",
    "Khóa XII",
    "45/50 đảng viên",
    "COVID-19",
    "tháng 8/2017",
    "tháng 12/2016",
    "quý III/2017",
    "6 tháng đầu năm 2017",
    "xây dựng Đảng",
    "đã 3 lần",
    "đã 5 năm",
    "kế hoạch 5 năm",
    "nghị quyết",
    "chỉ thị của Bộ Chính trị",
    "Nghị quyết Trung ương 4",
    "Chỉ thị 05.8",
    "nghị quyết 29 tháng 5",
    "năm 2017",
    "số 12",
    "biển số 37C - 256.80",
    "100%",
    "10:30",
]


def test_the_table_is_large_enough():
    assert len(SPELLINGS) + len(NOT_CODES) >= 150
    assert all(code is not None for code in CODES)


@pytest.mark.parametrize(("typed", "expected"), SPELLINGS)
def test_every_spelling_means_its_indexed_codes(typed, expected):
    assert typed_readings(typed, CODES) == expected


@pytest.mark.parametrize("typed", NOT_CODES)
def test_not_a_code(typed):
    assert typed_readings(typed, CODES) is None


@pytest.mark.parametrize(
    "typed",
    ["nghi dinh 140/2016", "Nghị định số 140/2016", "140/2016", "NĐ 140", "140/2016/ND-CP"],
)
def test_a_number_is_never_split(typed):
    [(_, _, pattern)] = find_code_patterns(typed)
    assert pattern.number == 140


@pytest.mark.parametrize(
    ("typed", "number", "near_year", "label"),
    [
        ("chỉ thị 05 năm 2016", 5, 2016, "05-CT/* năm 2016"),
        ("chi thi 05 nam 2016", 5, 2016, "05-CT/* năm 2016"),
        ("nq 29 2013", 29, 2013, "29-NQ/* năm 2013"),
        ("Nghị quyết 29-NQ/TW năm 2013", 29, 2013, "29-NQ/TW năm 2013"),
        ("nghi quyet 29 tw, nam 2013", 29, 2013, "29-NQ/TW năm 2013"),
    ],
)
def test_a_year_beside_a_code_is_read_as_its_year(typed, number, near_year, label):
    pattern = parse_code_pattern(typed)
    assert (pattern.number, pattern.near_year, pattern.label()) == (number, near_year, label)


def test_the_year_narrows_codes_that_have_one():
    pattern = parse_code_pattern("nghị quyết 19 năm 2016")
    assert [c.code for c in CODES if pattern.matches(c)] == []
    pattern = parse_code_pattern("chỉ thị 05 năm 2016")  # party codes carry no year: kept
    assert [c.code for c in CODES if pattern.matches(c)] == CT05


def test_words_around_a_code_stay_words():
    found = find_code_patterns("sơ kết 16/2017/ND-CP tại Sở")
    assert [(s, e) for s, e, _ in found] == [(7, 20)]
