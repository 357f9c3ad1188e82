"""A read document to an article record: header to fields, pages to paragraphs.

The record is searchable like an article: its title is the document's type and subject,
its date the date of issue, its codes start with its own số/ký hiệu, and its signer is a
person with the role "người ký". A file that holds several documents (a resolution and
its appendix, a report and a later notice) takes its header from the first; the others'
codes, dates and subjects are listed, and all their text is searchable.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from indexer.documents.header import Header, read_header, starts_document
from indexer.documents.pages import OCR, DocumentText
from indexer.extract.persons import Person, extract_persons
from indexer.record import ArticleRecord, DocumentInfo
from indexer.text.codes import extract_codes, parse_code
from indexer.text.dates import make_date
from indexer.text.normalize import normalize_text

SIGNER_ROLE = "người ký"
# "18.06.2019 16:33:44 +07:00": the time of a digital signature stamped on a scan.
_SIGNED_AT = re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d\d)\s+\d{1,2}:\d{2}")
SHORT_LINE = 0.7  # a line shorter than this share of the usual width ends its paragraph
_SENTENCE_END = re.compile(r"[.:;!?…]\W{0,2}$")
_LINE_OPENS_ITEM = re.compile(r"^\s*(?:[-+•*–]|\d{1,2}[.)]|[a-zđ][.)]|[IVX]{1,4}\.)\s")


def paragraphs_of(text: str) -> list[str]:
    """Lines joined into paragraphs. A paragraph ends at a blank line, at a line that stops
    well short of the page's usual line width, at a heading in capitals, and where a
    sentence ends and the next line opens a list item or a capitalised sentence."""
    lines = [normalize_text(raw).strip() for raw in text.splitlines()]
    widths = sorted(len(line) for line in lines if line)
    full = widths[int(len(widths) * 0.8)] if widths else 0
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if current and (
            not line
            or _ends_paragraph(current[-1], full)
            or _LINE_OPENS_ITEM.match(line)
            or _is_capitals(line)
            or (_SENTENCE_END.search(current[-1]) and line[:1].isupper())
        ):
            paragraphs.append(" ".join(current))
            current = []
        if line:
            current.append(line)
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def _ends_paragraph(line: str, full: int) -> bool:
    return len(line) < SHORT_LINE * full or _is_capitals(line)


def _is_capitals(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 3 and all(ch.isupper() for ch in letters)


def file_title(name: str) -> str:
    """A title from a file's name when the document has no header: "120QD Noi quy…"."""
    stem = PurePosixPath(unquote(urlsplit(name).path) or name).stem
    return normalize_text(re.sub(r"[_+]+", " ", stem)).strip()


def document_record(
    text: DocumentText, path: str, url: str | None, size: int, file_name: str
) -> ArticleRecord:
    """The record of one read file."""
    parts = _documents(text)
    first_page, last_lines = parts[0]
    ocr_header = bool(text.pages) and text.pages[0].source == OCR
    header = read_header(first_page, last_lines, file_name, ocr=ocr_header)
    if ocr_header:
        stamps = text.stamps + [page.text for page in text.pages if page.source == OCR]
        header.date = _issue_date(header.date, stamps, header.notes)
    body: list[str] = []
    page_starts: list[int] = []
    for page in text.pages:
        page_starts.append(len(body))
        body += paragraphs_of(page.text)
    info = DocumentInfo(
        format=text.format,
        pages=text.page_count,
        ocr_pages=text.ocr_pages,
        size=size,
        scan=text.is_scan,
        file_name=PurePosixPath(unquote(urlsplit(file_name).path) or file_name).name,
        own_code=header.code,
        doc_type=header.doc_type,
        issuer_name=header.issuer,
        signer=header.signer,
        signer_role=header.signer_role,
        page_starts=page_starts if len(text.pages) > 1 else [],
        others=[_other(first, last) for first, last in parts[1:]],
        notes=text.notes + header.notes,
    )
    record = ArticleRecord(
        path=path,
        url=url,
        title=header.title or file_title(file_name or path),
        body=body,
        published=header.date,
        kind="document",
        document=info,
        confidence="found" if body else "none",
    )
    _enrich(record, header)
    return record


def stamp_date(stamps: list[str]) -> date | None:
    """The day a scan was signed digitally ("Thời gian ký: 18.06.2019 16:33:44 +07:00")."""
    for stamp in stamps:
        found = _SIGNED_AT.search(stamp)
        if found:
            return make_date(int(found["y"]), int(found["m"]), int(found["d"]))
    return None


def _issue_date(read: date | None, stamps: list[str], notes: list[str]) -> date | None:
    """A scan's date of issue. Its day is usually written by hand, which OCR misreads;
    offices sign the scan digitally the day they issue it, so the signature's day is the
    date, and without a signature it is left out."""
    signed = stamp_date(stamps)
    if signed is not None:
        if signed != read:
            notes.append("ngày ban hành lấy từ chữ ký số của bản scan")
        return signed
    if read is not None:
        notes.append("ngày trên bản scan (thường viết tay) không đọc chắc được")
    return None


def _documents(text: DocumentText) -> list[tuple[str, list[str]]]:
    """(first page text, last lines) of each document the file holds, in order."""
    starts = [0] + [i for i, page in enumerate(text.pages) if i > 0 and starts_document(page.text)]
    parts = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(text.pages)
        pages = text.pages[start:end]
        last = pages[-1].text.splitlines() if pages else []
        parts.append((pages[0].text if pages else "", last))
    return parts


def _other(first_page: str, last_lines: list[str]) -> dict:
    header = read_header(first_page, last_lines)
    return {
        "code": header.code,
        "date": header.date.isoformat() if header.date else None,
        "title": header.title,
        "signer": header.signer,
    }


def _enrich(record: ArticleRecord, header: Header) -> None:
    """Codes (its own first), persons (the signer first, as "người ký") found in the text."""
    text = record.title + "\n" + record.body_text
    codes, references = extract_codes(text)
    own = parse_code(header.code) if header.code else None
    if own is not None:
        codes = [own, *[c for c in codes if c.code != own.code]]
    record.codes, record.references = codes, references
    persons = extract_persons(record.body_text) if record.body_text.strip() else []
    if header.signer:
        roles = [SIGNER_ROLE] + ([header.signer_role] if header.signer_role else [])
        persons = [p for p in persons if p.name != header.signer]
        persons.insert(0, Person(header.signer, roles))
    record.persons = persons
