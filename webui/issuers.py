"""What the issuer part of a document code stands for ("ĐUK" -> "Đảng ủy Khối").

Data in one place: the pages look names up here; an abbreviation not in the table is
shown as written. A number after an abbreviation is the body's term (QH14 = Quốc hội khóa XIV).
"""

from __future__ import annotations

import re
import unicodedata

ISSUERS: dict[str, str] = {
    # Party, central
    "TW": "Ban Chấp hành Trung ương Đảng",
    "BCT": "Bộ Chính trị",
    "BBT": "Ban Bí thư",
    "BTGTW": "Ban Tuyên giáo Trung ương",
    "BTCTW": "Ban Tổ chức Trung ương",
    "BDVTW": "Ban Dân vận Trung ương",
    "BNCTW": "Ban Nội chính Trung ương",
    "BKTTW": "Ban Kinh tế Trung ương",
    "BĐNTW": "Ban Đối ngoại Trung ương",
    "UBKTTW": "Ủy ban Kiểm tra Trung ương",
    "VPTW": "Văn phòng Trung ương Đảng",
    "ĐUQSTW": "Đảng ủy Quân sự Trung ương",
    "ĐUCA": "Đảng ủy Công an Trung ương",
    # Party, province and below
    "TU": "Tỉnh ủy / Thành ủy",
    "BTGTU": "Ban Tuyên giáo Tỉnh ủy / Thành ủy",
    "BTCTU": "Ban Tổ chức Tỉnh ủy / Thành ủy",
    "BDVTU": "Ban Dân vận Tỉnh ủy / Thành ủy",
    "BNCTU": "Ban Nội chính Tỉnh ủy / Thành ủy",
    "UBKTTU": "Ủy ban Kiểm tra Tỉnh ủy / Thành ủy",
    "VPTU": "Văn phòng Tỉnh ủy / Thành ủy",
    "ĐUK": "Đảng ủy Khối (các cơ quan hoặc doanh nghiệp)",
    "ĐU": "Đảng ủy",
    "HU": "Huyện ủy",
    "QU": "Quận ủy",
    "TXU": "Thị xã ủy",
    "ThU": "Thành ủy (thành phố thuộc tỉnh)",
    "CB": "Chi bộ",
    "BCĐ": "Ban Chỉ đạo",
    # State
    "QH": "Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "CTN": "Chủ tịch nước",
    "CP": "Chính phủ",
    "TTg": "Thủ tướng Chính phủ",
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "BNV": "Bộ Nội vụ",
    "BTC": "Bộ Tài chính",
    "BCA": "Bộ Công an",
    "BQP": "Bộ Quốc phòng",
    "BTP": "Bộ Tư pháp",
    "BYT": "Bộ Y tế",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
    "BLĐTBXH": "Bộ Lao động – Thương binh và Xã hội",
    "MTTQ": "Mặt trận Tổ quốc Việt Nam",
}
ROMAN = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
_TERM = re.compile(r"^(?P<name>.*?\D)(?P<term>\d{1,2})$")


def _roman(number: int) -> str:
    out = ""
    for value, letters in ROMAN:
        while number >= value:
            out, number = out + letters, number - value
    return out


def _key(text: str) -> str:
    """Lookup key: NFC, 'TƯ' read as 'TW' (both spellings are used)."""
    return unicodedata.normalize("NFC", text.strip()).replace("TƯ", "TW")


def issuer_name(abbreviation: str) -> str | None:
    """The full name an issuer abbreviation stands for, or None when it is not known."""
    key = _key(abbreviation)
    if key in ISSUERS:
        return ISSUERS[key]
    upper = {k.upper(): v for k, v in ISSUERS.items()}
    if key.upper() in upper:
        return upper[key.upper()]
    match = _TERM.match(key)
    if match:
        base = issuer_name(match["name"])
        term = int(match["term"])
        if base and 0 < term < 40:
            return f"{base} khóa {_roman(term)}"
    return None
