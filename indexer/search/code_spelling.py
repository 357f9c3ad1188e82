"""Document codes as people type them in a search box, and which indexed codes they mean.

A clerk types "16/2017/ND-CP" on a keyboard without Vietnamese input, "nghi dinh 140/2016",
"Nghị định số 140/2016", "NĐ 140", "chỉ thị 05 năm 2016", "nq 29 tw", "102-QD/TW" or
just "140/2016". Each becomes a `CodePattern`: the number (never split), the code's year
when typed beside it, the document types and the issuer as folded letters. Folding makes
some letters ambiguous (QD is QĐ or a real QD; TU is Tỉnh ủy or TƯ folded): a pattern
matches every reading, and the search keeps the readings that exist in the index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from indexer.text.codes import (
    PARTY_ISSUER,
    TYPE_SPELLING,
    DocumentCode,
    find_codes,
    prepare_for_codes,
)
from indexer.text.normalize import fold_aligned, fold_diacritics

_YEAR = r"(?:19[4-9]\d|20[0-4]\d)"
_NUM = r"(?<![\w./,:-])(?P<num>\d{1,5})(?![\d])"
_FOLDED_TYPES = sorted({fold_diacritics(t) for t in TYPE_SPELLING}, key=len, reverse=True)
_TYPE_ALT = "|".join(map(re.escape, _FOLDED_TYPES))
_CANONICAL_TYPE = {fold_diacritics(t): t for t in sorted(set(TYPE_SPELLING.values()))}
_CANONICAL_TYPE.update({"qd": "QĐ", "da": "ĐA", "hd": "HD"})
_END = r"(?![\w/])"

# Document type names, folded, and the folded type letters each may stand for.
TYPE_NAMES: dict[str, tuple[str, ...]] = {
    "nghi quyet lien tich": ("nqlt",),
    "nghi quyet": ("nq",),
    "chi thi": ("ct",),
    "ket luan": ("kl",),
    "quyet dinh": ("qd",),
    "quy dinh": ("qd", "qyd"),
    "ke hoach": ("kh",),
    "chuong trinh hanh dong": ("ctrhd",),
    "chuong trinh": ("ctr", "ctrhd"),
    "huong dan": ("hd",),
    "thong bao": ("tb",),
    "thong tu lien tich": ("ttlt",),
    "thong tri": ("tt",),
    "thong tu": ("tt",),
    "de an": ("da",),
    "nghi dinh": ("nd",),
    "cong van": ("cv", ""),
    "bao cao": ("bc",),
    "to trinh": ("ttr",),
    "quy che": ("qc",),
    "cong dien": ("cd",),
    "luat": ("",),
    "phap lenh": ("pl", ""),
}
# Type letters typed alone before a number ("NĐ 140", "nq29"): the common ones only, so
# that ordinary short words followed by a number are not taken for codes.
TYPE_ABBREVIATIONS = "ctrhd|ttlt|nqlt|qyd|ctr|nq|ct|kl|qd|nd|tt|hd|kh|tb|da|qc|cv|bc|cd"  # folded
_NAME_ALT = "|".join(sorted((n.replace(" ", r"\s+") for n in TYPE_NAMES), key=len, reverse=True))
# Words after a number that name the issuer ("của Bộ Chính trị", "tw").
ISSUER_CUES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            r"\s*(?:cua\s+)?(?:bo\s+chinh\s+tri|ban\s+bi\s+thu|ban\s+chap\s+hanh\s+trung\s+uong"
            r"|bch\s+trung\s+uong|bch\s*tw|trung\s+uong)(?!\w)"
        ),
        "tw",
    ),
    (re.compile(r"\s*(?:cua\s+)?(?:ban\s+thuong\s+vu\s+)?(?:tinh\s+uy|thanh\s+uy)(?!\w)"), "tu"),
    (re.compile(r"\s*(?:cua\s+)?(?:ban\s+thuong\s+vu\s+)?huyen\s+uy(?!\w)"), "hu"),
    (re.compile(r"\s*(?:cua\s+)?(?:ban\s+thuong\s+vu\s+)?quan\s+uy(?!\w)"), "qu"),
    (re.compile(r"\s*(?:cua\s+)?dang\s+uy\s+khoi(?!\w)"), "duk"),
    (re.compile(r"\s*(?:cua\s+)?dang\s+uy(?!\w)"), "du"),
    (re.compile(r"\s*(?:cua\s+)?chinh\s+phu(?!\w)"), "cp"),
    (re.compile(r"\s*(?:cua\s+)?thu\s+tuong(?:\s+chinh\s+phu)?(?!\w)"), "ttg"),
    (re.compile(r"\s*[-/]?\s*(?P<issuer>tw|tu|hu|qu|duk|du|cp|ttg)(?![\w/])"), ""),
]
_NEAR_YEAR = re.compile(rf"\s*(?:,\s*)?(?:(?:ban\s+hanh\s+)?nam\s+)?(?P<year>{_YEAR})(?![\w/])")

STATE_FULL = re.compile(
    _NUM + rf"(?:\s*[/-]\s*(?P<year>{_YEAR}))?\s*/\s*(?P<body>[a-z][a-z0-9]{{0,11}})"
    rf"\s*-\s*(?P<issuer>[a-z][a-z0-9]{{0,11}}(?:(?:-|\s+-\s+)[a-z][a-z0-9]{{1,8}})?){_END}"
)
LAW = re.compile(_NUM + rf"\s*/\s*(?P<year>{_YEAR})\s*/\s*(?P<issuer>(?:ubtv)?qh\d{{1,2}}){_END}")
PARTY_FULL = re.compile(
    _NUM + rf"\s*[-.]?\s*(?P<type>{_TYPE_ALT})\s*[/.]\s*(?P<issuer>[a-z][a-z0-9]{{0,11}}){_END}"
)
DASHED = re.compile(
    _NUM
    + rf"\s*-\s*(?P<type>{_TYPE_ALT})\s*-\s*(?P<issuer>tw|tu|hu|qu|du|duk|[a-z]{{1,8}}tw)"
    + _END
)
NAMED = re.compile(
    rf"(?<!\w)(?P<name>{_NAME_ALT}|{TYPE_ABBREVIATIONS})\s*(?:so\s*:?\s*|s\s*[.:]\s*)?"
    rf"(?=\d)"
)
_BARE_NUMBER = re.compile(
    r"(?P<num>\d{1,5})(?:\s*/\s*(?P<year>" + _YEAR + r"))?"
    r"(?!\d|[/.,:-]\d|\s*(?:thang|ngay|gio|%|nguoi|dong|trieu|ty|lan)(?!\w)"
    r"|\s*nam(?!\s*(?:19|20)\d\d))"
)
PARTIAL = re.compile(_NUM + rf"\s*/\s*(?P<year>{_YEAR}){_END}")
_LEADING_NUMBER_WORD = re.compile(r"(?<!\w)(?:ma\s+so|so|ma)\s*:?\s*$")
_DATE_BEFORE = re.compile(r"(?:thang|ngay|quy|nam)\s*$")


@dataclass(frozen=True)
class CodePattern:
    """What a typed code asks for; empty parts match anything."""

    number: int
    year: int | None = None  # written in the code ("140/2016"): the code's own year
    types: tuple[str, ...] = ()  # folded type letters ("nd",); "" = a code without a type
    issuer: str | None = None  # folded issuer ("tw", "cp")
    tail: str | None = None  # folded type and issuer without separators, when typed whole
    near_year: int | None = None  # "năm 2016" beside it: the code's year, else the article's
    issuer_named: bool = False  # the issuer was named in words ("của Tỉnh ủy"): no folding
    typed: str = field(default="", compare=False)  # the text as typed
    display: str = field(default="", compare=False)  # a whole code, spelled canonically

    def matches(self, code: DocumentCode) -> bool:
        """True when `code` is one reading of this pattern."""
        if code.number != self.number:
            return False
        if self.year and code.year != self.year:
            return False
        if self.near_year and code.year and code.year != self.near_year:
            return False
        readings = code_readings(code)
        if self.tail is not None:
            return self.tail in readings.tails
        if self.types and readings.type not in self.types:
            return False
        if self.issuer_named:
            return self.issuer == readings.issuer
        return not self.issuer or self.issuer in readings.issuers

    def whole(self) -> bool:
        """True when the type and the issuer were both typed ("17-CT/TU", "ct 17 tu"):
        the code then means what is written, not every code of its number."""
        return self.tail is not None or (bool(self.types) and self.issuer is not None)

    def spelled(self, code: DocumentCode) -> bool:
        """True when `code` is the one typed as written, not only by another reading
        ("17-CT/TU" is 17-CT/TU; it reads as 17-CT/TW only when TƯ was typed without
        its mark)."""
        readings = code_readings(code)
        if self.tail is not None:
            return self.tail == readings.type + readings.issuer
        return readings.type in self.types and readings.issuer == self.issuer

    def label(self) -> str:
        """How the pattern was understood, in words a user reads."""
        if self.display:
            text = self.display
        else:
            kinds = "/".join(_CANONICAL_TYPE.get(t, t.upper()) for t in self.types if t) or "*"
            issuer = self.issuer.upper() if self.issuer else "*"
            if self.year:
                kinds = "" if kinds == "*" else f"{kinds}-"
                text = f"{self.number}/{self.year}/{kinds}*"
            else:
                text = f"{self.number:02d}-{kinds}/{issuer}"
        if self.near_year:
            text += f" năm {self.near_year}"
        return text


@dataclass(frozen=True)
class CodeReadings:
    """The folded forms of an indexed code that typed patterns are compared with."""

    type: str
    issuer: str
    issuers: frozenset[str]
    tails: frozenset[str]


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold_diacritics(text))


@lru_cache(maxsize=65536)
def code_readings(code: DocumentCode) -> CodeReadings:
    """Folded type, issuer and whole-code forms of `code` (TW also reads as TƯ folded: TU)."""
    issuers = {_squash(code.issuer)}
    if code.issuer.upper().endswith("TW"):
        issuers.add(_squash(code.issuer)[:-2] + "tu")
    doc_type = _squash(code.type or "")
    issuer = _squash(code.issuer)
    tails = frozenset(doc_type + i for i in issuers)
    return CodeReadings(doc_type, issuer, frozenset(issuers), tails)


def _issuer_from(original: str, folded: str) -> str:
    """A typed issuer, folded, except TƯ (Trung ương) which stays apart from TU."""
    if re.fullmatch(r"[A-Za-z]*(?:TƯ|tư|Tư)", original):
        return _squash(original[:-2]) + "tw"
    return folded


def _full_pattern(m: re.Match[str], original: str, display: str) -> CodePattern:
    """A pattern for a whole code typed as one (STATE_FULL, LAW, PARTY_FULL, DASHED)."""
    groups = m.groupdict()
    issuer_span = m.span("issuer")
    issuer = _issuer_from(original[issuer_span[0] : issuer_span[1]], m["issuer"])
    # "2588/UBND-KTN" (a state code without a type) squashes the same way: "ubndktn".
    body = groups.get("body") or groups.get("type") or ""
    year = int(groups["year"]) if groups.get("year") else None
    typed = original[m.start() : m.end()]
    return CodePattern(
        int(m["num"]), year, tail=_squash(body + issuer), typed=typed, display=display
    )


def _typed_label(prepared: str, start: int, end: int) -> str:
    """The canonical spelling when the text is a code the parser reads, else as typed."""
    text = re.sub(r"\s+", "", prepared[start:end])
    for s, e, code in find_codes(prepared[start:end].strip()):
        if s == 0 and e == len(prepared[start:end].strip()):
            return code.code
    if PARTY_ISSUER.fullmatch(text.rsplit("/", 1)[-1]) and "/" in text:
        text = text.replace("TƯ", "TW")
    return text.upper() if text.islower() else text


def find_code_patterns(text: str) -> list[tuple[int, int, CodePattern]]:
    """Every code typed in `text` (a search query), with its span, without overlaps."""
    prepared = prepare_for_codes(text)
    folded = fold_aligned(prepared)
    if len(folded) != len(prepared):  # defensive: folding must keep offsets
        return []
    finder = _CodeFinder(prepared, folded)
    finder.named_codes()
    finder.whole_codes()
    finder.numbers_with_years()
    return sorted(finder.found, key=lambda item: item[0])


class _CodeFinder:
    """One query's codes, found in three passes that never overlap: names and type letters
    before a number, whole codes, then number/year alone."""

    def __init__(self, prepared: str, folded: str) -> None:
        self.prepared, self.folded = prepared, folded
        self.found: list[tuple[int, int, CodePattern]] = []

    def free(self, start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e, _ in self.found)

    def add_near_year(self, end: int, pattern: CodePattern) -> tuple[int, CodePattern]:
        """A year typed right after the code narrows it ("… năm 2016")."""
        m = _NEAR_YEAR.match(self.folded, end)
        if not m:
            return end, pattern
        year = int(m["year"])
        if not pattern.year:
            return m.end(), CodePattern(**{**pattern.__dict__, "near_year": year})
        return (m.end() if year == pattern.year else end), pattern

    def absorb_cue(self, end: int) -> int:
        """Words naming the issuer after a whole code ("… của Bộ Chính trị") belong to it."""
        for cue, value in ISSUER_CUES:
            cued = cue.match(self.folded, end) if value else None
            if cued:
                return cued.end()
        return end

    def leading_number_word(self, start: int) -> int:
        """ "số"/"mã số" before a code belong to it."""
        m = _LEADING_NUMBER_WORD.search(self.folded, 0, start)
        return m.start() if m else start

    def full_at(self, position: int) -> re.Match[str] | None:
        for pattern in (LAW, STATE_FULL, PARTY_FULL, DASHED):
            m = pattern.match(self.folded, position)
            if m:
                return m
        return None

    def issuer_after(self, end: int) -> tuple[int, str | None, bool]:
        """The issuer typed after a bare number ("29 tw", "05 của Bộ Chính trị"): the new
        end, the issuer, and whether it was named in words."""
        for cue, value in ISSUER_CUES:
            cued = cue.match(self.folded, end)
            if cued and value:
                return cued.end(), value, True
            if cued:
                raw = self.prepared[cued.start("issuer") : cued.end("issuer")]
                return cued.end(), _issuer_from(raw, cued["issuer"]), False
        return end, None, False

    def named_codes(self) -> None:
        """Names and type letters before a number: "Nghị định số 140/2016/NĐ-CP", "nq 29 tw"."""
        prepared, folded = self.prepared, self.folded
        for m in NAMED.finditer(folded):
            if not self.free(m.start(), m.end()):
                continue
            name = re.sub(r"\s+", " ", m["name"])
            if name == "da" and not prepared[m.start() : m.start() + 2].isupper():
                continue  # "đã 3 lần": a word, not Đề án 3
            inner = self.full_at(m.end())
            if inner:
                label = _typed_label(prepared, inner.start(), inner.end())
                pattern = _full_pattern(inner, prepared, label)
                pattern = CodePattern(
                    **{**pattern.__dict__, "typed": prepared[m.start() : inner.end()]}
                )
                end, pattern = self.add_near_year(self.absorb_cue(inner.end()), pattern)
                self.found.append((m.start(), end, pattern))
                continue
            number = _BARE_NUMBER.match(folded, m.end())
            if not number:
                continue
            end, issuer, named = self.issuer_after(number.end())
            pattern = CodePattern(
                int(number["num"]),
                int(number["year"]) if number["year"] else None,
                TYPE_NAMES.get(name) or (name,),
                issuer,
                issuer_named=named,
                typed=prepared[m.start() : end],
            )
            end, pattern = self.add_near_year(end, pattern)
            self.found.append((m.start(), end, pattern))

    def whole_codes(self) -> None:
        """Whole codes: "16/2017/ND-CP", "102-QD/TW", "29 - nq/tư", "72-NQ-TW", "43/2019/QH14"."""
        for regex in (LAW, STATE_FULL, PARTY_FULL, DASHED):
            for m in regex.finditer(self.folded):
                if not self.free(m.start(), m.end()):
                    continue
                label = _typed_label(self.prepared, m.start(), m.end())
                pattern = _full_pattern(m, self.prepared, label)
                end, pattern = self.add_near_year(self.absorb_cue(m.end()), pattern)
                self.found.append((self.leading_number_word(m.start()), end, pattern))

    def numbers_with_years(self) -> None:
        """Number and year alone: "140/2016" is every code numbered 140 of 2016."""
        for m in PARTIAL.finditer(self.folded):
            if self.free(m.start(), m.end()) and not _DATE_BEFORE.search(self.folded[: m.start()]):
                typed = self.prepared[m.start() : m.end()]
                pattern = CodePattern(int(m["num"]), int(m["year"]), typed=typed)
                self.found.append((self.leading_number_word(m.start()), m.end(), pattern))


def parse_code_pattern(text: str) -> CodePattern | None:
    """The pattern when `text` is one typed code and nothing else, else None."""
    stripped = prepare_for_codes(text).strip()
    found = find_code_patterns(stripped)
    if len(found) == 1 and found[0][0] == 0 and found[0][1] == len(stripped):
        return found[0][2]
    return None


def matching_codes(pattern: CodePattern, codes: list[DocumentCode]) -> list[DocumentCode]:
    """The codes among `codes` that are readings of `pattern`."""
    return [c for c in codes if pattern.matches(c)]


def typed_readings(text: str, codes: list[DocumentCode]) -> list[str] | None:
    """The codes among `codes` that `text` may mean, or None when `text` holds no code."""
    found = find_code_patterns(text)
    if not found:
        return None
    out: list[str] = []
    for _, _, pattern in found:
        out.extend(c.code for c in codes if pattern.matches(c) and c.code not in out)
    return out
