"""Which kind of document a file is, from its first bytes (never from its name alone)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

# Suffixes of the attachments committee sites link ("Xem chi tiết tại đây").
ATTACHMENT_SUFFIXES = frozenset({".pdf", ".doc", ".docx", ".odt", ".rtf", ".xls", ".xlsx", ".ods"})
# Content types that announce such a file (servers also send octet-stream: then the bytes tell).
ATTACHMENT_TYPES = frozenset(
    {
        "application/pdf",
        "application/x-pdf",
        "application/msword",
        "application/rtf",
        "text/rtf",
        "application/vnd.ms-excel",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
)
# Folders that portals keep attachments in, whatever the link's suffix says.
_ATTACHMENT_PATH = re.compile(
    r"/(?:attachments?|filedinhkem|file-?dinh-?kem|uploads?/files?)/", re.I
)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003, Excel 97-2003 (compound file)

# What `document_format` answers; "word" and "sheet" group the formats the UI names alike.
FORMATS = ("pdf", "docx", "doc", "odt", "rtf", "xlsx", "xls", "ods")


class DocumentError(Exception):
    """A document that cannot be read; the message says why, in Vietnamese."""


def looks_like_attachment_url(url: str) -> bool:
    """A link to an attached file: by its suffix, or by the folder portals keep them in."""
    path = unquote(urlsplit(url).path)
    if PurePosixPath(path).suffix.lower() in ATTACHMENT_SUFFIXES:
        return True
    return bool(_ATTACHMENT_PATH.search(path)) and "." in PurePosixPath(path).name


def is_attachment_type(content_type: str) -> bool:
    """A Content-Type that announces a document (parameters ignored)."""
    return content_type.split(";")[0].strip().lower() in ATTACHMENT_TYPES


def document_format(data: bytes) -> str | None:
    """ "pdf", "docx", "doc", "odt", "rtf", "xlsx", "xls", "ods" by the file's own bytes, or None.

    A PDF may carry a few bytes of junk before `%PDF` (portals' upload scripts do): the
    marker is looked for in the first kilobyte, as PDF readers do."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(_OLE):
        return _ole_format(data)
    if data.startswith(b"{\\rtf"):
        return "rtf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_format(data)
    return None


def _ole_format(data: bytes) -> str:
    """Word or Excel 97-2003: the compound file's stream names tell them apart."""
    sample = data[: 512 * 1024]
    workbook = "Workbook".encode("utf-16-le") in sample or "Book".encode("utf-16-le") in sample
    if workbook and "WordDocument".encode("utf-16-le") not in sample:
        return "xls"
    return "doc"


def _zip_format(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as entry:  # read a little: it may be a bomb
                    mimetype = entry.read(100).decode("ascii", "replace").strip()
                if mimetype == "application/vnd.oasis.opendocument.text":
                    return "odt"
                if mimetype == "application/vnd.oasis.opendocument.spreadsheet":
                    return "ods"
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return _broken_zip_format(data)
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def _broken_zip_format(data: bytes) -> str | None:
    """A zip cut short or damaged: its first entries' names, in the local headers, still
    tell an Office file (then read as one, and refused as broken, not as unknown)."""
    head = data[: 64 * 1024]
    for marker, fmt in ((b"word/", "docx"), (b"xl/", "xlsx")):
        if marker in head and b"[Content_Types].xml" in head:
            return fmt
    if head[30:38] == b"mimetype":
        return "odt" if b"opendocument.text" in head[:200] else "ods"
    return None
