"""Party and state document codes: find every spelling, resolve to one canonical key.

Party codes read number-TYPE/ISSUER (29-NQ/TW); state codes read
number[/year]/TYPE-ISSUER (16/2017/NĐ-CP). Bare mentions ("Chỉ thị 05") are kept as
references and resolved when the sentence names the issuer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.text.normalize import normalize_text

# Canonical spelling of every document type we know, keyed by its uppercase form.
PARTY_TYPES = [
    "CTrHĐ",
    "CTr",
    "TTr",
    "QyĐ",
    "NQ",
    "QĐ",
    "CT",
    "KL",
    "QC",
    "TT",
    "HD",
    "TB",
    "BC",
    "KH",
    "ĐA",
    "CV",
    "BB",
    "NQLT",
    "HDLT",
    "QĐi",
]
STATE_TYPES = [
    "TTLT",
    "NQLT",
    "QĐ",
    "NĐ",
    "NQ",
    "CT",
    "TT",
    "KH",
    "TB",
    "BC",
    "HD",
    "CV",
    "CĐ",
    "GM",
    "QyĐ",
    "TTr",
    "PA",
    "DA",
    "HĐ",
    "GP",
    "KL",
    "TC",
    "BB",
    "L",
    "PL",
    "SL",
    "HC",
    "HS",
    "DS",
    "LĐ",
    "KDTM",
    "QC",
    "ĐA",
    "BTTT",
    "KH",
]
TYPE_SPELLING = {t.upper(): t for t in PARTY_TYPES + STATE_TYPES}
TYPE_SPELLING["QĐI"] = "QĐ"
PARTY_ISSUER = re.compile(
    r"(?:TW|TƯ|VPTW|BTCTW|BTGTW|BDVTW|BNCTW|UBKTTW|QUTW|ĐUQSTW|ĐUCA|ĐUCATW|BCĐTW"
    r"|(?:BTG|BTC|BDV|UBKT|VP|BCS|BCSĐ|BCĐ)?(?:TU|HU|QU|TXU|THU|TPU|ĐU|ĐUK|ĐUKCQ|ĐUKDN)"
    r"|ĐU[A-ZĐ]{0,6}|CB|ĐĐ|BCSĐ[A-ZĐ]*|ĐB)",
    re.I,
)
KIND_NAMES = {
    "NQ": "Nghị quyết",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "QĐ": "Quyết định / Quy định",
    "QyĐ": "Quy định",
    "QC": "Quy chế",
    "TT": "Thông tri / Thông tư",
    "HD": "Hướng dẫn",
    "TB": "Thông báo",
    "BC": "Báo cáo",
    "KH": "Kế hoạch",
    "CTr": "Chương trình",
    "CTrHĐ": "Chương trình hành động",
    "ĐA": "Đề án",
    "TTr": "Tờ trình",
    "CV": "Công văn",
    "BB": "Biên bản",
    "NĐ": "Nghị định",
    "TTLT": "Thông tư liên tịch",
    "CĐ": "Công điện",
    "GM": "Giấy mời",
    "L": "Luật",
}

_TYPES_ALT = "|".join(sorted({re.escape(t) for t in TYPE_SPELLING}, key=len, reverse=True))
_MIXED_TYPES = "|".join(
    sorted((t for t in TYPE_SPELLING.values() if not t.isupper()), key=len, reverse=True)
)
_NUM = r"(?<![\w./,-])(?<!\d:)(?P<num>\d{1,5})"
_BODY = r"[A-ZĐƯƠa-zđươ][A-Za-zĐđƯưƠơ0-9]{0,11}"
_UPPER_BODY = r"[A-ZĐ][A-ZĐƯƠ0-9]{0,11}[a-zg]?"
_YEAR = r"(?:19[4-9]\d|20[0-4]\d)"
_END = r"(?![\w/])"

PARTY_CODE = re.compile(
    _NUM + rf"\s?-?\s?(?P<type>{_TYPES_ALT})\s?/\s?(?P<issuer>{_BODY}){_END}", re.I
)
STATE_CODE = re.compile(
    _NUM + rf"(?:\s?[/-]\s?(?P<year>{_YEAR}))?\s?/\s?(?P<type>{_MIXED_TYPES}|{_UPPER_BODY})"
    rf"\s?-\s?(?P<issuer>{_BODY}(?:-[A-ZĐ][A-ZĐ0-9]{{1,8}})?){_END}"
)
LAW_CODE = re.compile(
    _NUM + rf"\s?/\s?(?P<year>{_YEAR})\s?/\s?(?P<issuer>(?:UBTV)?QH\d{{1,2}}){_END}"
)
DASHED_PARTY_CODE = re.compile(
    _NUM + rf"-(?P<type>{_TYPES_ALT})-(?P<issuer>{PARTY_ISSUER.pattern}){_END}"
)
SLASH_ONLY_CODE = re.compile(_NUM + rf"\s?/\s?(?P<type>{_TYPES_ALT}|GPXD|GPXD\w*){_END}(?!\s?-)")
OLD_STATE_CODE = re.compile(_NUM + r"-(?P<issuer>CP|HĐBT|HĐCP|TTg)" + _END)

_BARE_KINDS = {
    "nghị quyết": "NQ",
    "chỉ thị": "CT",
    "kết luận": "KL",
    "quyết định": "QĐ",
    "quy định": "QĐ",
    "kế hoạch": "KH",
    "chương trình hành động": "CTrHĐ",
    "chương trình": "CTr",
    "hướng dẫn": "HD",
    "thông báo": "TB",
    "thông tri": "TT",
    "đề án": "ĐA",
    "nghị định": "NĐ",
    "thông tư": "TT",
    "công văn": "CV",
    "báo cáo": "BC",
    "tờ trình": "TTr",
    "quy chế": "QC",
    "nq": "NQ",
    "ct": "CT",
    "kl": "KL",
    "nđ": "NĐ",
}
_BARE_ALT = "|".join(sorted((re.escape(k) for k in _BARE_KINDS), key=len, reverse=True))
BARE_REF = re.compile(
    rf"(?<!\w)(?P<kind>{_BARE_ALT})\s*(?:số\s*:?\s*)?(?P<num>\d{{1,4}})"
    rf"(?:/(?P<year>{_YEAR}))?"
    r"(?!\d|[/.,:-]\d|\s*(?:tháng|năm|ngày|giờ|%|người|đồng|triệu|tỷ)\b)",
    re.I,
)
PLENUM = re.compile(
    r"Nghị quyết\s+(?:Hội nghị\s+(?:lần thứ\s+\w+\s+(?:Ban Chấp hành\s+)?)?)?Trung ương\s+"
    r"(?:lần thứ\s+)?(?P<n>\d{1,2})\s*[,(]?\s*(?:\(\s*)?khóa\s+(?P<term>[IVXL]+)\s*\)?",
    re.I,
)
# Plenum resolutions that map to exactly one numbered resolution.
PLENUM_ALIASES = {"NQTW4-KXII": "04-NQ/TW", "NQTW4-KXI": "12-NQ/TW"}

# Words after a bare mention that name its issuer.
ISSUER_CUES = [
    (
        re.compile(
            r"^\W{0,3}(?:của\s+)?(?:Bộ Chính trị|Ban Bí thư|Ban Chấp hành Trung ương|"
            r"Trung ương|BCH Trung ương|Hội nghị Trung ương)",
            re.I,
        ),
        "TW",
    ),
    (
        re.compile(
            r"^\W{0,3}(?:của\s+)?(?:Ban Thường vụ\s+)?(?:Hội nghị\s+)?(?:Thành ủy|Tỉnh ủy)", re.I
        ),
        "TU",
    ),
    (re.compile(r"^\W{0,3}(?:của\s+)?(?:Ban Thường vụ\s+)?(?:Hội nghị\s+)?Huyện ủy", re.I), "HU"),
    (re.compile(r"^\W{0,3}(?:của\s+)?(?:Ban Thường vụ\s+)?(?:Hội nghị\s+)?Quận ủy", re.I), "QU"),
    (re.compile(r"^\W{0,3}(?:của\s+)?(?:Ban Thường vụ\s+)?Đảng ủy Khối", re.I), "ĐUK"),
    (re.compile(r"^\W{0,3}(?:của\s+)?(?:Ban Thường vụ\s+)?Đảng ủy", re.I), "ĐU"),
    (re.compile(r"^\W{0,3}(?:của\s+)?Chính phủ", re.I), "CP"),
    (re.compile(r"^\W{0,3}(?:của\s+)?Thủ tướng", re.I), "TTg"),
]
STATE_CUE_ISSUERS = {"CP", "TTg"}


@dataclass(frozen=True)
class DocumentCode:
    """A document code resolved to its canonical key."""

    code: str
    kind: str  # "party" or "state"
    type: str | None
    number: int
    issuer: str
    year: int | None = None

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "kind": self.kind,
            "type": self.type,
            "number": self.number,
            "issuer": self.issuer,
            "year": self.year,
        }


@dataclass(frozen=True)
class Reference:
    """A bare mention of a document ("Chỉ thị 05") or a plenum resolution."""

    text: str
    type: str | None
    number: int | None
    key: str  # canonical code when resolved, else a loose key such as "05-CT/?"
    resolved: bool

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "type": self.type,
            "number": self.number,
            "key": self.key,
            "resolved": self.resolved,
        }


def prepare_for_codes(text: str) -> str:
    """Normalise text the way the code patterns expect (NFC, one dash)."""
    return normalize_text(text).replace("–", "-").replace("—", "-")


def _party_issuer(issuer: str) -> str:
    issuer = issuer.upper().replace("TƯ", "TW")
    return issuer


def _type_spelling(raw: str) -> str:
    return TYPE_SPELLING.get(raw.upper(), raw)


def party_code(number: int, doc_type: str, issuer: str) -> DocumentCode:
    """Build the canonical party code `NN-TYPE/ISSUER`."""
    doc_type, issuer = _type_spelling(doc_type), _party_issuer(issuer)
    return DocumentCode(f"{number:02d}-{doc_type}/{issuer}", "party", doc_type, number, issuer)


def state_code(number: int, doc_type: str | None, issuer: str, year: int | None) -> DocumentCode:
    """Build the canonical state code `NN/[YYYY/]TYPE-ISSUER`."""
    if issuer.islower():
        issuer = issuer.upper()
    middle = f"{year}/" if year else ""
    if doc_type:
        doc_type = _type_spelling(doc_type)
        code = f"{number:02d}/{middle}{doc_type}-{issuer}"
    else:
        code = f"{number:02d}/{middle}{issuer}"
    return DocumentCode(code, "state", doc_type, number, issuer, year)


def _from_state_match(m: re.Match[str]) -> DocumentCode:
    number, raw_type, issuer = int(m["num"]), m["type"], m["issuer"]
    year = int(m["year"]) if m["year"] else None
    if not year and PARTY_ISSUER.fullmatch(issuer) and raw_type.upper() in TYPE_SPELLING:
        return party_code(number, raw_type, issuer)  # 29/NQ-TW: party code, state spelling
    if raw_type.upper() in TYPE_SPELLING:
        return state_code(number, raw_type, issuer, year)
    return state_code(number, None, f"{raw_type}-{issuer}", year)  # công văn: 2588/UBND-KTN


def _from_party_match(m: re.Match[str]) -> DocumentCode | None:
    issuer = m["issuer"]
    # "02-TTr/ĐLS": the number, a dash, a known type, a slash, an issuer in capitals is the
    # party form, whoever the issuer (Đoàn Luật sư writes its codes so too).
    dashed = "-" in m.group(0)[: m.start("type") - m.start()]
    if PARTY_ISSUER.fullmatch(issuer) or (dashed and issuer.isupper()):
        return party_code(int(m["num"]), m["type"], issuer)
    if issuer.islower() or not issuer[0].isupper():
        return None
    return state_code(int(m["num"]), None, f"{_type_spelling(m['type'])}/{issuer}", None)


def find_codes(text: str) -> list[tuple[int, int, DocumentCode]]:
    """Every explicit code in prepared `text`, with its span, without overlaps."""
    found: list[tuple[int, int, DocumentCode]] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    passes = [
        (LAW_CODE, lambda m: state_code(int(m["num"]), None, m["issuer"], int(m["year"]))),
        (STATE_CODE, _from_state_match),
        (PARTY_CODE, _from_party_match),
        (DASHED_PARTY_CODE, lambda m: party_code(int(m["num"]), m["type"], m["issuer"])),
        (SLASH_ONLY_CODE, lambda m: state_code(int(m["num"]), None, m["type"].upper(), None)),
        (
            OLD_STATE_CODE,
            lambda m: DocumentCode(
                f"{int(m['num']):02d}-{m['issuer']}", "state", None, int(m["num"]), m["issuer"]
            ),
        ),
    ]
    for pattern, build in passes:
        for m in pattern.finditer(text):
            if not free(m.start(), m.end()):
                continue
            code = build(m)
            if code is None:
                continue
            found.append((m.start(), m.end(), code))
            taken.append((m.start(), m.end()))
    found.sort(key=lambda item: item[0])
    return found


def parse_code(text: str) -> DocumentCode | None:
    """Canonical code for a string that is one code in any spelling, else None."""
    prepared = prepare_for_codes(text).strip()
    for start, end, code in find_codes(prepared):
        if start == 0 and end == len(prepared):
            return code
    return None


def extract_codes(text: str) -> tuple[list[DocumentCode], list[Reference]]:
    """All explicit codes (unique, in order) and bare references found in `text`."""
    prepared = prepare_for_codes(text)
    scanned = find_codes(prepared)
    codes: dict[str, DocumentCode] = {}
    for _, _, code in scanned:
        codes.setdefault(code.code, code)
    spans = [(s, e) for s, e, _ in scanned]
    references: dict[str, Reference] = {}
    for m in PLENUM.finditer(prepared):
        spans.append((m.start(), m.end()))
        plenum = f"NQTW{int(m['n'])}-K{m['term'].upper()}"
        key = PLENUM_ALIASES.get(plenum, plenum)
        text_form = m.group(0).strip(" ,(")
        references.setdefault(plenum, Reference(text_form, "NQ", None, key, key != plenum))
    for m in BARE_REF.finditer(prepared):
        if any(not (m.end() <= s or m.start() >= e) for s, e in spans):
            continue
        ref = _resolve_bare(m, prepared, codes)
        references.setdefault(ref.text, ref)
    return list(codes.values()), list(references.values())


def _resolve_bare(m: re.Match[str], text: str, codes: dict[str, DocumentCode]) -> Reference:
    doc_type = _BARE_KINDS[m["kind"].lower()]
    number = int(m["num"])
    surface = re.sub(r"\s+", " ", m.group(0).strip())
    tail = text[m.end() : m.end() + 80]
    year = int(m["year"]) if m["year"] else None
    for cue, issuer in ISSUER_CUES:
        if not cue.search(tail):
            continue
        if issuer in STATE_CUE_ISSUERS:
            key = state_code(number, doc_type, issuer, year).code
        else:
            key = party_code(number, doc_type, issuer).code
        return Reference(surface, doc_type, number, key, True)
    # The document cites the same type and number in full elsewhere: that code.
    matches = [
        c
        for c in codes.values()
        if c.number == number and c.type == doc_type and (year is None or c.year in (None, year))
    ]
    if len(matches) == 1:
        return Reference(surface, doc_type, number, matches[0].code, True)
    return Reference(surface, doc_type, number, f"{number:02d}-{doc_type}/?", False)


def loose_key(code: str) -> str:
    """The issuer-free key ("29-NQ") that lets "Nghị quyết 29" find 29-NQ/TW."""
    parsed = parse_code(code)
    if parsed is None or parsed.type is None:
        return code
    return f"{parsed.number:02d}-{parsed.type}"
