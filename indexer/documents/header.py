"""The administrative header of a Vietnamese document, from its text (typed or OCR'd).

Decree 30/2020/NĐ-CP fixes the layout every state and party office follows: the issuing
body top left with "Số: 105/BC-STC" under it; the national motto (or "ĐẢNG CỘNG SẢN VIỆT
NAM") top right with "Đắk Nông, ngày 10 tháng 6 năm 2019" under it; the document type in
capitals and its subject (trích yếu) below; the signature block at the end, the signer's
role above the signer's name. OCR reads the two header columns as one line each, left
first, so a line is cut where the right column's words begin.

Each value is taken only when its cue is found; otherwise it stays empty.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from indexer.extract.persons import SURNAMES
from indexer.text.codes import parse_code
from indexer.text.dates import make_date
from indexer.text.normalize import fold_diacritics

HEADER_LINES = 30  # the header is within a page's first lines
SIGNATURE_LINES = 40  # the signature block is within a document's last lines
MIN_HEADER_CUES = 2  # a motto, a "Số:" line, a dated place line, a type line
SUBJECT_LINE_CHARS = 100  # a longer line is body text (a subject is set short, centred)
BODY_LINE_SHARE = 0.9  # ...and so is a line this close to the page's full line width
_SPECKS = "_|¬‹›ˆ~`"  # what OCR reads from dust and rules at the edge of a line
# How the body opens under the subject (folded, without spaces).
_BODY_OPENINGS = ("cancu", "kinhgui", "thuchien", "ngay", "theo", "noinhan", "trong", "nham")

# Folded, without spaces: the right column's openings and the motto lines.
_MOTTO = ("conghoaxahoi", "chunghiavietnam", "doclap", "tudo", "hanhphuc", "dangcongsanvietnam")
_RIGHT_START = re.compile(
    r"(C[ỘO]NG\s*H[OÒ]\S*\s*X[ÃA]\s*H[ỘỌO]I|ĐẢNG\s*CỘNG\s*SẢN|Độc\s*l[ậâa]p|"
    r"(?<![\w/-])(?:[A-ZĐÀ-Ỹ][\w'’]*\.?\s*){1,4}[,.]\s*ngày\b)",
)
_NUMBER_LINE = re.compile(r"^\W{0,3}S[ốôóo6]\s*[:;.]?\s*(?P<rest>.{0,60})", re.I)
# What follows "Số:": the number (may be blank or unreadable), a year for state legal
# documents ("05/2019/NQ-HĐND"), then the type and issuer.
_CODE_TAIL = re.compile(
    r"^(?P<number>[^/\-]{0,12}?)\s*(?P<sep>[/-])\s*(?:(?P<year>(?:19|20)\d\d)\s*/\s*)?"
    r"(?P<tail>[A-ZĐ][\wĐđ&]*(?:\s*[-/]\s*[\wĐđ&]+){0,4})"
)
_DATE = re.compile(
    r"ng[àa]y\s*[/.]?(?P<d>[0-9OoIl|]{1,2})\s*th[áa]ng\s*(?P<m>[0-9OoIl|]{1,2})\s*n[ăa]m\s*"
    r"(?P<y>(?:19|20)\d\d)",
    re.I,
)
_OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1"})
# Document types as printed in capitals, longest first; their names as the UI writes them.
DOC_TYPES = {
    "NGHỊ QUYẾT": "Nghị quyết",
    "QUYẾT ĐỊNH": "Quyết định",
    "CHỈ THỊ": "Chỉ thị",
    "KẾT LUẬN": "Kết luận",
    "QUY ĐỊNH": "Quy định",
    "QUY CHẾ": "Quy chế",
    "HƯỚNG DẪN": "Hướng dẫn",
    "THÔNG BÁO": "Thông báo",
    "BÁO CÁO": "Báo cáo",
    "KẾ HOẠCH": "Kế hoạch",
    "CHƯƠNG TRÌNH": "Chương trình",
    "CÔNG VĂN": "Công văn",
    "TỜ TRÌNH": "Tờ trình",
    "PHIẾU TRÌNH": "Phiếu trình",
    "GIẤY MỜI": "Giấy mời",
    "BIÊN BẢN": "Biên bản",
    "ĐỀ ÁN": "Đề án",
    "PHƯƠNG ÁN": "Phương án",
    "DỰ ÁN": "Dự án",
    "NGHỊ ĐỊNH": "Nghị định",
    "THÔNG TƯ": "Thông tư",
    "LUẬT": "Luật",
    "LỊCH": "Lịch",
    "DANH SÁCH": "Danh sách",
    "PHỤ LỤC": "Phụ lục",
}
_FOLDED_TYPES = {fold_diacritics(k).replace(" ", ""): v for k, v in DOC_TYPES.items()}
# Role lines of a signature block ("KT. CHỦ TỊCH", "PHÓ GIÁM ĐỐC", "T/M BAN THƯỜNG VỤ").
_ROLE_WORDS = re.compile(
    r"\b(?:CHỦ\s+TỊCH|GIÁM\s+ĐỐC|BÍ\s+THƯ|TRƯỞNG\s+BAN|PHÓ\s+BAN|CHÁNH\s+(?:THANH\s+TRA|VĂN\s+PHÒNG)|"
    r"THANH\s+TRA|TRƯỞNG\s+PHÒNG|CHỦ\s+NHIỆM|TỔNG\s+BIÊN\s+TẬP|THỦ\s+TRƯỞNG|HIỆU\s+TRƯỞNG|"
    r"VIỆN\s+TRƯỞNG|CỤC\s+TRƯỞNG|BỘ\s+TRƯỞNG|THỦ\s+TƯỚNG|TRƯỞNG|PHÓ\s+\w+|"
    r"T\.?\s*M\.?|K\.?\s*T\.?|T\.?\s*L\.?|T\.?\s*U\.?[Q]?\.?|Q\.\s*\w+)",
)
# A signer's role line, whole: an office title and the body it heads, in capitals.
_ROLE_LINE = re.compile(
    r"(?:PHÓ\s+)?(?:CHỦ\s+TỊCH|GIÁM\s+ĐỐC|BÍ\s+THƯ|TRƯỞNG\s+BAN|CHÁNH\s+THANH\s+TRA|"
    r"CHÁNH\s+VĂN\s+PHÒNG|TRƯỞNG\s+PHÒNG|CHỦ\s+NHIỆM|TỔNG\s+BIÊN\s+TẬP|HIỆU\s+TRƯỞNG|"
    r"VIỆN\s+TRƯỞNG|CỤC\s+TRƯỞNG|BỘ\s+TRƯỞNG|THỦ\s+TƯỚNG|THỦ\s+TRƯỞNG|TRƯỞNG\s+ĐOÀN)"
    r"(?:\s+[A-ZĐÀ-Ỹ]+){0,6}"
)
_SIGN_PREFIX = re.compile(r"^\s*(?:KT|TM|TL|TUQ|Q|T/M|K/T|T/L)\s*[./]\s*", re.I)
_NAME_SYLLABLE = r"[A-ZĐÀ-Ỹ][a-zđà-ỹ]+"
_NAME_AT_END = re.compile(rf"({_NAME_SYLLABLE}(?:\s+{_NAME_SYLLABLE}){{1,4}})\s*\.?\s*$")
# A number in a file's name with the letters of a document type beside it: "217-TB-…",
# "220BCUB_2019", "052019NQ-HDND" (number, year, type), "TB75signed" (type, number).
_FILE_NUMBER = re.compile(
    r"(?<![0-9])(?P<number>\d{1,4}?)(?P<year>(?:19|20)\d\d)?\s*[-_ ]?\s*(?P<type>[A-Za-zĐđ]{2,5})"
    r"|(?P<type_first>[A-Za-zĐđ]{2,5})[-_ ]?(?P<number_after>\d{1,4})(?![0-9])"
)
# A file named by its number first ("51PTN_2019", "808-UBND-VPsigned"): that is the number.
_LEADING_NUMBER = re.compile(r"^(?P<number>\d{1,4})(?=[-_ ]?[A-Za-zĐđ])")


@dataclass
class Header:
    """What a document says about itself; every value is None when its cue is missing."""

    code: str | None = None
    date: date | None = None
    issuer: str | None = None  # the issuing body as printed, its lines joined by " – "
    doc_type: str | None = None  # "Báo cáo", "Quyết định"…
    subject: str | None = None  # the trích yếu
    signer: str | None = None
    signer_role: str | None = None
    place: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def title(self) -> str | None:
        """ "Báo cáo: Kết quả tiếp công dân tháng 5 năm 2019" (type and subject), or None."""
        if self.doc_type and self.subject:
            return f"{self.doc_type}: {self.subject}"
        return self.subject or None


def _folded(text: str) -> str:
    return fold_diacritics(unicodedata.normalize("NFC", text)).replace(" ", "")


def is_motto(line: str) -> bool:
    folded = _folded(line)
    return any(m in folded for m in _MOTTO)


def split_columns(line: str) -> tuple[str, str]:
    """A header line cut into its left and right columns (the right may be empty)."""
    match = _RIGHT_START.search(line)
    if match is None or match.start() == 0:
        return (line.strip(), "") if match is None else ("", line.strip())
    return line[: match.start()].strip(" _-—|"), line[match.start() :].strip()


def header_lines(text: str) -> list[str]:
    """A page's first lines, each column on its own line; "" marks a blank line (it ends
    the subject), and blank lines at the start are dropped."""
    lines: list[str] = []
    for raw in text.splitlines():
        if not raw.strip():
            if lines and lines[-1]:
                lines.append("")
            continue
        left, right = split_columns(_trim_noise(raw))
        lines += [part for part in (left, right) if part]
        if len(lines) >= HEADER_LINES:
            break
    return lines


def _trim_noise(line: str) -> str:
    """A line without the specks OCR reads at its edges ("BÁO CÁO _ |" is "BÁO CÁO")."""
    words = line.split()
    while words and not any(ch.isalnum() for ch in words[0]):
        words.pop(0)
    while words and not any(ch.isalnum() for ch in words[-1]):
        words.pop()
    return " ".join(words).strip(_SPECKS)


def starts_document(page_text: str) -> bool:
    """A page that opens a document: its first lines hold the motto and a "Số:" line or a
    dated place line (a later document in the same file; an appendix has neither)."""
    lines = [line for line in header_lines(page_text) if line][:12]
    motto = any(is_motto(line) for line in lines)
    numbered = any(_NUMBER_LINE.match(line) for line in lines)
    dated = any(_DATE.search(line) for line in lines)
    return motto and (numbered or dated)


def read_header(
    first_page: str, last_lines: list[str], file_name: str = "", ocr: bool = False
) -> Header:
    """The header of one document: its first page's text and its last lines (signature).
    `ocr`: the first page was read by OCR (its handwritten number is not trusted alone)."""
    header = Header()
    lines = header_lines(first_page)
    cues = 0
    motto_seen = any(is_motto(line) for line in lines)
    cues += motto_seen
    type_at = _type_line(lines)
    issuer_lines: list[str] = []
    for index, line in enumerate(lines[: type_at if type_at is not None else len(lines)]):
        if not line:
            continue
        number = _NUMBER_LINE.match(line)
        if number and header.code is None and _CODE_TAIL.match(number.group("rest")):
            header.code, note = _code(number.group("rest"), file_name, ocr)
            header.notes += note
            cues += 1
            issuer_lines = [
                candidate for candidate in lines[:index] if candidate and _issuer_line(candidate)
            ] or issuer_lines
        dated = _DATE.search(line)
        place = _place(line[: dated.start()]) if dated else None
        if dated and place and header.date is None:  # "Đắk Nông, ngày …", not a cited date
            header.date, header.place = _date(dated), place
            cues += 1
    if type_at is not None:
        cues += 1
        header.doc_type = _FOLDED_TYPES.get(_folded(lines[type_at]))
        header.subject = _subject(lines, type_at)
    elif motto_seen:
        header.subject = _vv_subject(lines) or _heading_subject(lines)
    if cues < MIN_HEADER_CUES:
        return Header()
    header.issuer = " – ".join(issuer_lines[-3:]) or None
    header.signer, header.signer_role = read_signature(last_lines)
    if header.date is None:  # forms that date the signature block instead of the header
        header.date = _closing_date(last_lines[-SIGNATURE_LINES:])
    return header


def _closing_date(lines: list[str]) -> date | None:
    """The date of a "Đắk Nông, ngày 24 tháng 4 năm 2019" line above the signature."""
    for line in lines:
        dated = _DATE.search(line)
        if dated and _place(line[: dated.start()].split(":")[-1].split(";")[-1]):
            return _date(dated)
    return None


def _type_line(lines: list[str]) -> int | None:
    """The index of the line that is the document's type in capitals ("BÁO CÁO")."""
    for index, line in enumerate(lines):
        if index == 0 or not line or is_motto(line):
            continue
        bare = line.strip(" :.")
        if _folded(bare) in _FOLDED_TYPES and bare.upper() == bare:
            return index
    return None


def _subject(lines: list[str], type_at: int) -> str | None:
    """The lines under the type, up to the first line that is body text or a cue."""
    widths = sorted(len(line) for line in lines if line)
    full = widths[int(len(widths) * 0.8)] if widths else 0
    taken: list[str] = []
    for line in lines[type_at + 1 : type_at + 6]:
        if not line:
            if taken:
                break
            continue
        folded = _folded(line)
        if (
            folded.startswith(_BODY_OPENINGS)
            or line.rstrip().endswith((";", ":"))
            or (taken and line.rstrip().endswith("."))
            or len(line) > SUBJECT_LINE_CHARS
            or (taken and len(line) >= BODY_LINE_SHARE * full)
            or is_motto(line)
            or _NUMBER_LINE.match(line)
        ):
            break
        taken.append(line.strip())
        if len(" ".join(taken)) > 240:
            break
    subject = " ".join(taken).strip(" -—:")
    return _tidy(subject) or None


def _vv_subject(lines: list[str]) -> str | None:
    """A công văn has no type line: its subject is the "V/v …" line under the number."""
    for index, line in enumerate(lines):
        if re.match(r"^\s*V/?v\b", line, re.I):
            taken = [line.strip()]
            for more in lines[index + 1 : index + 4]:
                if (
                    not more
                    or more.strip().startswith(("Kính gửi", "Căn cứ"))
                    or more.rstrip().endswith(":")
                ):
                    break
                taken.append(more.strip())
            return _tidy(" ".join(taken))
    return None


def _heading_subject(lines: list[str]) -> str | None:
    """A document with no type line ("TỔNG HỢP KẾT QUẢ …"): its first heading in capitals
    under the header block, as printed."""
    last_cue = max(
        (i for i, line in enumerate(lines) if _NUMBER_LINE.match(line) or _DATE.search(line)),
        default=None,
    )
    if last_cue is None:
        return None
    taken: list[str] = []
    for line in lines[last_cue + 1 :]:
        if not line:
            if taken:
                break
            continue
        if is_motto(line):
            continue
        letters = [ch for ch in line if ch.isalpha()]
        if not letters or sum(ch.isupper() for ch in letters) < 0.9 * len(letters):
            break
        taken.append(line.strip())
    subject = " ".join(taken)
    return _tidy(subject) if len(subject.split()) >= 3 else None


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text[0].upper() + text[1:] if text and text[0].islower() else text


def _issuer_line(line: str) -> bool:
    """A line of the issuing body: capitals, not the motto, not a number or date line."""
    stripped = line.strip(" _-—|")
    letters = [ch for ch in stripped if ch.isalpha()]
    return (
        len(letters) >= 3
        and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)
        and not is_motto(stripped)
        and not _NUMBER_LINE.match(stripped)
        and _folded(stripped) not in _FOLDED_TYPES
    )


def _digits(raw: str) -> int | None:
    """A printed number as OCR read it ("O2" is 02); None unless it holds a real digit
    (a lone "|" or "I" is a handwritten digit OCR could not read)."""
    cleaned = raw.translate(_OCR_DIGITS).strip()
    if not cleaned.isdigit() or not any(ch.isdigit() for ch in raw):
        return None
    return int(cleaned)


def _date(match: re.Match[str]) -> date | None:
    day, month = _digits(match.group("d")), _digits(match.group("m"))
    if day is None or month is None:
        return None
    return make_date(int(match.group("y")), month, day)


def _place(before: str) -> str | None:
    """The place of a place-date line ("Đắk Nông" of "Đắk Nông, ngày …"), or None when
    the date follows anything else (a cited document's date: "Tờ trình số 156 ngày …")."""
    place = before.strip(" ,.-—_")
    words = place.split()
    if not 1 <= len(words) <= 5 or len(place) > 40:
        return None
    return place if all(w[:1].isupper() for w in words) else None


def _code(rest: str, file_name: str, ocr: bool) -> tuple[str | None, list[str]]:
    """The code after "Số:". On a scan the number is usually written by hand, and OCR
    misreads handwriting even when it is sure of itself (17 of the 18 labelled real scans;
    "443" read as "43", "51" as "54"): there the number is taken only from the file's
    name, since clerks name files by number, and the code is left out otherwise."""
    match = _CODE_TAIL.match(rest)
    assert match is not None
    tail = re.sub(r"\s+", "", match.group("tail")).rstrip(".,;")
    raw_number = match.group("number").strip(" .")
    printed = _digits(raw_number) if raw_number else None
    year = match.group("year")
    note: list[str] = []
    if ocr:
        number_from_name = _number_from_name(file_name, tail, year)
        if number_from_name is None:
            return None, ["số văn bản trên bản scan (thường viết tay) không đọc chắc được"]
        number = str(number_from_name).zfill(2)
        if number_from_name != printed:
            note = ["số văn bản lấy từ tên tệp (số trên bản scan viết tay)"]
    elif printed is not None:
        number = raw_number if raw_number.isdigit() else str(printed)
    elif raw_number:
        return None, ["số văn bản không đọc được"]
    else:
        return None, ["số văn bản để trống"]
    middle = f"{year}/" if year else ""
    parsed = parse_code(f"{number}{match.group('sep')}{middle}{tail}")
    return (parsed.code, note) if parsed else (None, [])


def _number_from_name(file_name: str, tail: str, year: str | None) -> int | None:
    """The number a file's name gives: beside the code's type ("217-TB-…", "220BCUB_2019",
    "052019NQ-HDND" with the code's year, "TB75signed"), or first in the name ("51PTN")."""
    stem = PurePosixPath(unquote(urlsplit(file_name).path) or file_name).stem
    wanted = _folded(re.split(r"[-/]", tail)[0]).lower()
    if not stem or not wanted:
        return None
    for match in _FILE_NUMBER.finditer(stem):
        found_type = match.group("type") or match.group("type_first")
        if not _folded(found_type).lower().startswith(wanted):
            continue
        if match.group("year") and match.group("year") != year:
            continue
        return int(match.group("number") or match.group("number_after"))
    leading = _LEADING_NUMBER.match(stem)
    return int(leading.group("number")) if leading else None


def read_signature(lines: list[str]) -> tuple[str | None, str | None]:
    """(signer, role) from a document's last lines: the role lines of the signature block,
    then a name that starts with a Vietnamese surname."""
    tail = [line for line in lines[-SIGNATURE_LINES:] if line.strip()]
    role_lines: list[str] = []
    for line in tail:
        right = line.split("Nơi nhận")[-1]
        role = _role_of(right)
        if role:
            role_lines.append(role)
            continue
        if role_lines:
            name = _NAME_AT_END.search(line.strip())
            if name and name.group(1).split()[0] in SURNAMES:
                return name.group(1), _role_text(role_lines)
    return None, None


def _role_of(line: str) -> str | None:
    """A signature block's role line ("KT. CHỦ TỊCH", "PHÓ GIÁM ĐỐC") found in `line`."""
    caps = re.findall(r"(?:[A-ZĐÀ-Ỹ./]+\s*)+", line)
    for run in caps:
        run = run.strip()
        letters = [ch for ch in run if ch.isalpha()]
        if len(letters) >= 5 and _ROLE_WORDS.search(run) and not is_motto(run):
            return run
    return None


def _role_text(role_lines: list[str]) -> str | None:
    """The signer's own role: the last role line, as the UI writes it ("Phó Chủ tịch"),
    when it is made only of the words of office titles; None otherwise (OCR noise)."""
    last = _SIGN_PREFIX.sub("", role_lines[-1]).strip(" .,:")
    if not last or not _ROLE_LINE.fullmatch(last):
        return None
    return last[:1].upper() + last[1:].lower()
