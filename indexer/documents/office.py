"""Word, OpenDocument, RTF and spreadsheet files to text, each with the tool that reads it.

- DOCX: python-docx, body paragraphs and tables in document order, then the headers and
  footers (the number, date and signature of an administrative document often sit in
  tables);
- DOC (Word 97-2003): Debian's antiword, which kept every paragraph of the real files
  where catdoc lost list items; catdoc is the fallback when antiword refuses a file;
- ODT and ODS: their content.xml, read directly (the paragraphs and table cells);
- RTF: striprtf; XLSX: openpyxl; XLS: xls2csv (Debian's catdoc package).

Tables of one or two columns are page layout (the header block, the signature block): they
are read column by column, so that "Số: …" follows its issuer and the signer's name follows
the role above it. Wider tables are data, read row by row.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator

from lxml import etree

from indexer.documents.formats import DocumentError
from indexer.documents.pages import TEXT, Page
from indexer.documents.settings import DocumentSettings
from indexer.text.legacy_fonts import fix_legacy_text
from indexer.text.normalize import nfc

_NAMES = {
    "docx": "Word (DOCX)",
    "doc": "Word (DOC)",
    "odt": "OpenDocument",
    "ods": "OpenDocument",
    "rtf": "RTF",
    "xlsx": "Excel (XLSX)",
    "xls": "Excel (XLS)",
}
LAYOUT_COLUMNS = 2  # a table this narrow is layout, read column by column
MAX_SHEET_CELLS = 200_000  # cells read from one spreadsheet
_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def read_office(fmt: str, data: bytes, settings: DocumentSettings) -> tuple[list[Page], list[str]]:
    """The pages (one: these formats have no fixed pages) and notes of a non-PDF file."""
    readers = {
        "docx": _docx_lines,
        "doc": _doc_lines,
        "odt": _odf_lines,
        "ods": _odf_lines,
        "rtf": _rtf_lines,
        "xlsx": _xlsx_lines,
        "xls": _xls_lines,
    }
    if fmt in ("docx", "odt", "ods", "xlsx"):
        check_zip(data, settings)
    try:
        lines = readers[fmt](data, settings)
    except DocumentError:
        raise
    except Exception as error:  # noqa: BLE001 - the readers fail in many ways on broken files
        raise DocumentError(
            f"tệp {_NAMES[fmt]} hỏng, không đọc được ({type(error).__name__})"
        ) from error
    text = fix_legacy_text(nfc("\n".join(line.rstrip() for line in lines)))
    return [Page(1, text.strip(), TEXT)], []


def check_zip(data: bytes, settings: DocumentSettings) -> None:
    """Refuse a zip-based file that is broken or unpacks to more than the limit (a bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise DocumentError("tệp hỏng hoặc không đầy đủ (không mở được gói zip)") from error
    unpacked = sum(info.file_size for info in infos)
    if unpacked > settings.max_unpacked_bytes:
        raise DocumentError(
            f"tệp giải nén ra {unpacked // (1024 * 1024)} MB, quá giới hạn "
            f"{settings.max_unpacked_bytes // (1024 * 1024)} MB (VANKIEN_DOCUMENT_MAX_UNPACKED)"
        )


def table_lines(rows: list[list[str]]) -> Iterator[str]:
    """A table's text: column by column when it is layout, row by row when it is data."""
    width = max((len(row) for row in rows), default=0)
    if width <= LAYOUT_COLUMNS:
        for column in range(width):
            for row in rows:
                if column < len(row) and row[column].strip():
                    yield from row[column].splitlines()
        return
    for row in rows:
        cells = [" ".join(cell.split()) for cell in row]
        if any(cells):
            yield " | ".join(cells)


# Where each zip-based format keeps its pictures, and the pictures OCR can read.
_PICTURE_FOLDERS = {"docx": "word/media/", "odt": "Pictures/"}
_PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif")


def embedded_images(fmt: str, data: bytes, settings: DocumentSettings) -> list[bytes]:
    """The pictures of a Word or OpenDocument file, in their order inside it (a file of
    scanned pages pasted as pictures has no text of its own)."""
    folder = _PICTURE_FOLDERS.get(fmt)
    if folder is None:
        return []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sorted(
            (i for i in archive.infolist() if i.filename.startswith(folder)),
            key=lambda i: _natural(i.filename),
        )
        return [
            archive.read(info)
            for info in names
            if info.filename.lower().endswith(_PICTURE_SUFFIXES)
            and info.file_size <= settings.max_unpacked_bytes
        ][: settings.ocr_max_pages]


def _natural(name: str) -> list:
    """ "image10.png" after "image9.png"."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


# -- DOCX --------------------------------------------------------------------------------


def _docx_lines(data: bytes, settings: DocumentSettings) -> list[str]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError) as error:
        raise DocumentError("tệp Word (DOCX) hỏng, không đọc được") from error
    lines = list(_docx_blocks(document))
    for section in document.sections:
        for part in (section.header, section.footer):
            if not part.is_linked_to_previous:
                lines.extend(_docx_blocks(part))
    return lines


def _docx_blocks(container) -> Iterator[str]:  # noqa: ANN001 - a python-docx block container
    for block in container.iter_inner_content():
        if hasattr(block, "rows"):  # a table
            rows = []
            for row in block.rows:
                rows.append(["\n".join(_docx_blocks(cell)) for cell in _unique_cells(row)])
            yield from table_lines(rows)
        else:
            yield block.text


def _unique_cells(row) -> list:  # noqa: ANN001
    """A row's cells, a merged cell once (python-docx repeats it for each grid column)."""
    seen: list = []
    for cell in row.cells:
        if not any(cell._tc is other._tc for other in seen):
            seen.append(cell)
    return seen


# -- DOC ---------------------------------------------------------------------------------


def _doc_lines(data: bytes, settings: DocumentSettings) -> list[str]:
    with tempfile.NamedTemporaryFile(suffix=".doc") as temp:
        temp.write(data)
        temp.flush()
        text = _run_tool(["antiword", "-m", "UTF-8.txt", "-w", "0", temp.name], settings)
        if text is None or not text.strip():
            text = _run_tool(["catdoc", "-d", "utf-8", "-w", temp.name], settings)
    if text is None:
        raise DocumentError(
            "không đọc được tệp Word 97-2003 (DOC): chưa cài antiword/catdoc, hoặc tệp hỏng"
        )
    return list(_antiword_tables(text.splitlines()))


def _run_tool(command: list[str], settings: DocumentSettings) -> str | None:
    """A converter's output, or None when it is missing, fails or takes too long."""
    if shutil.which(command[0]) is None:
        return None
    try:
        done = subprocess.run(
            command, capture_output=True, timeout=settings.tool_seconds, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "replace")


def _antiword_tables(lines: list[str]) -> Iterator[str]:
    """antiword draws a table as "|cell|cell|" lines; give its cells as `table_lines` does."""
    table: list[list[str]] = []
    for line in [*lines, ""]:
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            table.append([cell.strip() for cell in stripped[1:-1].split("|")])
            continue
        if table:
            yield from _wrapped_table(table)
            table = []
        yield line


def _wrapped_table(rows: list[list[str]]) -> Iterator[str]:
    """antiword wraps a cell over several lines: a layout table's columns are joined back."""
    width = max(len(row) for row in rows)
    if width <= LAYOUT_COLUMNS:
        for column in range(width):
            for row in rows:
                if column < len(row) and row[column]:
                    yield row[column]
        return
    yield from table_lines(rows)


# -- OpenDocument ------------------------------------------------------------------------

_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


def _odf_lines(data: bytes, settings: DocumentSettings) -> list[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("content.xml") as entry:
            root = etree.fromstring(entry.read(settings.max_unpacked_bytes), parser=_XML)
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, OSError) as error:
        raise DocumentError("tệp OpenDocument hỏng, không đọc được") from error
    return list(_odf_blocks(root))


def _odf_blocks(element: etree._Element) -> Iterator[str]:
    for child in element:
        if child.tag == f"{{{_TABLE_NS}}}table":
            rows = [
                ["\n".join(_odf_blocks(cell)) for cell in row.iter(f"{{{_TABLE_NS}}}table-cell")]
                for row in child.iter(f"{{{_TABLE_NS}}}table-row")
            ]
            yield from table_lines(rows)
        elif child.tag in (f"{{{_TEXT_NS}}}p", f"{{{_TEXT_NS}}}h"):
            yield _odf_text(child)
        else:
            yield from _odf_blocks(child)


def _odf_text(paragraph: etree._Element) -> str:
    parts = []
    for node in paragraph.iter():
        if node.tag == f"{{{_TEXT_NS}}}s":
            parts.append(" " * int(node.get(f"{{{_TEXT_NS}}}c", "1") or 1))
        elif node.tag in (f"{{{_TEXT_NS}}}tab", f"{{{_TEXT_NS}}}line-break"):
            parts.append(" ")
        if (
            node.text
            and node is not paragraph
            and node.tag != f"{{{_TEXT_NS}}}s"
            or node is paragraph
            and node.text
        ):
            parts.append(node.text)
        if node is not paragraph and node.tail:
            parts.append(node.tail)
    return "".join(parts)


# -- RTF and spreadsheets ----------------------------------------------------------------


def _rtf_lines(data: bytes, settings: DocumentSettings) -> list[str]:
    from striprtf.striprtf import rtf_to_text

    try:
        text = rtf_to_text(data.decode("latin-1"), encoding="cp1258", errors="replace")
    except (ValueError, IndexError, LookupError) as error:
        raise DocumentError("tệp RTF hỏng, không đọc được") from error
    return text.splitlines()


def _xlsx_lines(data: bytes, settings: DocumentSettings) -> list[str]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise DocumentError("tệp Excel (XLSX) hỏng, không đọc được") from error
    lines, cells = [], 0
    for sheet in workbook.worksheets:
        lines.append(sheet.title)
        for row in sheet.iter_rows(values_only=True):
            values = [str(v).strip() for v in row if v is not None and str(v).strip()]
            cells += len(row)
            if values:
                lines.append(" | ".join(values))
            if cells > MAX_SHEET_CELLS:
                workbook.close()
                return lines
    workbook.close()
    return lines


def _xls_lines(data: bytes, settings: DocumentSettings) -> list[str]:
    with tempfile.NamedTemporaryFile(suffix=".xls") as temp:
        temp.write(data)
        temp.flush()
        text = _run_tool(["xls2csv", "-d", "utf-8", temp.name], settings)
    if text is None:
        raise DocumentError(
            "không đọc được tệp Excel 97-2003 (XLS): chưa cài catdoc, hoặc tệp hỏng"
        )
    lines = []
    for row in text.splitlines()[:MAX_SHEET_CELLS]:
        values = [v.strip().strip('"') for v in row.split(",")]
        if any(values):
            lines.append(" | ".join(v for v in values if v))
    return lines
